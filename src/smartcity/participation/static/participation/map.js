// Participation maps (Leaflet from xstatic-leaflet): published reports coloured by state,
// one report's place, and the point picker of the public form (a click fills the hidden
// latitude/longitude fields; outside the province the server refuses with a reason).
(function () {
  "use strict";
  var holder = document.getElementById("part-map");
  var dataEl = document.getElementById("part-map-data");
  if (!holder || !dataEl || !window.L) return;
  var cfg = JSON.parse(dataEl.textContent);
  var L = window.L;
  var esc = function (s) { return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); };
  var map = L.map(holder, { attributionControl: !!cfg.tiles });
  if (cfg.tiles) L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
  else L.rectangle(cfg.bounds, { color: "#7a8ea3", weight: 1, fillOpacity: 0.03, interactive: false }).addTo(map);
  var COLOURS = { received: "#6b7280", assigned: "#7c3aed", in_progress: "#d97706", resolved: "#2e7d32", rejected: "#b91c1c" };
  var pts = cfg.points || [], bounds = [];
  pts.forEach(function (p) {
    var m = L.circleMarker([p.lat, p.lon], { radius: 8, weight: 2, color: "#fff", fillColor: COLOURS[p.state] || "#1f6feb",
                                              fillOpacity: 0.95, className: "part-marker" }).addTo(map);
    if (p.url) m.bindPopup("<strong><a href=\"" + esc(p.url) + "\">" + esc(p.code) + "</a></strong><div>" + esc(p.title) + "</div>");
    var el = m.getElement && m.getElement();
    if (el) { el.setAttribute("data-code", p.code); el.setAttribute("data-state", p.state); }
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length > 1) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15, animate: false });
  else if (bounds.length === 1) map.setView(bounds[0], 15, { animate: false });
  else map.setView([10.96, 106.68], 12, { animate: false });
  if (cfg.mode === "pick") {
    var lat = document.getElementById("id_latitude"), lon = document.getElementById("id_longitude");
    var shown = document.getElementById("part-picked"), marker = null;
    var place = function (ll) {
      if (marker) marker.setLatLng(ll); else marker = L.marker(ll, { keyboard: false }).addTo(map);
      lat.value = ll.lat.toFixed(6); lon.value = ll.lng.toFixed(6);
      holder.setAttribute("data-picked", "1");
      if (shown) shown.textContent = lat.value + ", " + lon.value;
    };
    if (lat.value && lon.value) place(L.latLng(parseFloat(lat.value), parseFloat(lon.value)));
    map.on("click", function (e) { place(e.latlng); });
  }
  window.ParticipationMap = { map: map };
})();
