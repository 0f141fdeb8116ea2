// /environment/: stations on a Leaflet map coloured by the band of their current VN_AQI
// (air) or VN_WQI (water), grey when the index is old or missing; refreshed every minute
// from stations.json. Without a tile server the administrative units give context.
(function () {
  "use strict";
  var holder = document.getElementById("env-map");
  var dataEl = document.getElementById("env-map-data");
  if (!holder || !dataEl || !window.L) return;
  var cfg = JSON.parse(dataEl.textContent);
  var L = window.L, Hub = window.Hub, labels = cfg.labels;
  var GREY = "#9aa5b1";

  var map = L.map(holder, { attributionControl: !!cfg.tiles, zoomSnap: 0.5 });
  if (cfg.tiles) {
    L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
  } else {
    map.createPane("units");
    map.getPane("units").style.zIndex = 350;
    (cfg.units || []).forEach(function (u) {
      if (u.geometry) L.geoJSON(u.geometry, { pane: "units", interactive: false, style: { color: "#7a8ea3", weight: 1, fillOpacity: 0.03 } }).addTo(map);
      if (u.lat !== null && u.lon !== null) {
        L.marker([u.lat, u.lon], { pane: "units", interactive: false, keyboard: false,
          icon: L.divIcon({ className: "hub-unit-label", html: "<span>" + Hub.esc(u.name) + "</span>", iconSize: null }) }).addTo(map);
      }
    });
  }

  function state(s) {
    if (!s.index) return "noindex";
    return s.index.state === "ok" && s.index.band ? "band-" + s.index.band.code : s.index.state;
  }
  function colour(s) {
    if (!s.index) return "#ffffff";
    return s.index.state === "ok" && s.index.band ? s.index.band.colour : GREY;
  }
  function indexName(s) { return s.family === "wqi" ? labels.wqi : labels.aqi; }

  function popup(s) {
    var html = '<div class="hub-popup env-popup"><strong>' + Hub.esc(s.name) + "</strong>" +
      '<div class="muted small">' + Hub.esc(s.kind_label) + " · " + Hub.esc(s.source) + "</div>";
    if (!s.index) {
      html += '<div class="muted small">' + Hub.esc(labels.noindex) + "</div>";
    } else if (s.index.state === "ok" && s.index.band) {
      var b = s.index.band;
      html += '<div class="env-pop-index" style="background:' + b.colour + ";color:" + b.text + '"><b>' + s.index.value + "</b> " +
        Hub.esc(indexName(s)) + " · " + Hub.esc(cfg.lang === "en" ? b.name_en : b.name_vi) + "</div>";
      if (s.index.dominant_label) html += '<div class="small">' + Hub.esc(s.family === "wqi" ? labels.lowest : labels.dominant) + ": <b>" + Hub.esc(s.index.dominant_label) + "</b></div>";
      html += '<div class="small">' + Hub.esc(cfg.lang === "en" ? b.advice_en : b.advice_vi) + "</div>";
      html += '<div class="muted small">' + Hub.esc(labels.updated) + ": " + Hub.timeLabel(s.index.t * 1000) + "</div>";
    } else {
      html += '<div class="muted small">' + Hub.esc(s.index.state === "stale" ? labels.stale : labels.nodata) + "</div>";
    }
    html += '<a class="hub-open" href="' + Hub.esc(s.url) + '">' + Hub.esc(labels.open) + " →</a></div>";
    return html;
  }

  function style(s) {
    var st = state(s);
    return { radius: 10, color: st === "noindex" ? "#0b5d8f" : "#1d2733", weight: st === "noindex" ? 2.5 : 1.5,
      fillColor: colour(s), fillOpacity: 0.95, className: "env-marker env-marker-" + st };
  }

  var markers = {}, points = [];
  cfg.stations.forEach(function (s) {
    var m = L.circleMarker([s.lat, s.lon], style(s)).addTo(map);
    m.bindPopup(function () { return popup(markers[s.code].station); }, { maxWidth: 300, autoPanPadding: [12, 12] });
    var tip = s.short_name + (s.index && s.index.state === "ok" ? " · " + s.index.value : "");
    m.bindTooltip(tip, { direction: "top", offset: [0, -10] });
    markers[s.code] = { marker: m, station: s };
    points.push([s.lat, s.lon]);
  });
  if (points.length > 1) map.fitBounds(points, { padding: [28, 28], maxZoom: 14 });
  else if (points.length === 1) map.setView(points[0], 13);
  else map.setView([11.05, 106.68], 10);
  function tag() {
    Object.keys(markers).forEach(function (code) {
      var el = markers[code].marker.getElement();
      if (el) { el.setAttribute("data-code", code); el.setAttribute("data-colour", colour(markers[code].station)); }
    });
  }
  tag();

  // the list: a click beside the link shows the station on the map
  document.querySelectorAll(".env-item[data-code], .env-bar[data-code]").forEach(function (li) {
    li.addEventListener("click", function (e) {
      if (e.target.closest("a")) return;
      var item = markers[li.getAttribute("data-code")];
      if (!item) return;
      map.setView(item.marker.getLatLng(), Math.max(map.getZoom(), 13));
      item.marker.openPopup();
    });
  });

  function updateList(s) {
    var li = document.querySelector('.env-item[data-code="' + CSS.escape(s.code) + '"]');
    if (!li) return;
    li.querySelector("[data-swatch]").style.background = colour(s);
    var v = li.querySelector("[data-value]");
    if (!s.index) v.innerHTML = "";
    else if (s.index.state === "ok") v.innerHTML = "<b>" + s.index.value + "</b> " + Hub.esc(indexName(s));
    else v.innerHTML = '<span class="muted small">' + Hub.esc(labels.stale) + "</span>";
    var bar = document.querySelector('.env-bar[data-code="' + CSS.escape(s.code) + '"]');
    if (bar && s.index && s.index.state === "ok" && s.index.band) {
      var scale = s.family === "wqi" ? 100 : 300;
      bar.setAttribute("data-value", s.index.value);
      var fill = bar.querySelector(".env-bar-fill"), num = bar.querySelector(".env-bar-num");
      fill.style.width = Math.min(100, s.index.value / scale * 100) + "%";
      fill.style.background = s.index.band.colour;
      num.textContent = s.index.value;
      num.style.background = s.index.band.colour;
      num.style.color = s.index.band.text;
    }
  }

  function resort(family, worstHigh) {
    var ol = document.querySelector('.env-bars[data-family="' + family + '"]');
    if (!ol) return;
    var items = Array.prototype.slice.call(ol.children);
    items.sort(function (a, b) {
      var d = Number(a.getAttribute("data-value")) - Number(b.getAttribute("data-value"));
      return worstHigh ? -d : d;
    });
    items.forEach(function (li) { ol.appendChild(li); });
  }

  function refresh() {
    return Hub.getJSON(cfg.json).then(function (data) {
      data.stations.forEach(function (s) {
        var item = markers[s.code];
        if (!item) return;
        item.station = s;
        item.marker.setStyle(style(s));
        item.marker.setTooltipContent(s.short_name + (s.index && s.index.state === "ok" ? " · " + s.index.value : ""));
        var el = item.marker.getElement();
        if (el) el.setAttribute("class", "env-marker env-marker-" + state(s) + " leaflet-interactive");
        if (item.marker.isPopupOpen()) item.marker.setPopupContent(popup(s));
        updateList(s);
      });
      tag();
      resort("aqi", true);
      resort("wqi", false);
      var note = document.querySelector("#env-refresh [data-refreshed]");
      if (note) note.textContent = labels.refreshed + ": " + Hub.timeLabel(Date.now());
    }).catch(function (err) {
      if (window.console) console.warn("refresh failed", err);
    });
  }
  window.setInterval(refresh, Math.max(10, cfg.refresh_s) * 1000);
  window.EnvMap = { map: map, markers: markers, refresh: refresh };
})();
