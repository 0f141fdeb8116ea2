// /toilets/map/: published public toilets on a Leaflet map, one circle per toilet coloured
// by its state (free, full, closed, out of order), ringed blue when it has an accessible
// cubicle; refreshed every minute from map.json. No login needed.
(function () {
  "use strict";
  var holder = document.getElementById("wc-map");
  var dataEl = document.getElementById("wc-map-data");
  if (!holder || !dataEl || !window.L) return;
  var cfg = JSON.parse(dataEl.textContent);
  var L = window.L, Hub = window.Hub, labels = cfg.labels;
  var COLOURS = { available: "#2e9d4f", full: "#e0a000", closed: "#7b8794", out_of_order: "#c62828" };
  var SCORE = { good: "#2e9d4f", fair: "#e0a000", poor: "#c62828" };
  var map = L.map(holder, { attributionControl: !!cfg.tiles, zoomSnap: 0.5 });
  if (cfg.tiles) {
    L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
  } else {
    (cfg.units || []).forEach(function (u) {
      if (u.geometry) L.geoJSON(u.geometry, { interactive: false, style: { color: "#7a8ea3", weight: 1, fillOpacity: 0.03 } }).addTo(map);
    });
  }
  var layer = L.layerGroup().addTo(map);
  var onlyAccessible = document.getElementById("wc-accessible-only");

  function popup(t) {
    var score = t.score
      ? '<b style="color:' + SCORE[t.score.band] + '">' + Math.round(t.score.value) + "</b>/100 <span class=\"small muted\">(" + t.score.votes + " " + Hub.esc(labels.votes) + ")</span>"
      : '<span class="muted">' + Hub.esc(labels.no_score) + "</span>";
    return '<div class="hub-popup wc-popup" data-slug="' + Hub.esc(t.slug) + '"><strong>' + Hub.esc(t.name) + "</strong>" +
      '<div class="small muted">' + Hub.esc(t.address) + "</div>" +
      '<div><span class="wc-badge wc-badge-' + t.state + '">' + Hub.esc(t.state_label) + "</span></div>" +
      (t.open && t.free !== null ? "<div>" + t.free + "/" + t.cubicles + " " + Hub.esc(labels.free) + "</div>" : "") +
      "<div>" + Hub.esc(labels.score) + ": " + score + "</div>" +
      "<div>" + Hub.esc(labels.hours) + ": " + Hub.esc(t.hours) + "</div>" +
      (t.accessible ? "<div>♿ " + Hub.esc(labels.accessible) + "</div>" : "") +
      "<div>" + Hub.esc(labels.fee) + ": " + (t.fee ? Hub.fmt(t.fee, cfg.lang) + " đ" : Hub.esc(labels.free_of_charge)) + "</div></div>";
  }

  function draw(toilets, fit) {
    layer.clearLayers();
    var shown = toilets.filter(function (t) {
      return t.lat !== null && t.lon !== null && !(onlyAccessible && onlyAccessible.checked && !t.accessible);
    });
    if (fit) {  // a view first: Leaflet adds layers to a map without one only later
      var bounds = shown.map(function (t) { return [t.lat, t.lon]; });
      if (bounds.length > 1) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16, animate: false });
      else if (bounds.length === 1) map.setView(bounds[0], 15, { animate: false });
      else map.setView([10.98, 106.66], 12, { animate: false });
    }
    shown.forEach(function (t) {
      var m = L.circleMarker([t.lat, t.lon], {
        radius: 11, weight: t.accessible ? 4 : 2, color: t.accessible ? "#1565c0" : "#ffffff",
        fillColor: COLOURS[t.state] || "#7b8794", fillOpacity: 0.95, className: "wc-marker wc-marker-" + t.state,
      }).bindPopup(popup(t)).addTo(layer);
      var el = m.getElement && m.getElement();
      if (el) { el.setAttribute("data-slug", t.slug); el.setAttribute("data-state", t.state); }
    });
  }
  var current = cfg.toilets;
  draw(current, true);
  if (onlyAccessible) onlyAccessible.addEventListener("change", function () { draw(current, false); });

  function refresh() {
    return Hub.getJSON(cfg.json).then(function (d) { current = d.toilets; draw(current, false); }).catch(function () {});
  }
  window.ToiletMap = { refresh: refresh, map: map };
  setInterval(refresh, (cfg.refresh_s || 60) * 1000);
})();
