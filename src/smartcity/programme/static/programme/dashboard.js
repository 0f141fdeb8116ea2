// Executive dashboard of the programme: tiles, progress bars by action programme and by unit,
// the Gantt-like timeline, and the overdue / escalation tables, drawn as SVG from the data the
// page embeds (#prog-dashboard-data); a new as-of date or plan fetches the same data again from
// the form's data-url and redraws everything. No third-party code.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var lang = document.documentElement.lang || "vi";
  var L = JSON.parse((document.getElementById("prog-dashboard-labels") || { textContent: "{}" }).textContent);
  var data = JSON.parse((document.getElementById("prog-dashboard-data") || { textContent: "null" }).textContent);
  var uid = 0;

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }
  function text(parent, x, y, content, attrs) {
    var t = el("text", Object.assign({ x: x, y: y }, attrs || {}), parent);
    t.textContent = content;
    return t;
  }
  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function num(v, places) {
    if (v === null || v === undefined || isNaN(v)) return "–";
    return new Intl.NumberFormat(lang, { minimumFractionDigits: places || 0, maximumFractionDigits: places || 0 }).format(v);
  }
  function pct(v) { return num(v, 1) + " %"; }
  function parseDay(s) { return s ? new Date(s + "T00:00:00Z") : null; }
  function dmy(s) {
    var d = parseDay(s);
    if (!d) return "–";
    function p(n) { return (n < 10 ? "0" : "") + n; }
    return p(d.getUTCDate()) + "/" + p(d.getUTCMonth() + 1) + "/" + d.getUTCFullYear();
  }
  function clip(s, n) { s = String(s || ""); return s.length > n ? s.slice(0, Math.max(1, n - 1)) + "…" : s; }
  function widthOf(box) { return Math.max(260, Math.floor(box.clientWidth || box.getBoundingClientRect().width || 600)); }
  function svgRoot(box, w, h, title) {
    box.innerHTML = "";
    var id = "prog-svg-title-" + (++uid);
    var svg = el("svg", { viewBox: "0 0 " + w + " " + h, width: w, height: h, role: "img", "aria-labelledby": id }, box);
    el("title", { id: id }, svg).textContent = title;
    return svg;
  }

  // Horizontal progress bars: one row per entry, 0-100 %; labels beside the bars on wide
  // screens, above them on narrow ones.
  function bars(box, rows, title) {
    if (!box) return;
    var W = widthOf(box), narrow = W < 560;
    var rowH = narrow ? 40 : 26, top = 4, labelW = narrow ? 0 : Math.min(260, Math.round(W * 0.42));
    var valueW = 56, x0 = narrow ? 0 : labelW + 8, plotW = W - x0 - valueW;
    var H = top + rows.length * rowH + 4;
    var svg = svgRoot(box, W, H, title);
    svg.setAttribute("data-n", rows.length);
    [0, 25, 50, 75, 100].forEach(function (g) {
      var gx = x0 + plotW * g / 100;
      el("line", { class: "prog-svg-grid", x1: gx, x2: gx, y1: top, y2: H - 4 }, svg);
    });
    rows.forEach(function (r, i) {
      var y = top + i * rowH, barY = narrow ? y + 20 : y + 5, barH = narrow ? 13 : 15;
      var g = r.url ? el("a", { href: r.url }, svg) : el("g", {}, svg);
      g.setAttribute("class", "prog-svg-row");
      g.setAttribute("data-key", r.key);
      el("title", {}, g).textContent = r.full + ": " + pct(r.value);
      var maxChars = Math.floor((narrow ? W - 8 : labelW) / 6.6);
      text(g, narrow ? 0 : labelW, narrow ? y + 14 : y + 17, clip(r.label, maxChars), { "text-anchor": narrow ? "start" : "end" });
      el("rect", { class: "prog-svg-track", x: x0, y: barY, width: plotW, height: barH, rx: 3 }, g);
      var v = Math.max(0, Math.min(100, r.value || 0));
      el("rect", { class: "prog-svg-fill prog-bar-fill", x: x0, y: barY, width: Math.max(v > 0 ? 2 : 0, plotW * v / 100), height: barH, rx: 3,
        "data-value": v }, g);
      text(g, x0 + plotW + 6, barY + barH - 3, pct(r.value), { class: "prog-svg-muted" });
    });
  }

  // The Gantt-like timeline: rows grouped by programme; each bar spans start-end with its
  // progress filled, a diamond at the deadline, the as-of line across. Positions come from the
  // server (services/gantt.py) as fractions of the axis.
  function gantt(box, tl, asOf) {
    if (!box) return;
    var W = widthOf(box) - 4, narrow = W < 560;
    var labelW = narrow ? 0 : Math.min(300, Math.round(W * 0.36)), x0 = narrow ? 4 : labelW + 10, plotW = W - x0 - 8;
    var rowH = narrow ? 38 : 24, groupH = 24, headH = 46, top = headH;
    var n = 0;
    tl.groups.forEach(function (g) { n += g.rows.length; });
    var H = headH + tl.groups.length * groupH + n * rowH + 8;
    var svg = svgRoot(box, W, H, L.timeline + " · " + L.as_of + " " + dmy(asOf));
    svg.setAttribute("data-rows", n);
    function X(f) { return x0 + plotW * f; }
    el("rect", { class: "prog-g-head", x: 0, y: 0, width: W, height: 22 }, svg);
    var fmt = new Intl.DateTimeFormat(lang, { month: narrow ? "numeric" : "short", timeZone: "UTC" });
    var startYear = parseDay(tl.start).getUTCFullYear();
    text(svg, narrow ? 4 : labelW, 16, String(startYear), { class: "prog-svg-muted", "text-anchor": narrow ? "start" : "end", "font-weight": "700" })
      .setAttribute("visibility", narrow ? "hidden" : "visible");
    tl.ticks.forEach(function (t, i) {
      el("line", { class: "prog-g-tick", x1: X(t.x), x2: X(t.x), y1: 22, y2: H - 4 }, svg);
      var next = i + 1 < tl.ticks.length ? tl.ticks[i + 1].x : 1;
      if ((next - t.x) * plotW < (narrow ? 14 : 26)) return;
      var label = t.month === 1 && t.year !== startYear ? String(t.year) : fmt.format(parseDay(t.date));
      text(svg, X(t.x) + 3, 16, label, { class: "prog-svg-muted" });
    });
    var y = top;
    tl.groups.forEach(function (g) {
      var gt = text(svg, 2, y + 17, clip((g.number ? g.number + " · " : "") + g.title, Math.floor(W / 7)), { class: "prog-g-group" });
      gt.setAttribute("data-group", g.number);
      y += groupH;
      g.rows.forEach(function (r) {
        var cls = "prog-g-row prog-st-" + (r.status && r.status.key || "none") + (r.overdue ? " prog-g-overdue" : " prog-g-ok") +
          (r.dates_given ? "" : " prog-g-inferred");
        var row = r.url ? el("a", { href: r.url, class: cls }, svg) : el("g", { class: cls }, svg);
        row.setAttribute("data-number", r.number);
        var tip = r.number + " " + r.title + " · " + pct(r.progress) + " · " + (r.status ? r.status.name : "") + " · " +
          L.start + " " + dmy(r.start) + " · " + L.end + " " + dmy(r.end) + " · " + L.deadline + " " + dmy(r.deadline) +
          " · " + L.lead + " " + (r.lead ? r.lead.abbreviation : "") + (r.overdue ? " · " + L.overdue : "") +
          (r.clipped_end ? " · " + L.continues : "") + (r.dates_given ? "" : " · " + L.no_dates);
        el("title", {}, row).textContent = tip;
        var maxChars = Math.floor((narrow ? W - 8 : labelW) / 7);
        var label = text(row, narrow ? 4 : labelW, narrow ? y + 13 : y + 16, clip(r.number + " " + r.title, maxChars),
          { "text-anchor": narrow ? "start" : "end", class: "prog-g-label" });
        label.setAttribute("font-size", "12");
        var by = narrow ? y + 18 : y + 5, bh = narrow ? 14 : 14;
        var bx0 = X(r.x0), bx1 = Math.max(X(r.x1), bx0 + 2);
        el("rect", { class: "prog-g-bar", x: bx0, y: by, width: bx1 - bx0, height: bh, rx: 2 }, row);
        var fw = X(r.fill) - bx0;
        if (fw > 0) el("rect", { class: "prog-g-fill", x: bx0, y: by, width: fw, height: bh, rx: 2, "data-progress": r.progress }, row);
        if (r.clipped_end) text(row, bx1 - 9, by + bh - 3, "▸", { fill: "#fff" });
        if (r.deadline_x !== null && r.deadline_x !== undefined) {
          var dx = X(r.deadline_x), dy = by + bh / 2;
          el("path", { class: "prog-g-deadline", d: "M" + dx + " " + (dy - 7) + "l6 7l-6 7l-6 -7z" }, row);
        }
        y += rowH;
      });
    });
    if (tl.as_of_x !== null && tl.as_of_x !== undefined) {
      var ax = X(tl.as_of_x);
      el("line", { class: "prog-g-asof", x1: ax, x2: ax, y1: 24, y2: H - 4, "data-as-of": asOf }, svg);
      var lbl = L.as_of + " " + dmy(asOf);
      var right = ax + 4 + lbl.length * 6.4 < W;
      text(svg, right ? ax + 4 : ax - 4, 38, lbl, { class: "prog-g-asof-label", "text-anchor": right ? "start" : "end", "font-size": "11" });
    }
  }

  function setTile(key, value, alert) {
    var tile = document.querySelector('[data-tile="' + key + '"]');
    if (!tile) return;
    tile.querySelector(".prog-num").textContent = value;
    if (alert !== undefined) tile.classList.toggle("prog-alert", !!alert);
  }
  function setSub(key, value) {
    var node = document.querySelector('[data-sub="' + key + '"]');
    if (node) node.textContent = value;
  }
  function tbody(id, rows, cols, render) {
    var table = document.getElementById(id);
    if (!table) return;
    var body = table.tBodies[0];
    body.innerHTML = rows.length ? rows.map(render).join("") : '<tr class="prog-empty"><td colspan="' + cols + '">' + esc(L.none) + "</td></tr>";
  }
  function more(id, n, shown) {
    var p = document.getElementById(id);
    if (!p) return;
    p.hidden = n <= shown;
    p.querySelector("span").textContent = n;
  }
  function link(url, label) { return url ? '<a href="' + esc(url) + '">' + esc(label) + "</a>" : esc(label); }

  function render(d) {
    data = d;
    var c = d.counts;
    setTile("overall", pct(d.overall));
    setTile("done", c.done + " / " + c.items);
    setTile("behind", String(c.behind), c.behind > 0);
    setTile("overdue_items", String(c.overdue_items), c.overdue_items > 0);
    setTile("overdue_reports", String(c.overdue_reports), c.overdue_reports + c.overdue_unit_plans > 0);
    setSub("overdue_unit_plans", String(c.overdue_unit_plans));
    setTile("open_escalations", String(c.open_escalations), c.open_escalations > 0);
    setSub("oldest_escalation_days", c.oldest_escalation_days === null ? "–" : c.oldest_escalation_days + " " + L.days);
    var asOfLabel = document.querySelector("#prog-as-of-label time");
    if (asOfLabel) { asOfLabel.textContent = dmy(d.as_of); asOfLabel.setAttribute("datetime", d.as_of); }
    draw();
    tbody("prog-overdue-items", d.overdue_items, 5, function (r) {
      return '<tr data-item="' + esc(r.number) + '"><td>' + link(r.url, r.number) + " " + esc(r.title) +
        ' <span class="prog-badge prog-badge-' + esc(r.status.key) + '">' + esc(r.status.name) + "</span></td>" +
        '<td class="prog-hide-sm">' + esc(r.lead.abbreviation) + '</td><td class="prog-date">' + dmy(r.deadline) +
        '</td><td class="prog-n prog-late">' + r.days_overdue + '</td><td class="prog-n prog-hide-sm">' + num(r.progress, 0) + " %</td></tr>";
    });
    tbody("prog-overdue-reports", d.reports.overdue.slice(0, 15), 4, function (r) {
      return "<tr><td>" + esc(r.organisation.abbreviation) + "</td><td>" + link(r.item.url, r.item.number) + "</td><td>" + esc(r.period) +
        '</td><td class="prog-n prog-late">' + r.days_overdue + "</td></tr>";
    });
    more("prog-overdue-reports-more", d.reports.overdue.length, 15);
    tbody("prog-unit-plans", d.reports.unit_plans.slice(0, 10), 4, function (r) {
      return "<tr><td>" + esc(r.organisation.name) + "</td><td>" + esc(r.state_label) + '</td><td class="prog-date">' + dmy(r.due_date) +
        '</td><td class="prog-n prog-late">' + r.days_overdue + "</td></tr>";
    });
    more("prog-unit-plans-more", d.reports.unit_plans.length, 10);
    tbody("prog-escalations", d.escalations.open, 4, function (e) {
      return "<tr><td>" + link(e.url, e.title) + '</td><td class="prog-hide-sm">' + esc(e.unit.abbreviation) + "</td><td>" +
        link(e.item.url, e.item.number) + '</td><td class="prog-n prog-age-' + esc(e.band) + '">' + e.age_days + "</td></tr>";
    });
  }

  function draw() {
    if (!data) return;
    bars(document.getElementById("prog-chart-programmes"), data.programmes.map(function (p) {
      return { key: p.number, label: p.number + " " + p.title, full: p.number + " " + p.title, value: p.progress, url: p.url };
    }), L.programmes);
    bars(document.getElementById("prog-chart-units"), data.units.map(function (u) {
      return { key: u.code, label: u.abbreviation + " (" + u.items + ")", full: u.name, value: u.progress, url: "" };
    }), L.units);
    gantt(document.getElementById("prog-gantt"), data.timeline, data.as_of);
  }

  var form = document.getElementById("prog-dashboard-form");
  var status = document.getElementById("prog-status");
  function refresh() {
    var params = new URLSearchParams(new FormData(form));
    if (!params.get("as_of")) params.delete("as_of");
    status.textContent = L.loading;
    form.setAttribute("aria-busy", "true");
    return fetch(form.getAttribute("data-url") + "?" + params.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (body) { if (!r.ok) throw new Error((body.errors || [r.status]).join(" ")); return body; }); })
      .then(function (d) {
        var planSelect = document.getElementById("prog-plan");
        if (planSelect && d.plan.code !== (data && data.plan.code)) { form.submit(); return; } // another plan: its page
        render(d);
        status.textContent = "";
        history.replaceState(null, "", "?" + params.toString());
      })
      .catch(function (e) { status.textContent = L.failed + " " + e.message; })
      .then(function () { form.removeAttribute("aria-busy"); });
  }
  if (form) {
    form.addEventListener("submit", function (evt) { evt.preventDefault(); refresh(); });
    var asOf = document.getElementById("prog-as-of");
    if (asOf) asOf.addEventListener("change", function () { if (asOf.value) refresh(); });
    var planSelect = document.getElementById("prog-plan");
    if (planSelect) planSelect.addEventListener("change", function () { form.submit(); });
  }
  var timer = null, lastW = window.innerWidth;
  window.addEventListener("resize", function () {
    if (window.innerWidth === lastW) return;
    lastW = window.innerWidth;
    clearTimeout(timer);
    timer = setTimeout(draw, 150);
  });
  window.ProgDashboard = { render: render, refresh: refresh, data: function () { return data; } };
  draw();
})();
