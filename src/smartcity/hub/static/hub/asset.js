// Asset page: location mini-map, a chart per datastream with a period selector, and the
// latest values refreshed every few seconds.
(function () {
  "use strict";
  var dataEl = document.getElementById("hub-asset-data");
  if (!dataEl || !window.Hub) return;
  var cfg = JSON.parse(dataEl.textContent);
  var Hub = window.Hub, L = window.L;
  var COLOURS = { ok: "#1b8a4b", attention: "#d97706", stale: "#c0262d", nodata: "#7b8794" };
  var SPANS = { "24h": 24 * 3600e3, "7d": 7 * 24 * 3600e3, "30d": 30 * 24 * 3600e3, "1y": 365 * 24 * 3600e3 };
  var AGG = { "24h": "raw", "7d": "1h", "30d": "1h", "1y": "1d" };

  // -- mini-map ------------------------------------------------------------------------
  var mapEl = document.getElementById("hub-minimap");
  var marker = null;
  if (mapEl && L && cfg.lat !== null) {
    var map = L.map(mapEl, { scrollWheelZoom: false, attributionControl: !!cfg.tiles }).setView([cfg.lat, cfg.lon], cfg.tiles ? 15 : 12);
    if (cfg.tiles) {
      L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
    } else {
      (cfg.units || []).forEach(function (u) {
        if (u.geometry) L.geoJSON(u.geometry, { interactive: false, style: { color: "#7a8ea3", weight: 1, fillOpacity: 0.03 } }).addTo(map);
        if (u.lat !== null) {
          L.marker([u.lat, u.lon], { interactive: false, keyboard: false,
            icon: L.divIcon({ className: "hub-unit-label", html: "<span>" + Hub.esc(u.name) + "</span>", iconSize: null }) }).addTo(map);
        }
      });
    }
    marker = L.circleMarker([cfg.lat, cfg.lon], { radius: 9, color: "#fff", weight: 2, fillColor: COLOURS[cfg.state], fillOpacity: 0.95,
      className: "hub-marker" }).addTo(map).bindTooltip(cfg.name);
  }

  // -- charts --------------------------------------------------------------------------
  var state = { range: cfg.range, now: cfg.now * 1000, series: {} };
  cfg.datastreams.forEach(function (d) { state.series[d.id] = d.points; });
  var boxes = {};
  document.querySelectorAll(".hub-chart[data-ds]").forEach(function (b) { boxes[b.getAttribute("data-ds")] = b; });

  function draw() {
    var to = Math.max(state.now, Date.now()), from = to - SPANS[state.range];
    cfg.datastreams.forEach(function (d) {
      var box = boxes[d.id];
      if (box) Hub.chart(box, state.series[d.id] || [], { unit: Hub.unit(d.unit), label: d.label, lang: cfg.lang, from: from, to: to, empty: cfg.labels.no_points });
    });
  }
  draw();
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(draw, 150);
  });

  function loadRange(range) {
    var ids = cfg.datastreams.map(function (d) { return d.id; }).join(",");
    if (!ids) return Promise.resolve();
    var now = Date.now();
    var api = cfg.api.series + "?" + new URLSearchParams({
      datastream: ids, from: new Date(now - SPANS[range]).toISOString(), agg: AGG[range], stat: "avg", limit: "50000"
    }).toString();
    var fallback = cfg.api.fallback_series + "?" + new URLSearchParams({ datastream: ids, range: range }).toString();
    return Hub.read("series", api, fallback, function (d) {
      return d && Array.isArray(d.datastreams) && !d.next; // a paged answer is not complete: use the fallback
    }).then(function (data) {
      if (state.range !== range) return; // another period was chosen meanwhile
      state.series = {};
      data.datastreams.forEach(function (d) { state.series[d.id] = d.points || []; });
      state.now = now;
      draw();
    });
  }

  var note = document.getElementById("hub-range-note");
  document.querySelectorAll(".hub-range").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var range = btn.getAttribute("data-range");
      document.querySelectorAll(".hub-range").forEach(function (b) { b.setAttribute("aria-pressed", b === btn ? "true" : "false"); });
      state.range = range;
      if (note) note.textContent = cfg.labels.loading;
      loadRange(range).then(function () { if (note) note.textContent = ""; }).catch(function (err) {
        if (note) note.textContent = "⚠";
        if (window.console) console.warn("hub series failed", err);
      });
    });
  });

  // -- live values ---------------------------------------------------------------------
  var readings = {};
  function refresh() {
    Hub.latest({ latest: cfg.api.latest, fallback: cfg.api.fallback_latest }, { asset: cfg.asset }).then(function (data) {
      var rows = Hub.byAsset(data.results)[cfg.asset] || [];
      var changed = false;
      rows.forEach(function (r) {
        readings[r.quantity] = r;
        var tr = document.querySelector('.hub-latest tr[data-quantity="' + CSS.escape(r.quantity) + '"]');
        if (tr) {
          tr.querySelector("[data-value]").textContent = Hub.fmt(r.value, cfg.lang);
          tr.querySelector("[data-time]").textContent = Hub.timeLabel(r.t * 1000);
          tr.querySelector("[data-status]").innerHTML = '<span class="hub-status hub-status-' + Hub.esc(r.status) + '">' +
            Hub.esc(cfg.labels.statuses[r.status] || r.status) + "</span>";
        }
        if (state.range === "24h" && r.status === "valid" && r.value !== null) {
          var pts = state.series[r.datastream] || (state.series[r.datastream] = []);
          var lastMs = pts.length ? Date.parse(pts[pts.length - 1][0]) : 0;
          if (r.t * 1000 > lastMs) { pts.push([r.time, r.value]); changed = true; }
        }
      });
      var list = Object.keys(readings).map(function (k) { return readings[k]; });
      var s = Hub.state(list, cfg.interval, Math.floor(Date.now() / 1000));
      var badge = document.getElementById("hub-asset-state");
      if (badge && list.length) { badge.className = "hub-badge hub-st-" + s; badge.textContent = cfg.labels.states[s]; }
      if (marker && list.length) marker.setStyle({ fillColor: COLOURS[s] });
      if (changed) {
        state.now = Date.now();
        var since = state.now - SPANS["24h"];
        Object.keys(state.series).forEach(function (id) {
          state.series[id] = state.series[id].filter(function (p) { return Date.parse(p[0]) >= since; });
        });
        draw();
      }
    }).catch(function (err) {
      if (window.console) console.warn("hub refresh failed", err);
    });
  }
  window.setInterval(refresh, Math.max(5, cfg.refresh_s) * 1000);
  window.HubAsset = { refresh: refresh, loadRange: loadRange };
})();
