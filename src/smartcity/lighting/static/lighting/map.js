// /lighting/map/: poles with their luminaires coloured by state (on, dimmed, off, fault,
// no recent data) and control cabinets as squares; data from map.json, refreshed each minute.
(function () {
  "use strict";
  var holder = document.getElementById("lt-map");
  var cfgEl = document.getElementById("lt-map-cfg");
  if (!holder || !cfgEl || !window.L) return;
  var cfg = JSON.parse(cfgEl.textContent), L = window.L;
  var map = L.map(holder, { attributionControl: false, preferCanvas: true }).setView([11.053, 106.699], 14);
  var lumLayer = L.layerGroup().addTo(map), cabLayer = L.layerGroup().addTo(map), first = true;
  function esc(s) { return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }
  function load() {
    fetch(cfg.data, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
      lumLayer.clearLayers(); cabLayer.clearLayers();
      var counts = {}, bounds = [];
      d.luminaires.forEach(function (row) {
        var o = {}; d.fields.forEach(function (f, i) { o[f] = row[i]; });
        counts[o.state] = (counts[o.state] || 0) + 1;
        bounds.push([o.lat, o.lon]);
        var m = L.circleMarker([o.lat, o.lon], { radius: 5, weight: 1, color: "#1d2733", fillColor: d.colours[o.state] || "#fff",
          fillOpacity: 0.95, className: "lt-marker lt-" + o.state });
        m.bindPopup("<strong>" + esc(o.code) + "</strong> · " + esc(d.state_labels[o.state]) + "<br>" + esc(o.street) +
          "<br>" + esc(o.technology.toUpperCase()) + " " + esc(o.rated_w) + " W" +
          (o.power != null ? "<br>" + esc(cfg.labels.power) + ": " + esc(o.power) + " W" : "") +
          (o.level != null ? " · " + esc(cfg.labels.level) + ": " + esc(o.level) + " %" : "") +
          '<br><a href="' + esc(d.luminaire_url.replace("__code__", encodeURIComponent(o.code))) + '">' + esc(cfg.labels.open) + " →</a>");
        m.addTo(lumLayer);
      });
      d.cabinets.forEach(function (c) {
        var icon = L.divIcon({ className: "lt-cab-marker", html: '<span class="lt-cab"></span>', iconSize: [14, 14] });
        L.marker([c[2], c[3]], { icon: icon, title: c[0] }).bindPopup("<strong>" + esc(cfg.labels.cabinet) + " " + esc(c[0]) +
          "</strong><br>" + esc(c[1]) + "<br>" + esc(c[4]) + " " + esc(cfg.labels.luminaires) + '<br><a href="' + esc(c[5]) + '">' +
          esc(cfg.labels.open) + " →</a>").addTo(cabLayer);
      });
      document.querySelectorAll(".lt-legend [data-state]").forEach(function (li) {
        li.querySelector("[data-n]").textContent = counts[li.getAttribute("data-state")] || 0;
      });
      holder.setAttribute("data-loaded", d.luminaires.length);
      if (first && bounds.length) { map.fitBounds(bounds, { padding: [20, 20] }); first = false; }
    });
  }
  load();
  setInterval(load, 60000);
})();
