// A small SVG line/area chart for time series: nice value ticks, local-time axis, gaps
// where readings are missing, a marker on the newest value and a hover/touch read-out.
(function () {
  "use strict";
  var Hub = (window.Hub = window.Hub || {});
  var NS = "http://www.w3.org/2000/svg";
  var HOUR = 3600e3, DAY = 24 * HOUR;
  var STEPS = [5 * 60e3, 15 * 60e3, 30 * 60e3, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 61 * DAY, 91 * DAY];

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  // round numbers for the value axis (1, 2, 2.5, 5 x 10^n)
  function niceTicks(lo, hi, count) {
    if (lo === hi) { lo -= 1; hi += 1; }
    var raw = (hi - lo) / count;
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 2.5, 5, 10].map(function (m) { return m * mag; }).filter(function (s) { return s >= raw; })[0];
    var start = Math.floor(lo / step) * step, end = Math.ceil(hi / step) * step;
    var ticks = [];
    for (var v = start; v <= end + step / 2 && ticks.length < 20; v += step) ticks.push(Math.round(v / step) * step);
    return ticks;
  }

  function timeTicks(from, to, maxTicks) {
    var step = STEPS.filter(function (s) { return (to - from) / s <= maxTicks; })[0] || STEPS[STEPS.length - 1];
    var first = Math.ceil((from + Hub.LOCAL_MS) / step) * step - Hub.LOCAL_MS; // aligned on local time
    var ticks = [];
    for (var t = first; t <= to && ticks.length < 40; t += step) ticks.push(t);
    return { ticks: ticks, step: step };
  }

  // at most ~1 point per pixel column: means per column keep the shape, cost stays flat
  function thin(pts, width) {
    if (pts.length <= width * 1.5) return pts;
    var t0 = pts[0][0], span = pts[pts.length - 1][0] - t0 || 1, out = [], col = -1, sumT = 0, sumV = 0, n = 0;
    pts.forEach(function (p) {
      var c = Math.floor((p[0] - t0) / span * width);
      if (c !== col && n) { out.push([sumT / n, sumV / n]); sumT = sumV = n = 0; }
      col = c; sumT += p[0]; sumV += p[1]; n += 1;
    });
    if (n) out.push([sumT / n, sumV / n]);
    return out;
  }

  /**
   * Draw `points` ([[ISO time, value], ...]) into `box`.
   * opts: {unit, lang, from, to (ms), height, empty (text when no points)}
   */
  Hub.chart = function (box, points, opts) {
    opts = opts || {};
    var pts = (points || []).map(function (p) { return [Date.parse(p[0]), p[1]]; })
      .filter(function (p) { return !isNaN(p[0]) && p[1] !== null && isFinite(p[1]); })
      .sort(function (a, b) { return a[0] - b[0]; });
    var W = Math.max(240, Math.round(box.clientWidth || 600)), H = opts.height || 200;
    var m = { l: 46, r: 12, t: 10, b: 24 };
    box.innerHTML = "";
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, class: "hub-chart-svg", role: "img", "data-n": pts.length,
      "aria-label": (opts.label || "") + (opts.unit ? " (" + opts.unit + ")" : "") }, box);
    var from = opts.from || (pts.length ? pts[0][0] : Date.now() - DAY);
    var to = opts.to || (pts.length ? pts[pts.length - 1][0] : Date.now());
    if (to <= from) to = from + HOUR;
    var pw = W - m.l - m.r, ph = H - m.t - m.b;
    var x = function (t) { return m.l + (t - from) / (to - from) * pw; };

    // time axis
    var axis = el("g", { class: "hub-axis" }, svg), grid = el("g", { class: "hub-grid" }, svg);
    var tt = timeTicks(from, to, Math.max(2, Math.floor(pw / 70)));
    tt.ticks.forEach(function (t) {
      var p = Hub.local(t), label;
      if (tt.step >= DAY) label = Hub.shortDate(t);
      else if (p.h === 0 && p.mi === 0) label = Hub.shortDate(t);
      else label = Hub.shortTime(t);
      el("line", { x1: x(t), x2: x(t), y1: m.t, y2: m.t + ph }, grid);
      el("text", { x: x(t), y: H - 6, "text-anchor": "middle" }, axis).textContent = label;
    });

    if (!pts.length) {
      el("line", { class: "hub-baseline", x1: m.l, x2: m.l + pw, y1: m.t + ph, y2: m.t + ph }, svg);
      el("text", { class: "hub-empty", x: m.l + pw / 2, y: m.t + ph / 2, "text-anchor": "middle" }, svg).textContent = opts.empty || "–";
      return svg;
    }
    pts = thin(pts, pw);
    var lo = Infinity, hi = -Infinity;
    pts.forEach(function (p) { if (p[1] < lo) lo = p[1]; if (p[1] > hi) hi = p[1]; });
    if (lo >= 0 && lo < (hi - lo) * 0.6) lo = 0; // levels that start near zero keep zero in view
    var ticks = niceTicks(lo, hi, 4);
    var ylo = ticks[0], yhi = ticks[ticks.length - 1];
    var y = function (v) { return m.t + ph - (v - ylo) / (yhi - ylo) * ph; };
    ticks.forEach(function (v) {
      el("line", { x1: m.l, x2: m.l + pw, y1: y(v), y2: y(v) }, grid);
      el("text", { x: m.l - 6, y: y(v) + 4, "text-anchor": "end" }, axis).textContent = Hub.fmt(v, opts.lang);
    });
    el("line", { class: "hub-baseline", x1: m.l, x2: m.l + pw, y1: m.t + ph, y2: m.t + ph }, svg);

    // segments: a gap of more than three usual spacings breaks the line
    var gaps = [];
    for (var i = 1; i < pts.length; i++) gaps.push(pts[i][0] - pts[i - 1][0]);
    var usual = gaps.length ? gaps.slice().sort(function (a, b) { return a - b; })[Math.floor(gaps.length / 2)] : 0;
    var segments = [[pts[0]]];
    for (i = 1; i < pts.length; i++) {
      if (usual && pts[i][0] - pts[i - 1][0] > 3 * usual) segments.push([]);
      segments[segments.length - 1].push(pts[i]);
    }
    var line = "", area = "", base = y(ylo);
    segments.forEach(function (seg) {
      var d = seg.map(function (p, k) { return (k ? "L" : "M") + x(p[0]).toFixed(1) + " " + y(p[1]).toFixed(1); }).join("");
      line += d;
      area += "M" + x(seg[0][0]).toFixed(1) + " " + base.toFixed(1) + d.replace(/^M/, "L") +
        "L" + x(seg[seg.length - 1][0]).toFixed(1) + " " + base.toFixed(1) + "Z";
    });
    el("path", { class: "hub-area", d: area }, svg);
    el("path", { class: "hub-line", d: line }, svg);
    var last = pts[pts.length - 1];
    el("circle", { class: "hub-last", cx: x(last[0]), cy: y(last[1]), r: 3.5 }, svg);

    // read-out under the pointer (mouse or finger)
    var cursor = el("g", { class: "hub-cursor", visibility: "hidden" }, svg);
    var vline = el("line", { y1: m.t, y2: m.t + ph }, cursor);
    var dot = el("circle", { r: 4 }, cursor);
    var bg = el("rect", { height: 20 }, cursor);
    var txt = el("text", {}, cursor);
    var hit = el("rect", { x: m.l, y: m.t, width: pw, height: ph, fill: "transparent" }, svg);
    function show(evt) {
      var r = svg.getBoundingClientRect();
      var px = (evt.clientX - r.left) * W / r.width;
      var t = from + (px - m.l) / pw * (to - from);
      var lo2 = 0, hi2 = pts.length - 1;
      while (hi2 - lo2 > 1) { var mid = (lo2 + hi2) >> 1; if (pts[mid][0] < t) lo2 = mid; else hi2 = mid; }
      var p = Math.abs(pts[lo2][0] - t) < Math.abs(pts[hi2][0] - t) ? pts[lo2] : pts[hi2];
      var cx = x(p[0]), cy = y(p[1]);
      vline.setAttribute("x1", cx); vline.setAttribute("x2", cx);
      dot.setAttribute("cx", cx); dot.setAttribute("cy", cy);
      txt.textContent = Hub.fmt(p[1], opts.lang) + " " + (opts.unit || "") + " · " + Hub.timeLabel(p[0]);
      var tw = txt.getComputedTextLength ? txt.getComputedTextLength() : 120;
      var bx = Math.min(Math.max(m.l, cx - tw / 2 - 6), W - m.r - tw - 12);
      bg.setAttribute("x", bx); bg.setAttribute("y", m.t); bg.setAttribute("width", tw + 12);
      txt.setAttribute("x", bx + 6); txt.setAttribute("y", m.t + 14);
      cursor.setAttribute("visibility", "visible");
    }
    hit.addEventListener("pointermove", show);
    hit.addEventListener("pointerdown", show);
    hit.addEventListener("pointerleave", function () { cursor.setAttribute("visibility", "hidden"); });
    return svg;
  };
})();
