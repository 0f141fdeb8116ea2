// Station page: location mini-map, the stored index as coloured bars (24 hourly values or
// 30 daily ones) and one chart per parameter (hourly or daily means, hub/chart.js).
(function () {
  "use strict";
  var dataEl = document.getElementById("env-station-data");
  if (!dataEl || !window.Hub) return;
  var cfg = JSON.parse(dataEl.textContent);
  var Hub = window.Hub, L = window.L;
  var HOUR = 3600e3, DAY = 24 * HOUR;
  var NS = "http://www.w3.org/2000/svg";

  var mapEl = document.getElementById("env-minimap");
  if (mapEl && L && cfg.lat !== null) {
    var map = L.map(mapEl, { scrollWheelZoom: false, attributionControl: !!cfg.tiles }).setView([cfg.lat, cfg.lon], cfg.tiles ? 14 : 11);
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
    L.circleMarker([cfg.lat, cfg.lon], { radius: 10, color: "#1d2733", weight: 1.5, fillColor: cfg.colour, fillOpacity: 0.95,
      className: "env-marker" }).addTo(map).bindTooltip(cfg.name);
  }

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  // the index as one coloured bar per hour (or day), height by value, number on top
  function strip(box, rows, range) {
    box.innerHTML = "";
    var W = Math.max(280, Math.round(box.clientWidth || 600)), H = 120, top = 16, bottom = 18;
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "data-n": rows.length, class: "env-strip-svg" }, box);
    var n = range === "24h" ? 24 : 30, step = range === "24h" ? HOUR : DAY;
    var end = range === "24h" ? Math.ceil(Date.now() / HOUR) * HOUR : Math.ceil((Date.now() + Hub.LOCAL_MS) / DAY) * DAY - Hub.LOCAL_MS;
    var start = end - n * step, bw = W / n;
    var max = cfg.family === "wqi" ? 100 : Math.max(100, Math.max.apply(null, rows.map(function (r) { return r.value || 0; })));
    if (!rows.length) {
      el("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, svg).textContent = cfg.labels.no_points;
      return;
    }
    rows.forEach(function (r) {
      var t = r.t * 1000;
      if (t <= start || t > end || r.value === null) return;
      var i = Math.floor((t - start - 1) / step);
      var h = Math.max(2, (r.value / max) * (H - top - bottom));
      var rect = el("rect", { x: i * bw + 1, y: H - bottom - h, width: Math.max(1, bw - 2), height: h, fill: r.colour, stroke: "rgba(0,0,0,.25)" }, svg);
      el("title", {}, rect).textContent = r.value + " · " + Hub.timeLabel(t);
      if (bw >= 16) el("text", { x: i * bw + bw / 2, y: H - bottom - h - 3, "text-anchor": "middle" }, svg).textContent = r.value;
    });
    for (var k = 0; k < n; k += range === "24h" ? 3 : 5) {
      var tt = start + (k + 1) * step;
      el("text", { x: k * bw + bw / 2, y: H - 4, "text-anchor": "middle" }, svg).textContent = range === "24h" ? Hub.shortTime(tt) : Hub.shortDate(tt - step);
    }
  }

  var range = "24h";
  var boxes = {};
  document.querySelectorAll(".hub-chart[data-ds]").forEach(function (b) { boxes[b.getAttribute("data-ds")] = b; });
  function draw() {
    var span = range === "24h" ? DAY : 30 * DAY;
    var to = range === "24h" ? Math.ceil(Date.now() / HOUR) * HOUR : Math.ceil((Date.now() + Hub.LOCAL_MS) / DAY) * DAY - Hub.LOCAL_MS;
    cfg.datastreams.forEach(function (d) {
      var box = boxes[d.id];
      if (box) Hub.chart(box, d.points[range] || [], { unit: Hub.unit(d.unit), label: d.label, lang: cfg.lang, from: to - span, to: to, empty: cfg.labels.no_points });
    });
    var s = document.getElementById("env-index-strip");
    if (s && cfg.history) strip(s, cfg.history[range] || [], range);
  }
  draw();
  document.querySelectorAll(".hub-range").forEach(function (btn) {
    btn.addEventListener("click", function () {
      range = btn.getAttribute("data-range");
      document.querySelectorAll(".hub-range").forEach(function (b) { b.setAttribute("aria-pressed", b === btn ? "true" : "false"); });
      draw();
    });
  });
  var timer = null;
  window.addEventListener("resize", function () { window.clearTimeout(timer); timer = window.setTimeout(draw, 150); });
  window.EnvStation = { draw: draw };
})();
