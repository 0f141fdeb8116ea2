/* GIS layer pages: the small extent map of /gis/lop/<key>/ and the upload with progress of
   /gis/lop/<key>/nhap/ (posts the form to the API, then polls the job until it is done or
   failed, and shows its validation report). No dependency but Leaflet for the map. */
(function () {
  "use strict";

  function extentMap() {
    var el = document.getElementById("gis-extent-map");
    var data = document.getElementById("gis-extent-data");
    if (!el || !data || typeof L === "undefined") { return; }
    var cfg = JSON.parse(data.textContent);
    var map = L.map(el, {attributionControl: !!cfg.tiles, scrollWheelZoom: false});
    if (cfg.tiles) { L.tileLayer(cfg.tiles, {maxZoom: 19, attribution: cfg.attribution || ""}).addTo(map); }
    // Binh Duong province as a frame of reference, the layer's extent over it
    var province = L.rectangle([[10.85, 106.33], [11.50, 106.98]], {color: "#999", weight: 1, fill: false, dashArray: "4 4"}).addTo(map);
    if (cfg.extent && cfg.extent.length === 4) {
      var e = cfg.extent;
      var rect = L.rectangle([[e[1], e[0]], [e[3], e[2]]], {color: "#c0392b", weight: 2, fillOpacity: 0.15}).addTo(map);
      map.fitBounds(rect.getBounds().pad(0.3), {maxZoom: 16});
    } else {
      map.fitBounds(province.getBounds());
    }
    el.setAttribute("data-ready", "1");
  }

  function importPage() {
    var form = document.getElementById("gis-import-form");
    var cfgEl = document.getElementById("gis-import-config");
    if (!form || !cfgEl) { return; }
    var cfg = JSON.parse(cfgEl.textContent);
    var labels = cfg.labels || {};
    var errorBox = document.getElementById("import-error");
    var progress = document.getElementById("import-progress");
    var bar = document.getElementById("import-bar");
    var percent = document.getElementById("import-percent");
    var statusEl = document.getElementById("import-status");
    var submit = document.getElementById("import-submit");
    var polls = 0;

    function csrf() {
      var input = form.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }

    function showError(text) {
      errorBox.textContent = text;
      errorBox.hidden = false;
      submit.disabled = false;
    }

    function setProgress(job) {
      var p = Math.max(0, Math.min(100, job.progress || 0));
      bar.firstElementChild.style.width = p + "%";
      bar.setAttribute("aria-valuenow", String(p));
      percent.textContent = p + " %";
      statusEl.textContent = labels[job.status] || job.status;
      statusEl.className = "gis-status gis-status-" + job.status;
      progress.setAttribute("data-status", job.status);
    }

    function cell(tr, text) {
      var td = document.createElement("td");
      td.textContent = text === null || text === undefined ? "" : String(text);
      tr.appendChild(td);
      return td;
    }

    function showReport(job) {
      var report = document.getElementById("import-report");
      var summary = document.getElementById("import-summary");
      if (job.status === "failed") {
        summary.textContent = (labels.error || "failed") + ": " + job.error;
        summary.className = "gis-error";
      } else {
        summary.textContent = (labels.summary || "").replace("{imported}", job.imported).replace("{total}", job.total)
          .replace("{repaired}", job.repaired).replace("{rejected}", job.rejected);
        summary.className = "";
      }
      var missing = document.getElementById("import-missing");
      var ul = missing.querySelector("ul");
      ul.textContent = "";
      (job.missing || []).forEach(function (name) {
        var li = document.createElement("li");
        li.textContent = name;
        ul.appendChild(li);
      });
      missing.hidden = !(job.missing && job.missing.length);
      var body = document.querySelector("#import-rows tbody");
      body.textContent = "";
      (job.report || []).forEach(function (row) {
        var tr = document.createElement("tr");
        tr.className = "gis-row-" + row.action;
        tr.setAttribute("data-action", row.action);
        cell(tr, row.index + 1);
        cell(tr, row.fid);
        cell(tr, labels[row.action] || row.action);
        cell(tr, row.reason);
        body.appendChild(tr);
      });
      if (!job.report || !job.report.length) {
        var tr = document.createElement("tr");
        cell(tr, labels.none || "").colSpan = 4;
        body.appendChild(tr);
      }
      report.hidden = false;
      report.setAttribute("data-job", String(job.id));
    }

    function poll(url) {
      polls += 1;
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (job) {
          setProgress(job);
          if (job.status === "done" || job.status === "failed") {
            showReport(job);
            submit.disabled = false;
          } else if (polls < 3600) {  // an hour at most, then the layer page lists the job
            window.setTimeout(function () { poll(url); }, polls < 20 ? 500 : 1500);
          }
        })
        .catch(function () { if (polls < 3600) { window.setTimeout(function () { poll(url); }, 3000); } });
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      errorBox.hidden = true;
      submit.disabled = true;
      document.getElementById("import-report").hidden = true;
      progress.hidden = false;
      statusEl.textContent = labels.uploading || "";
      fetch(cfg.api, {method: "POST", body: new FormData(form), credentials: "same-origin",
                      headers: {"X-CSRFToken": csrf(), "Accept": "application/json"}})
        .then(function (r) { return r.json().then(function (body) { return {ok: r.ok, body: body}; }); })
        .then(function (res) {
          if (!res.ok) {
            progress.hidden = true;
            showError(res.body.detail || res.body.title || "error");
            return;
          }
          setProgress(res.body);
          if (window.history && window.history.replaceState) {
            window.history.replaceState(null, "", "?job=" + res.body.id);
          }
          polls = 0;
          poll(res.body.status_url || res.body.url);
        })
        .catch(function (err) { progress.hidden = true; showError(String(err)); });
    });

    if (cfg.job) { poll(cfg.job); }
  }

  extentMap();
  importPage();
})();
