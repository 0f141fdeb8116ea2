// Mobile monitoring: the vehicle's located readings of one day as a line whose segments
// take the colour of the reading that ends them (its VN_AQI band, or a blue-to-red ramp
// between the day's lowest and highest value for parameters without bands).
(function () {
  "use strict";
  var holder = document.getElementById("env-track-map");
  var dataEl = document.getElementById("env-track-data");
  if (!holder || !dataEl || !window.L) return;
  var cfg = JSON.parse(dataEl.textContent);
  var L = window.L, Hub = window.Hub;
  var map = L.map(holder, { attributionControl: !!cfg.tiles, zoomSnap: 0.5 });
  if (cfg.tiles) {
    L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
  } else {
    (cfg.units || []).forEach(function (u) {
      if (u.geometry) L.geoJSON(u.geometry, { interactive: false, style: { color: "#7a8ea3", weight: 1, fillOpacity: 0.03 } }).addTo(map);
      if (u.lat !== null) L.marker([u.lat, u.lon], { interactive: false, keyboard: false,
        icon: L.divIcon({ className: "hub-unit-label", html: "<span>" + Hub.esc(u.name) + "</span>", iconSize: null }) }).addTo(map);
    });
  }
  function ramp(v) {
    var f = cfg.hi > cfg.lo ? (v - cfg.lo) / (cfg.hi - cfg.lo) : 0.5;
    return "hsl(" + Math.round(220 - 220 * f) + ", 85%, 45%)";
  }
  function colour(p) {
    if (p.status !== "valid" || p.value === null) return "#9aa5b1";
    return cfg.banded ? (p.colour || "#9aa5b1") : ramp(p.value);
  }
  var pts = cfg.points;
  var group = L.featureGroup().addTo(map);
  for (var i = 1; i < pts.length; i++) {
    L.polyline([[pts[i - 1].lat, pts[i - 1].lon], [pts[i].lat, pts[i].lon]], { color: colour(pts[i]), weight: 6, opacity: 0.9,
      className: "env-track-seg", interactive: false }).addTo(group);
  }
  pts.forEach(function (p) {
    var m = L.circleMarker([p.lat, p.lon], { radius: 4, color: "#1d2733", weight: 1, fillColor: colour(p), fillOpacity: 1, className: "env-track-pt" }).addTo(group);
    m.bindTooltip(Hub.esc(p.display) + " " + Hub.esc(Hub.unit(cfg.unit)) + " · " + Hub.esc(p.time_label) + (p.band ? " · " + Hub.esc(p.band) : ""));
    var el = m.getElement && m.getElement();
    if (el) { el.setAttribute("data-t", p.t); el.setAttribute("data-colour", colour(p)); }
  });
  if (pts.length > 1) map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 16 });
  else if (pts.length === 1) map.setView([pts[0].lat, pts[0].lon], 15);
  else map.setView([11.05, 106.68], 10);
  group.eachLayer(function (layer) {
    var el = layer.getElement && layer.getElement();
    if (el && layer.getLatLng) el.setAttribute("data-colour", layer.options.fillColor);
  });
  window.EnvTrack = { map: map, group: group };
})();
