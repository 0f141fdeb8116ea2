// Public bus map (/mobility/) and stop page (/mobility/stops/<id>/).
// Map: routes from network.geojson in their colours, stops (popup: link to the stop page),
// buses from live.json every few seconds (a badge with the route number and an arrow to
// their bearing, moved smoothly to the new position), a route filter (select or the route
// chips), the transport projects layer when its API answers. Stop page: a small map, and
// the next arrivals refreshed from arrivals.json.
(function () {
  "use strict";
  var L = window.L, Hub = window.Hub;
  if (!L || !Hub) return;
  var esc = Hub.esc;

  function baseMap(holder, cfg) {
    var map = L.map(holder, { attributionControl: !!cfg.tiles, zoomSnap: 0.5 });
    if (cfg.tiles) {
      L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
    } else {
      map.createPane("units");
      map.getPane("units").style.zIndex = 300;
      (cfg.units || []).forEach(function (u) {
        if (u.geometry) L.geoJSON(u.geometry, { pane: "units", interactive: false, style: { color: "#7a8ea3", weight: 1, fillOpacity: 0.03 } }).addTo(map);
        if (u.lat !== null && u.lon !== null && u.lat !== undefined) {
          L.marker([u.lat, u.lon], { pane: "units", interactive: false, keyboard: false,
            icon: L.divIcon({ className: "hub-unit-label", html: "<span>" + esc(u.name) + "</span>", iconSize: null }) }).addTo(map);
        }
      });
    }
    return map;
  }

  function delayText(s, labels) {
    if (s === null || s === undefined) return "";
    var m = Math.round(s / 60);
    if (m === 0) return labels.on_time;
    return (m > 0 ? "+" + m + " " + labels.min + " " + labels.late : m + " " + labels.min + " " + labels.early);
  }

  // ------------------------------------------------------------------------ the map page
  function busMap(holder, cfg) {
    var labels = cfg.labels;
    var map = baseMap(holder, cfg);
    map.setView([11.0, 106.70], 11);
    map.createPane("routes"); map.getPane("routes").style.zIndex = 410;
    map.createPane("stops"); map.getPane("stops").style.zIndex = 420;
    map.createPane("buses"); map.getPane("buses").style.zIndex = 640;
    var renderer = L.svg({ pane: "routes" });
    var selected = "";
    var routeLayers = [], stopLayers = [], buses = {}, projects = null;

    function key(p) { return p.feed + ":" + p.route_id; }

    function applyFilter() {
      routeLayers.forEach(function (l) {
        var on = !selected || l._busKey === selected;
        l.setStyle({ opacity: on ? 0.9 : 0.12, weight: on ? (selected ? 6 : 4) : 3 });
        if (on && selected) l.bringToFront();
      });
      stopLayers.forEach(function (l) {
        var on = !selected || l._busKeys.indexOf(selected) >= 0;
        l.setStyle({ opacity: on ? 1 : 0, fillOpacity: on ? 1 : 0 });
        var el = l.getElement(); if (el) el.style.pointerEvents = on ? "" : "none";
      });
      Object.keys(buses).forEach(function (id) {
        var b = buses[id], el = b.marker.getElement();
        if (el) el.style.display = !selected || b.key === selected ? "" : "none";
      });
      document.querySelectorAll(".bus-route-chip").forEach(function (c) {
        c.setAttribute("aria-pressed", c.getAttribute("data-route") === selected ? "true" : "false");
      });
      var sel = document.getElementById("bus-route-filter");
      if (sel && sel.value !== selected) sel.value = selected;
    }
    function select(k) {
      selected = k || "";
      applyFilter();
      if (selected) {
        var pts = [];
        routeLayers.forEach(function (l) { if (l._busKey === selected) pts = pts.concat(l.getLatLngs()); });
        if (pts.length) map.fitBounds(L.latLngBounds(pts), { padding: [24, 24], maxZoom: 15 });
      }
    }

    function stopPopup(p) {
      return '<div class="bus-popup"><strong>' + esc(p.name) + '</strong><div class="small muted">' + esc(labels.routes) + ": " +
        esc(p.routes.join(", ")) + '</div><a class="hub-open" href="' + esc(p.url) + '">' + esc(labels.stop_open) + " →</a></div>";
    }

    Hub.getJSON(cfg.network).then(function (net) {
      var routeKeys = {}, bounds = [];
      (net.routes || []).forEach(function (r) { routeKeys[r.short_name] = routeKeys[r.short_name] || []; routeKeys[r.short_name].push(key(r)); });
      net.features.forEach(function (f) {
        var p = f.properties;
        if (p.kind === "route") {
          var latlngs = f.geometry.coordinates.map(function (c) { return [c[1], c[0]]; });
          var line = L.polyline(latlngs, { color: p.colour, weight: 4, opacity: 0.9, renderer: renderer, pane: "routes",
            className: "bus-route" });
          line._busKey = key(p);
          line.bindTooltip(p.short_name + " · " + p.long_name, { sticky: true });
          line.on("click", function () { select(selected === line._busKey ? "" : line._busKey); });
          line.addTo(map);
          var el = line.getElement();
          if (el) { el.setAttribute("data-route", p.route_id); el.setAttribute("data-short", p.short_name); el.setAttribute("data-direction", p.direction_id); }
          routeLayers.push(line);
          bounds = bounds.concat(latlngs);
        }
      });
      net.features.forEach(function (f) {
        var p = f.properties;
        if (p.kind !== "stop") return;
        var keys = [];
        p.routes.forEach(function (s) { keys = keys.concat((routeKeys[s] || []).filter(function (k) { return k.split(":")[0] === String(p.feed); })); });
        var m = L.circleMarker([f.geometry.coordinates[1], f.geometry.coordinates[0]], { radius: 5, weight: 2, color: "#1d2733",
          fillColor: "#ffffff", fillOpacity: 1, pane: "stops", className: "bus-stop" });
        m._busKeys = keys;
        m.bindPopup(stopPopup(p), { maxWidth: 260, autoPanPadding: [12, 12] });
        m.bindTooltip(p.name, { direction: "top", offset: [0, -6] });
        m.addTo(map);
        var el = m.getElement(); if (el) el.setAttribute("data-stop", p.stop_id);
        stopLayers.push(m);
      });
      if (bounds.length) map.fitBounds(L.latLngBounds(bounds), { padding: [20, 20], maxZoom: 14 });
      holder.setAttribute("data-routes", routeLayers.length);
      holder.setAttribute("data-stops", stopLayers.length);
      applyFilter();
    }).catch(function () { holder.setAttribute("data-network-error", "1"); });

    // -- buses
    function icon(b) {
      var rot = b.bearing === null || b.bearing === undefined ? "" : '<span class="bus-arrow" style="transform: rotate(' + Math.round(b.bearing) + 'deg)"></span>';
      return L.divIcon({ className: "bus-icon bus-marker", iconSize: [34, 34], iconAnchor: [17, 17],
        html: rot + '<span class="bus-num" style="background:' + esc(b.colour) + ";color:" + esc(b.text_colour) + '">' + esc(b.short_name || "?") + "</span>" });
    }
    function busPopup(b) {
      var d = delayText(b.delay_s, labels);
      return '<div class="bus-popup"><strong>' + esc(labels.route) + " " + esc(b.short_name) + (b.headsign ? " · " + esc(labels.towards) + " " + esc(b.headsign) : "") +
        '</strong><div class="small">' + esc(labels.bus) + " " + esc(b.id) + "</div>" +
        (d ? '<div class="small ' + (b.delay_s > 60 ? "bus-late" : b.delay_s < -60 ? "bus-early" : "bus-rt") + '">' + esc(d) + "</div>" : "") +
        (b.speed_kmh !== null && b.speed_kmh !== undefined ? '<div class="small muted">' + esc(labels.speed) + ": " + Hub.fmt(b.speed_kmh, cfg.lang) + " km/h</div>" : "") +
        '<div class="small muted">' + esc(labels.updated) + " " + Math.max(0, b.age_s) + " " + esc(labels.seconds_ago) + "</div></div>";
    }
    function glide(marker, to) {
      var from = marker.getLatLng(), start = null, ms = 900;
      if (from.distanceTo(to) > 3000 || document.hidden) { marker.setLatLng(to); return; }
      function step(ts) {
        if (start === null) start = ts;
        var f = Math.min(1, (ts - start) / ms);
        marker.setLatLng([from.lat + (to[0] - from.lat) * f, from.lng + (to[1] - from.lng) * f]);
        if (f < 1) window.requestAnimationFrame(step);
      }
      window.requestAnimationFrame(step);
    }
    var live = document.getElementById("bus-live");
    function refresh() {
      return Hub.getJSON(cfg.live).then(function (data) {
        var seen = {};
        data.buses.forEach(function (b) {
          seen[b.id] = true;
          var k = b.feed + ":" + b.route_id, cur = buses[b.id];
          if (!cur) {
            var m = L.marker([b.lat, b.lon], { icon: icon(b), pane: "buses", keyboard: false, title: b.short_name + " · " + b.id });
            m.bindPopup(function () { return busPopup(buses[b.id].data); }, { maxWidth: 260 });
            m.addTo(map);
            cur = buses[b.id] = { marker: m, data: b, key: k };
          } else {
            if (cur.data.bearing !== b.bearing || cur.data.short_name !== b.short_name) cur.marker.setIcon(icon(b));
            glide(cur.marker, [b.lat, b.lon]);
            cur.data = b; cur.key = k;
            if (cur.marker.isPopupOpen()) cur.marker.setPopupContent(busPopup(b));
          }
          var el = cur.marker.getElement();
          if (el) { el.setAttribute("data-vehicle", b.id); el.setAttribute("data-route", b.route_id); el.style.display = !selected || k === selected ? "" : "none"; }
        });
        Object.keys(buses).forEach(function (id) {
          if (!seen[id]) { map.removeLayer(buses[id].marker); delete buses[id]; }
        });
        if (live) {
          live.querySelector("[data-count]").textContent = data.buses.length;
          live.querySelector("[data-updated]").textContent = "· " + Hub.shortTime(data.now * 1000);
          live.setAttribute("data-buses", data.buses.length);
        }
      }).catch(function () { /* keep the last positions; try again at the next tick */ });
    }
    refresh();
    window.setInterval(function () { if (!document.hidden) refresh(); }, Math.max(2, cfg.refresh_s) * 1000);

    // -- transport projects
    var status = document.getElementById("bus-projects-status");
    var toggle = document.getElementById("bus-projects-toggle");
    Hub.getJSON(cfg.projects + (cfg.projects.indexOf("?") < 0 ? "?" : "&") + "lang=" + cfg.lang).then(function (fc) {
      if (!fc || !Array.isArray(fc.features)) throw new Error("not GeoJSON");
      projects = L.geoJSON(fc, {
        style: function (f) { return { color: (f.properties || {}).colour || "#6d4c41", weight: 3, dashArray: "6 6", opacity: 0.85, className: "bus-project" }; },
        pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 6, color: "#6d4c41", fillOpacity: 0.7, className: "bus-project" }); },
        onEachFeature: function (f, layer) {
          var p = f.properties || {};
          var name = p.name || (cfg.lang === "en" ? p.name_en || p.name_vi : p.name_vi) || "";
          var html = '<div class="bus-popup"><strong>' + esc(name) + "</strong>" +
            (p.status_label || p.status ? '<div class="small">' + esc(p.status_label || p.status) + (p.progress !== undefined ? " · " + esc(p.progress) + " %" : "") + "</div>" : "") +
            (p.url ? '<a class="hub-open" href="' + esc(p.url) + '">' + esc(labels.open_project) + " →</a>" : "") + "</div>";
          layer.bindPopup(html, { maxWidth: 280 });
          layer.bindTooltip(name, { sticky: true });
        }
      });
      if (!toggle || toggle.checked) projects.addTo(map);
      holder.setAttribute("data-projects", fc.features.length);
    }).catch(function () {
      holder.setAttribute("data-projects", "unavailable");
      if (status) { status.textContent = labels.projects_missing; status.hidden = false; }
      if (toggle) toggle.disabled = true;
    });
    if (toggle) toggle.addEventListener("change", function () {
      if (!projects) return;
      if (toggle.checked) projects.addTo(map); else map.removeLayer(projects);
    });

    var sel = document.getElementById("bus-route-filter");
    if (sel) sel.addEventListener("change", function () { select(sel.value); });
    document.querySelectorAll(".bus-route-chip").forEach(function (c) {
      c.addEventListener("click", function () {
        var k = c.getAttribute("data-route");
        select(selected === k ? "" : k);
        holder.scrollIntoView({ behavior: "smooth", block: "start" });
      });
    });
    window.BusMap = { refresh: refresh, select: select, map: map, buses: buses };
  }

  // ------------------------------------------------------------------------ the stop page
  function stopPage(cfg) {
    var holder = document.getElementById("bus-stop-map");
    if (holder && cfg.lat !== null) {
      var map = baseMap(holder, cfg);
      map.setView([cfg.lat, cfg.lon], 15);
      L.circleMarker([cfg.lat, cfg.lon], { radius: 8, weight: 3, color: "#1d2733", fillColor: "#fff", fillOpacity: 1, className: "bus-stop" })
        .bindTooltip(cfg.name, { permanent: true, direction: "top", offset: [0, -8] }).addTo(map);
    }
    var labels = cfg.labels, body = document.querySelector("#bus-arrivals tbody"), updated = document.getElementById("bus-arrivals-updated");
    function row(a) {
      var when = a.minutes === 0 ? labels.now : a.minutes + " " + labels.min;
      var d = a.delay_min ? ' <span class="' + (a.delay_min > 0 ? "bus-late" : "bus-early") + '">(' + (a.delay_min > 0 ? "+" : "") + a.delay_min + " " + esc(labels.min) + ")</span>" : "";
      return '<tr data-trip="' + esc(a.trip_id) + '"><td><span class="bus-badge" style="background:' + esc(a.colour) + ";color:" + esc(a.text_colour) + '">' +
        esc(a.route_short_name) + "</span></td><td>" + esc(a.headsign) + (a.vehicle_label ? ' <span class="muted small">' + esc(a.vehicle_label) + "</span>" : "") +
        '</td><td class="bus-when"><b>' + esc(when) + '</b> <span class="small ' + (a.realtime ? "bus-rt" : "muted") + '">' + esc(a.predicted_label) +
        (a.realtime ? " · " + esc(labels.live) : "") + '</span></td><td class="small' + (a.scheduled_label === a.predicted_label && !a.delay_min ? " bus-same" : "") + '">' +
        esc(a.scheduled_label) + d + "</td></tr>";
    }
    function refresh() {
      return Hub.getJSON(cfg.arrivals).then(function (data) {
        if (!body) return;
        body.innerHTML = data.arrivals.length ? data.arrivals.map(row).join("") : '<tr><td colspan="4" class="muted">' + esc(labels.none) + "</td></tr>";
        if (updated) updated.textContent = Hub.shortTime(data.now * 1000);
      }).catch(function () {});
    }
    window.setInterval(function () { if (!document.hidden) refresh(); }, Math.max(10, cfg.refresh_s) * 1000);
    window.BusStop = { refresh: refresh };
  }

  var mapCfg = document.getElementById("bus-map-config"), mapHolder = document.getElementById("bus-map");
  if (mapCfg && mapHolder) busMap(mapHolder, JSON.parse(mapCfg.textContent));
  var stopCfg = document.getElementById("bus-stop-config");
  if (stopCfg) stopPage(JSON.parse(stopCfg.textContent));
})();
