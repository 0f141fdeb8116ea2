// Sanitation maps (our own code on Leaflet): bins coloured by fill level, and collection
// routes as numbered stops joined by a polyline per truck, with the depot and the disposal
// site. Data from a json_script element; without a tile server the markers stand alone.
(function () {
  "use strict";
  var L = window.L;
  if (!L) return;
  var FILL = { low: "#2e7d32", half: "#f9a825", full: "#c62828", unknown: "#9aa5b1" };

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function base(holder, cfg) {
    var map = L.map(holder, { attributionControl: !!cfg.tiles, zoomSnap: 0.5 });
    if (cfg.tiles) L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
    return map;
  }

  function bins(holder, cfg) {
    var map = base(holder, cfg), group = [];
    cfg.bins.forEach(function (b) {
      var m = L.circleMarker([b.lat, b.lon], { radius: 7, color: "#333", weight: 1, fillColor: FILL[b.cls] || FILL.unknown, fillOpacity: 0.9 });
      m.bindPopup("<strong>" + esc(b.code) + "</strong><br>" + esc(b.name) + "<br>" +
        (b.level == null ? "—" : esc(b.level) + " %") + (b.full_at ? " · " + esc(b.full_at) : "") +
        (b.url ? '<br><a href="' + esc(b.url) + '">›</a>' : ""));
      m.addTo(map);
      group.push([b.lat, b.lon]);
    });
    holder.setAttribute("data-markers", String(cfg.bins.length));
    if (group.length > 1) map.fitBounds(group, { padding: [20, 20] });
    else if (group.length) map.setView(group[0], 16);
    else map.setView([10.98, 106.655], 14);
  }

  function routes(holder, cfg) {
    var map = base(holder, cfg), pts = [], count = 0;
    if (cfg.depot) {
      L.marker([cfg.depot.lat, cfg.depot.lon], { icon: L.divIcon({ className: "san-depot", html: "<span>P</span>", iconSize: [22, 22] }) })
        .bindPopup(esc(cfg.depot.name)).addTo(map);
      pts.push([cfg.depot.lat, cfg.depot.lon]);
    }
    cfg.routes.forEach(function (r) {
      r.trips.forEach(function (trip, k) {
        var line = cfg.depot ? [[cfg.depot.lat, cfg.depot.lon]].concat(trip, [[cfg.depot.lat, cfg.depot.lon]]) : trip;
        L.polyline(line, { color: r.colour, weight: 4, opacity: 0.8, dashArray: k ? "8 6" : null }).addTo(map);
      });
      r.stops.forEach(function (s) {
        var done = s.state === "collected";
        L.marker([s.lat, s.lon], {
          icon: L.divIcon({ className: "san-stop" + (done ? " done" : ""), iconSize: [24, 24],
            html: '<span style="background:' + (done ? "#9aa5b1" : r.colour) + '">' + s.n + "</span>" })
        }).bindPopup("<strong>" + s.n + ". " + esc(s.code) + "</strong><br>" + esc(r.truck) +
          (r.url ? '<br><a href="' + esc(r.url) + "#stop-" + s.n + '">›</a>' : "")).addTo(map);
        pts.push([s.lat, s.lon]);
        count += 1;
      });
    });
    holder.setAttribute("data-stops", String(count));
    if (cfg.disposal) {
      holder.setAttribute("data-disposal", cfg.disposal.name);
    }
    if (pts.length > 1) map.fitBounds(pts, { padding: [24, 24] });
    else map.setView([10.98, 106.655], 14);
  }

  document.querySelectorAll("[data-san-map]").forEach(function (holder) {
    var el = document.getElementById(holder.getAttribute("data-san-map"));
    if (!el) return;
    var cfg = JSON.parse(el.textContent);
    if (cfg.routes) routes(holder, cfg); else bins(holder, cfg);
    holder.classList.add("ready");
  });
})();
