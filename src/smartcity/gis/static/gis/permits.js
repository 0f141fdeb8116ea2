/* The construction permit register map: one canvas-drawn circle per permit (no clustering;
   the canvas renderer keeps thousands of points fast), coloured by status, with a popup
   linking to the permit page. Tiles only when the platform has a tile server; otherwise the
   former districts' outlines give the place. */
(function () {
  "use strict";
  var el = document.getElementById("permit-map");
  if (!el || typeof L === "undefined") { return; }
  function data(id) { var n = document.getElementById(id); return n ? JSON.parse(n.textContent) : null; }
  var points = data("permit-points") || [];
  var colours = data("permit-colours") || {};
  var outline = data("permit-boundaries");
  var base = el.getAttribute("data-detail");
  var map = L.map(el, { preferCanvas: true, zoomSnap: 0.5 });
  var renderer = L.canvas({ padding: 0.3 });
  if (el.getAttribute("data-tiles")) {
    L.tileLayer(el.getAttribute("data-tiles"), { attribution: el.getAttribute("data-attribution") || "", maxZoom: 19 }).addTo(map);
  }
  if (outline && outline.features.length) {
    L.geoJSON(outline, { interactive: false, style: { color: "#7b8794", weight: 1, fill: true, fillColor: "#ffffff", fillOpacity: 0.6 } }).addTo(map);
  }
  function esc(s) { return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }
  var layer = L.layerGroup().addTo(map);
  var bounds = [];
  points.forEach(function (p) {
    if (p.lat == null || p.lon == null) { return; }
    var m = L.circleMarker([p.lat, p.lon], { renderer: renderer, radius: 6, weight: 1, color: "#263238",
      fillColor: colours[p.s] || "#555", fillOpacity: 0.9 });
    m.bindPopup(function () {
      return "<strong><a href=\"" + base + p.id + "/\">" + esc(p.n || p.w) + "</a></strong><br>" + esc(p.st) +
        "<br>" + esc(p.w) + (p.a ? "<br><span class=\"small\">" + esc(p.a) + "</span>" : "");
    });
    m.feature = { id: p.id, status: p.s };
    layer.addLayer(m);
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 }); }
  else { map.setView([11.0, 106.65], 10); }
  el.setAttribute("data-ready", String(bounds.length));
  window.permitMap = map;
})();
