// /hub/: assets on a Leaflet map, coloured by freshness, with popups and a list that
// refreshes every few seconds. Without a tile server the administrative units give context.
(function () {
  "use strict";
  var holder = document.getElementById("hub-map");
  var dataEl = document.getElementById("hub-map-data");
  if (!holder || !dataEl || !window.L) return;
  var cfg = JSON.parse(dataEl.textContent);
  var L = window.L, Hub = window.Hub;
  var COLOURS = { ok: "#1b8a4b", attention: "#d97706", stale: "#c0262d", nodata: "#7b8794" };
  var labels = cfg.labels;

  var filters = document.getElementById("hub-filters");
  if (filters) {
    filters.querySelectorAll("select").forEach(function (s) {
      s.addEventListener("change", function () { filters.submit(); });
    });
  }

  var map = L.map(holder, { attributionControl: !!cfg.tiles, zoomSnap: 0.5 });
  if (cfg.tiles) {
    L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
  } else {
    drawUnits(cfg.units);
  }

  function drawUnits(units) {
    map.createPane("units");
    map.getPane("units").style.zIndex = 350; // under the asset markers
    units.forEach(function (u) {
      if (u.geometry) {
        L.geoJSON(u.geometry, { pane: "units", interactive: false, style: { color: "#7a8ea3", weight: 1, fillOpacity: 0.03 } }).addTo(map);
      }
      if (u.lat !== null && u.lon !== null) {
        L.circleMarker([u.lat, u.lon], { pane: "units", radius: 3, color: "#7a8ea3", weight: 1, fillOpacity: 0.6, interactive: false }).addTo(map);
        L.marker([u.lat, u.lon], {
          pane: "units", interactive: false, keyboard: false,
          icon: L.divIcon({ className: "hub-unit-label", html: "<span>" + Hub.esc(u.name) + "</span>", iconSize: null })
        }).addTo(map);
      }
    });
  }

  function style(state) {
    return { radius: 8, color: "#fff", weight: 2, fillColor: COLOURS[state] || COLOURS.nodata, fillOpacity: 0.95,
      className: "hub-marker hub-marker-" + state };
  }

  function popup(a) {
    var html = '<div class="hub-popup"><strong>' + Hub.esc(a.name) + "</strong>" +
      '<div class="muted small">' + Hub.esc(a.type_name) + " · " + Hub.esc(a.owner_short) + "</div>" +
      '<span class="hub-badge hub-st-' + a.state + '">' + Hub.esc(labels.states[a.state]) + "</span>";
    if (a.readings.length) {
      html += "<table><tbody>";
      a.readings.slice(0, 8).forEach(function (r) {
        html += "<tr><td>" + Hub.esc(r.label || r.quantity) + '</td><td class="num"><b>' + Hub.esc(Hub.fmt(r.value, cfg.lang)) +
          "</b> " + Hub.esc(Hub.unit(r.unit)) + "</td></tr>";
      });
      html += "</tbody></table>";
      var newest = Math.max.apply(null, a.readings.map(function (r) { return r.t; }));
      html += '<div class="muted small">' + Hub.esc(labels.updated) + ": " + Hub.timeLabel(newest * 1000) + "</div>";
    } else {
      html += '<div class="muted small">' + Hub.esc(labels.no_data) + "</div>";
    }
    html += '<a class="hub-open" href="' + Hub.esc(a.url) + '">' + Hub.esc(labels.open) + " →</a></div>";
    return html;
  }

  var markers = {};
  var points = [];
  cfg.assets.forEach(function (a) {
    var m = L.circleMarker([a.lat, a.lon], style(a.state)).addTo(map);
    m.bindPopup(function () { return popup(a); }, { maxWidth: 280, autoPanPadding: [12, 12] });
    m.bindTooltip(a.name, { direction: "top", offset: [0, -8] });
    markers[a.slug] = { marker: m, asset: a };
    points.push([a.lat, a.lon]);
  });
  if (points.length > 1) {
    map.fitBounds(points, { padding: [24, 24], maxZoom: 15 });
  } else if (points.length === 1) {
    map.setView(points[0], 14);
  } else {
    var centres = cfg.units.filter(function (u) { return u.lat !== null; }).map(function (u) { return [u.lat, u.lon]; });
    if (centres.length > 1) map.fitBounds(centres, { padding: [24, 24] });
    else map.setView([11.05, 106.68], 10);
  }
  // the markers' SVG paths exist once the map has a view: name them for people and tests
  Object.keys(markers).forEach(function (slug) {
    var el = markers[slug].marker.getElement();
    if (el) el.setAttribute("data-slug", slug);
  });

  // the list: a click on a row (not on its link) shows the asset on the map
  document.querySelectorAll(".hub-table tr[data-slug]").forEach(function (tr) {
    tr.addEventListener("click", function (e) {
      if (e.target.closest("a")) return;
      var item = markers[tr.getAttribute("data-slug")];
      if (!item) return;
      map.setView(item.marker.getLatLng(), Math.max(map.getZoom(), 15));
      item.marker.openPopup();
      holder.scrollIntoView({ behavior: "smooth", block: "center" });
    });
  });

  function updateRow(a) {
    var tr = document.querySelector('.hub-table tr[data-slug="' + CSS.escape(a.slug) + '"]');
    if (!tr) return;
    var badge = tr.querySelector("[data-state]");
    badge.className = "hub-badge hub-st-" + a.state;
    badge.textContent = labels.states[a.state];
    var main = a.readings[0];
    if (main) {
      tr.querySelector("[data-main]").innerHTML = '<span class="muted small">' + Hub.esc(main.label || main.quantity) + "</span><br><b>" +
        Hub.esc(Hub.fmt(main.value, cfg.lang)) + '</b> <span class="small">' + Hub.esc(Hub.unit(main.unit)) + "</span>";
      var newest = Math.max.apply(null, a.readings.map(function (r) { return r.t; }));
      tr.querySelector("[data-time]").textContent = Hub.timeLabel(newest * 1000);
    }
  }

  function refresh() {
    var params = {};
    if (cfg.filters.type) params.type = cfg.filters.type;
    Hub.latest(cfg.api, params).then(function (data) {
      var now = Math.floor(Date.now() / 1000);
      var fresh = Hub.byAsset(data.results);
      var counts = { ok: 0, attention: 0, stale: 0, nodata: 0 };
      Object.keys(markers).forEach(function (slug) {
        var item = markers[slug], a = item.asset, rows = fresh[slug];
        if (rows) {
          var byQ = {};
          a.readings.forEach(function (r) { byQ[r.quantity] = r; });
          rows.forEach(function (r) {
            var old = byQ[r.quantity];
            if (old) { old.t = r.t; old.time = r.time; old.value = r.value; old.status = r.status; }
            else { a.readings.push({ quantity: r.quantity, label: r.quantity, unit: r.unit, t: r.t, time: r.time, value: r.value, status: r.status }); }
          });
        }
        a.state = Hub.state(a.readings, a.interval, now);
        counts[a.state] += 1;
        item.marker.setStyle({ fillColor: COLOURS[a.state] });
        var el = item.marker.getElement();
        if (el) el.setAttribute("class", "hub-marker hub-marker-" + a.state + " leaflet-interactive");
        if (item.marker.isPopupOpen()) item.marker.setPopupContent(popup(a));
        updateRow(a);
      });
      Object.keys(counts).forEach(function (k) {
        var el = document.querySelector('[data-count="' + k + '"]');
        if (el) el.textContent = counts[k];
      });
      var note = document.querySelector("#hub-refresh [data-refreshed]");
      if (note) note.textContent = labels.updated + ": " + Hub.timeLabel(Date.now());
    }).catch(function (err) {
      if (window.console) console.warn("hub refresh failed", err);
    });
  }
  window.setInterval(refresh, Math.max(5, cfg.refresh_s) * 1000);
  window.HubMap = { map: map, markers: markers, refresh: refresh };
})();
