// Innovation maps (Leaflet from xstatic-leaflet): the network of startup centres, the
// published initiatives, one initiative's place, and the point picker of the public
// initiative form (a click sets the hidden latitude/longitude fields).
(function () {
  "use strict";
  var holder = document.getElementById("inno-map");
  var dataEl = document.getElementById("inno-map-data");
  if (!holder || !dataEl || !window.L) return;
  var cfg = JSON.parse(dataEl.textContent);
  var L = window.L, esc = (window.Hub && window.Hub.esc) || function (s) { return String(s == null ? "" : s); };
  var map = L.map(holder, { attributionControl: !!cfg.tiles, zoomSnap: 0.5 });
  if (cfg.tiles) {
    L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
  } else {
    (cfg.units || []).forEach(function (u) {
      if (u.geometry) L.geoJSON(u.geometry, { interactive: false, style: { color: "#7a8ea3", weight: 1, fillOpacity: 0.03 } }).addTo(map);
    });
  }
  var COLOURS = { public: "#1f6feb", university: "#059669", enterprise: "#d97706", coworking: "#7c3aed",
                  published: "#1f6feb", accepted: "#059669", in_progress: "#d97706", implemented: "#2e7d32" };
  var points = cfg.points || [];
  var bounds = [];
  points.forEach(function (p) {
    var colour = COLOURS[p.kind || p.state] || "#6b7280";
    var m = L.circleMarker([p.lat, p.lon], { radius: 9, weight: 2, color: "#fff", fillColor: colour, fillOpacity: 0.95,
                                              className: "inno-marker" });
    var html = cfg.mode === "centres"
      ? "<strong>" + esc(p.name) + "</strong><div class=\"small\">" + esc(p.kind_label) + "</div><div class=\"small muted\">" + esc(p.address) + "</div>" +
        (p.website ? "<div><a href=\"" + esc(p.website) + "\" rel=\"noopener\">" + esc(p.website) + "</a></div>" : "")
      : "<strong>" + (p.url ? "<a href=\"" + esc(p.url) + "\">" + esc(p.title) + "</a>" : esc(p.title)) + "</strong><div class=\"small\">" + esc(p.ref) + "</div>";
    m.bindPopup(html).addTo(map);
    var el = m.getElement && m.getElement();
    if (el) el.setAttribute("data-id", p.slug || p.ref);
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length > 1) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15, animate: false });
  else if (bounds.length === 1) map.setView(bounds[0], 15, { animate: false });
  else map.setView([10.98, 106.67], 11, { animate: false });

  if (cfg.mode === "pick") {
    var lat = document.getElementById("id_latitude"), lon = document.getElementById("id_longitude");
    var marker = null;
    var place = function (ll) {
      if (marker) marker.setLatLng(ll); else marker = L.marker(ll, { keyboard: false }).addTo(map);
      lat.value = ll.lat.toFixed(6); lon.value = ll.lng.toFixed(6);
      holder.setAttribute("data-picked", "1");
    };
    if (lat && lat.value && lon && lon.value) place(L.latLng(parseFloat(lat.value), parseFloat(lon.value)));
    map.on("click", function (e) { place(e.latlng); });
    var clear = document.getElementById("inno-clear-point");
    if (clear) clear.addEventListener("click", function () {
      if (marker) { map.removeLayer(marker); marker = null; }
      lat.value = ""; lon.value = ""; holder.removeAttribute("data-picked");
    });
  }
  window.InnovationMap = { map: map };
})();
