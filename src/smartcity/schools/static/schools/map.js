// Schools of the programme on a Leaflet map: the overview colours each school by its
// result of the chosen school year; a school's page shows its position.
(function () {
  "use strict";
  var L = window.L;
  if (!L) return;
  var COLOURS = { recognised: "#2e9d4f", not_yet: "#d64545", in_progress: "#e0a000", none: "#9aa5b1" };
  function esc(t) {
    return String(t == null ? "" : t).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function base(map, cfg) {
    if (cfg.tiles) L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
    else (cfg.units || []).forEach(function (u) {
      if (u.geometry) L.geoJSON(u.geometry, { interactive: false, style: { color: "#7a8ea3", weight: 1, fillOpacity: 0.03 } }).addTo(map);
      else if (u.lat !== null && u.lon !== null) {  // no outline stored: the district's name at its centre
        L.circleMarker([u.lat, u.lon], { radius: 0, opacity: 0, interactive: false })
          .bindTooltip(esc(u.name), { permanent: true, direction: "center", className: "sch-unit-label" }).addTo(map);
      }
    });
  }
  var holder = document.getElementById("sch-map"), dataEl = document.getElementById("sch-map-data");
  if (holder && dataEl) {
    var cfg = JSON.parse(dataEl.textContent), labels = cfg.labels;
    var map = L.map(holder, { attributionControl: !!cfg.tiles, zoomSnap: 0.5 });
    base(map, cfg);
    var pts = cfg.schools.map(function (s) { return [s.lat, s.lon]; });
    if (pts.length > 1) map.fitBounds(pts, { padding: [20, 20], animate: false });
    else map.setView(pts[0] || [11.0, 106.65], 11, { animate: false });
    cfg.schools.forEach(function (s) {
      var m = L.circleMarker([s.lat, s.lon], { radius: 8, weight: 2, color: "#fff", fillColor: COLOURS[s.colour] || "#9aa5b1",
        fillOpacity: 0.95, className: "sch-marker sch-marker-" + s.colour }).addTo(map);
      m.bindPopup('<div class="sch-popup" data-code="' + esc(s.code) + '"><strong>' + esc(s.name) + "</strong>" +
        '<div class="small muted">' + esc(s.ward) + " · " + esc(s.district) + "</div><div>" + esc(s.state) + "</div>" +
        (s.total !== null ? "<div>" + esc(labels.total) + ": <b>" + s.total.toFixed(1) + "</b> %</div>" : "") +
        "<div>" + esc(labels.pupils) + ": " + s.pupils + '</div><a href="' + esc(s.url) + '">' + esc(labels.open) + "</a></div>");
      var el = m.getElement && m.getElement();
      if (el) { el.setAttribute("data-code", s.code); el.setAttribute("data-colour", s.colour); }
    });
  }
  var point = document.getElementById("sch-point"), pointEl = document.getElementById("sch-point-data");
  if (point && pointEl) {
    var p = JSON.parse(pointEl.textContent);
    var mini = L.map(point, { attributionControl: !!p.tiles }).setView([p.lat, p.lon], 15);
    if (p.tiles) L.tileLayer(p.tiles, { maxZoom: 19 }).addTo(mini);
    L.circleMarker([p.lat, p.lon], { radius: 9, color: "#1f6feb", fillOpacity: 0.8 }).addTo(mini).bindTooltip(esc(p.name));
  }
})();
