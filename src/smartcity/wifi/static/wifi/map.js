// /wifi/: published public Wi-Fi hotspots on a Leaflet map, one circle per hotspot
// coloured by its state (working, not reporting, maintenance, planned); refreshed every
// minute from map.json. No login needed.
(function () {
  "use strict";
  var holder = document.getElementById("wf-map");
  var dataEl = document.getElementById("wf-map-data");
  if (!holder || !dataEl || !window.L) return;
  var cfg = JSON.parse(dataEl.textContent);
  var L = window.L, Hub = window.Hub, labels = cfg.labels;
  var COLOURS = { up: "#2e9d4f", down: "#c62828", maintenance: "#e0a000", planned: "#7b8794", retired: "#3e4c59" };
  var map = L.map(holder, { attributionControl: !!cfg.tiles, zoomSnap: 0.5 });
  if (cfg.tiles) {
    L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
  } else {
    (cfg.units || []).forEach(function (u) {
      if (u.geometry) L.geoJSON(u.geometry, { interactive: false, style: { color: "#7a8ea3", weight: 1, fillOpacity: 0.03 } }).addTo(map);
    });
  }
  var layer = L.layerGroup().addTo(map);

  function popup(h) {
    return '<div class="hub-popup wf-popup" data-slug="' + Hub.esc(h.slug) + '"><strong>' + Hub.esc(h.name) + "</strong>" +
      '<div class="small muted">' + Hub.esc(h.address) + "</div>" +
      '<div><span class="wf-badge wf-badge-' + h.state + '">' + Hub.esc(h.state_label) + "</span></div>" +
      (h.state === "up" && h.users !== null ? "<div>" + h.users + "/" + h.capacity + " " + Hub.esc(labels.users) + "</div>" : "") +
      "<div>" + Hub.esc(labels.ssid) + ": <code>" + Hub.esc(h.ssid) + "</code></div>" +
      "<div>" + Hub.esc(labels.operator) + ": " + Hub.esc(h.operator) + "</div></div>";
  }

  function draw(list, fit) {
    layer.clearLayers();
    var shown = list.filter(function (h) { return h.lat !== null && h.lon !== null; });
    if (fit) {
      var bounds = shown.map(function (h) { return [h.lat, h.lon]; });
      if (bounds.length > 1) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16, animate: false });
      else if (bounds.length === 1) map.setView(bounds[0], 15, { animate: false });
      else map.setView([10.98, 106.66], 11, { animate: false });
    }
    shown.forEach(function (h) {
      var m = L.circleMarker([h.lat, h.lon], {
        radius: 10, weight: 2, color: "#ffffff", fillColor: COLOURS[h.state] || "#7b8794", fillOpacity: 0.95,
        className: "wf-marker wf-marker-" + h.state,
      }).bindPopup(popup(h)).addTo(layer);
      var el = m.getElement && m.getElement();
      if (el) { el.setAttribute("data-slug", h.slug); el.setAttribute("data-state", h.state); }
    });
  }
  var current = cfg.hotspots;
  draw(current, true);

  function refresh() {
    return Hub.getJSON(cfg.json).then(function (d) { current = d.hotspots; draw(current, false); }).catch(function () {});
  }
  window.WifiMap = { refresh: refresh, map: map };
  setInterval(refresh, (cfg.refresh_s || 60) * 1000);
})();
