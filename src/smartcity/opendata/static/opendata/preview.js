// Dataset page: a small Leaflet map of a GeoJSON resource, loaded from the preview URL
// (which does not count as a download). Points as circles, lines and areas as outlines.
(function () {
  "use strict";
  var holder = document.getElementById("od-map");
  var dataEl = document.getElementById("od-map-data");
  if (!holder || !dataEl || !window.L) return;
  var cfg = JSON.parse(dataEl.textContent);
  var L = window.L;
  var map = L.map(holder, { attributionControl: !!cfg.tiles });
  if (cfg.tiles) {
    L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
  } else {  // no tile server on a closed network: the wards' outlines as a background
    (cfg.units || []).forEach(function (u) {
      if (u.geometry) L.geoJSON(u.geometry, { interactive: false, style: { color: "#7a8ea3", weight: 1, fillOpacity: 0.03 } }).addTo(map);
    });
  }
  map.setView([11.0, 106.65], 10);
  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  fetch(cfg.url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    var layer = L.geoJSON(data, {
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: 5, color: "#0b5d8f", weight: 1, fillOpacity: 0.8, className: "od-point" });
      },
      style: function () { return { color: "#0b5d8f", weight: 2, fillOpacity: 0.15 }; },
      onEachFeature: function (f, lyr) {
        var p = f.properties || {}, rows = [];
        Object.keys(p).slice(0, 8).forEach(function (k) { rows.push("<b>" + esc(k) + "</b>: " + esc(p[k])); });
        lyr.bindPopup(rows.join("<br>"));
      }
    }).addTo(map);
    holder.setAttribute("data-features", String((data.features || []).length));
    var bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { maxZoom: 15, padding: [12, 12] });
  });
})();
