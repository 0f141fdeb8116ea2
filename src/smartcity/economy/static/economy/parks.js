// /economy/parks/ and a park's page: industrial parks on a Leaflet map, one circle per park
// sized by its area and coloured by occupancy; a popup links to the park's page.
(function () {
  "use strict";
  var holder = document.getElementById("eco-map");
  var dataEl = document.getElementById("eco-map-data");
  if (!holder || !dataEl || !window.L) return;
  var cfg = JSON.parse(dataEl.textContent);
  var L = window.L;
  var esc = (window.Hub && window.Hub.esc) || function (s) { return String(s == null ? "" : s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }); };
  var map = L.map(holder, { attributionControl: !!cfg.tiles, zoomSnap: 0.5 });
  if (cfg.tiles) {
    L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
  } else {
    (cfg.units || []).forEach(function (u) {
      if (u.geometry) L.geoJSON(u.geometry, { interactive: false, style: { color: "#7a8ea3", weight: 1, fillOpacity: 0.03 } }).addTo(map);
    });
  }
  function colour(occ) {
    if (occ === null || occ === undefined) return "#7b8794";
    return occ >= 95 ? "#c62828" : occ >= 80 ? "#e0a000" : "#2e9d4f";
  }
  var parks = cfg.parks || [];
  var bounds = parks.map(function (p) { return [p.lat, p.lon]; });
  if (bounds.length > 1) map.fitBounds(bounds, { padding: [30, 30], animate: false });
  else if (bounds.length === 1) map.setView(bounds[0], 13, { animate: false });
  else map.setView([11.05, 106.68], 10, { animate: false });
  parks.forEach(function (p) {
    var r = Math.max(7, Math.min(22, Math.sqrt(p.area || 100) / 1.6));
    var m = L.circleMarker([p.lat, p.lon], { radius: r, weight: 2, color: "#ffffff", fillColor: colour(p.occupancy), fillOpacity: 0.9,
      className: "eco-park-marker" }).bindPopup(
      '<div class="hub-popup"><strong><a href="/economy/parks/' + esc(p.code) + '/">' + esc(p.name) + "</a></strong>" +
      (p.area !== null ? "<div>" + esc(p.area) + " ha</div>" : "") +
      (p.occupancy !== null ? "<div>" + esc(p.occupancy) + " %</div>" : "") +
      (p.enterprises !== null && p.enterprises !== undefined ? "<div>" + esc(p.enterprises) + " DN</div>" : "") + "</div>").addTo(map);
    var el = m.getElement && m.getElement();
    if (el) el.setAttribute("data-code", p.code);
  });
  window.EconomyMap = map;
})();
