/* The GIS map viewer (/gis/ban-do/): layer tree with legends, identify, search, geodesic
 * measure, print and image export; the view (centre, zoom, layers) lives in the URL hash.
 * Layers draw through L.gisTiles (static/gis/tiles.js); the other modules' overlays come
 * as GeoJSON from /gis/ban-do/lop-phu/<key>.geojson. No third-party code but Leaflet. */
(function () {
  "use strict";
  var cfgNode = document.getElementById("gis-map-config");
  var holder = document.getElementById("gis-map");
  if (!cfgNode || !holder || typeof L === "undefined") { return; }
  var cfg = JSON.parse(cfgNode.textContent);
  var EN = cfg.lang === "en";
  var T = cfg.labels || {};
  var defs = {}, order = [];
  cfg.groups.forEach(function (g) { g.layers.forEach(function (d) { d.group = g.kind; defs[d.key] = d; order.push(d.key); }); });

  // ------------------------------------------------------------------ geodesic (mirrors gis/measure.py)
  var R = 6371008.8;
  function rad(d) { return d * Math.PI / 180; }
  function distanceM(a, b) { // a, b: [lon, lat]
    var dLat = rad(b[1] - a[1]), dLon = rad(b[0] - a[0]);
    var h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  function lengthM(pts) { var s = 0; for (var i = 0; i + 1 < pts.length; i++) { s += distanceM(pts[i], pts[i + 1]); } return s; }
  function ringAreaM2(pts) {
    if (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) { pts = pts.slice(0, -1); }
    if (pts.length < 3) { return 0; }
    var total = 0;
    for (var i = 0; i < pts.length; i++) {
      var p = pts[i], q = pts[(i + 1) % pts.length];
      total += rad(q[0] - p[0]) * (2 + Math.sin(rad(p[1])) + Math.sin(rad(q[1])));
    }
    return Math.abs(total * R * R / 2);
  }
  function fmtLength(m) { return m < 1000 ? m.toFixed(0) + " m" : (m / 1000).toFixed(2) + " km"; }
  function fmtArea(m2) {
    if (m2 < 10000) { return Math.round(m2).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ") + " m²"; }
    if (m2 < 1e6) { return (m2 / 10000).toFixed(2) + " ha"; }
    return (m2 / 1e6).toFixed(2) + " km²";
  }
  window.gisMeasure = { distanceM: distanceM, lengthM: lengthM, ringAreaM2: ringAreaM2 };

  // ------------------------------------------------------------------ styles (mirrors gis/mapimage.py)
  function featureStyle(style, props, geomType) {
    // the category colour fills polygons and strokes lines and points; a feature's own
    // `color` property (bus routes, buses) strokes it
    style = style || {};
    var color = style.color || "#3388ff", fillColor = style.fillColor || color;
    var cats = style.categories;
    var polygon = !geomType || /Polygon/.test(geomType);
    if (cats && cats.attribute && props && props[cats.attribute] != null && cats.colors && cats.colors[String(props[cats.attribute])]) {
      fillColor = cats.colors[String(props[cats.attribute])];
      if (!polygon) { color = fillColor; }
    }
    if (props && typeof props.color === "string" && /^#[0-9a-fA-F]{6}$/.test(props.color)) {
      color = props.color;
      if (!style.fillColor) { fillColor = props.color; }
    }
    var fill = style.fill == null ? 0.2 : Number(style.fill);
    var weight = style.weight == null ? (style.width == null ? 2 : Number(style.width)) : Number(style.weight);
    return { color: color, fillColor: fillColor, fillOpacity: fill, weight: weight, opacity: 1 };
  }
  function title(d) { return EN ? (d.title_en || d.title_vi) : (d.title_vi || d.title); }

  function legendEntries(d) {
    var st = d.style || {};
    if (Array.isArray(st.legend) && st.legend.length) {
      return st.legend.map(function (e) { return { label: EN ? (e.label_en || e.label_vi) : (e.label_vi || e.label_en), color: e.color }; });
    }
    if (st.categories && st.categories.colors) {
      return Object.keys(st.categories.colors).map(function (k) { return { label: k, color: st.categories.colors[k] }; });
    }
    return [{ label: title(d), color: st.fillColor || st.color || "#3388ff", stroke: st.color }];
  }
  function drawLegends() {
    var printBox = document.getElementById("gis-print-legend");
    if (printBox) { printBox.textContent = ""; }
    order.forEach(function (key) {
      var d = defs[key];
      var li = document.querySelector('.gis-layer[data-layer="' + key + '"]');
      if (!li) { return; }
      var ul = li.querySelector(".gis-legend");
      ul.textContent = "";
      var line = d.geometry_type === "LineString" || (d.style && d.style.fill === 0);
      legendEntries(d).forEach(function (e) {
        var item = document.createElement("li");
        var sw = document.createElement("span");
        sw.className = "gis-swatch" + (line ? " gis-swatch-line" : "");
        sw.style.background = line ? "transparent" : e.color;
        sw.style.borderColor = e.stroke || e.color;
        item.appendChild(sw);
        item.appendChild(document.createTextNode(" " + e.label));
        ul.appendChild(item);
      });
      if (printBox && active[key]) {
        var h = document.createElement("div");
        h.innerHTML = "<b></b>";
        h.firstChild.textContent = title(d);
        h.appendChild(ul.cloneNode(true));
        printBox.appendChild(h);
      }
    });
  }

  // ------------------------------------------------------------------ map and state
  var state = readHash();
  var map = L.map(holder, { zoomSnap: 1, attributionControl: !!cfg.tiles, doubleClickZoom: true });
  window.gisMap = map;
  if (cfg.tiles) {
    L.tileLayer(cfg.tiles, { maxZoom: 20, attribution: cfg.attribution || "" }).addTo(map);
  } else if (cfg.units && cfg.units.length) {
    L.geoJSON({ type: "FeatureCollection", features: cfg.units.map(function (u) { return { type: "Feature", geometry: u.geometry, properties: { name: u.name } }; }) },
      { interactive: false, style: { color: "#95a5a6", weight: 1, fill: true, fillColor: "#ecf0f1", fillOpacity: 0.35 } }).addTo(map);
  }
  L.control.scale({ imperial: false }).addTo(map);
  map.setView(state.centre || cfg.centre, state.zoom || cfg.zoom);
  if (!state.centre && state.layers && state.layers.length) { // a link naming layers only: show the first one's extent
    var ext = (defs[state.layers[0]] || {}).extent;
    if (ext && ext.length === 4) { map.fitBounds([[ext[1], ext[0]], [ext[3], ext[2]]], { maxZoom: 17 }); }
  }

  function readHash() {
    var out = {};
    var h = (location.hash || "").replace(/^#/, "");
    h.split("&").forEach(function (part) {
      var kv = part.split("="), k = kv[0], v = decodeURIComponent(kv.slice(1).join("=") || "");
      if (k === "z" && /^\d+$/.test(v)) { out.zoom = parseInt(v, 10); }
      if (k === "c") { var c = v.split(","); if (c.length === 2 && !isNaN(+c[0]) && !isNaN(+c[1])) { out.centre = [+c[0], +c[1]]; } }
      if (k === "l") { out.layers = v ? v.split(",").filter(function (x) { return defs[x]; }) : []; }
    });
    return out;
  }
  var hashTimer = null;
  function writeHash() {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(function () {
      var c = map.getCenter();
      var keys = order.filter(function (k) { return active[k]; });
      var h = "#z=" + map.getZoom() + "&c=" + c.lat.toFixed(5) + "," + c.lng.toFixed(5) + "&l=" + keys.join(",");
      if (location.hash !== h) { history.replaceState(null, "", h); }
      updateExport();
    }, 150);
  }

  // ------------------------------------------------------------------ layers
  var active = {};      // key -> Leaflet layer
  var refreshTimers = {};

  function pointToLayer(d) {
    return function (feature, latlng) {
      var st = featureStyle(d.style, feature.properties, "Point");
      return L.circleMarker(latlng, { radius: 6, color: st.color, fillColor: st.fillColor, fillOpacity: Math.max(st.fillOpacity, 0.6), weight: Math.max(1, st.weight) });
    };
  }
  function onEach(d) {
    return function (feature, layer) {
      layer.on("click", function (e) {
        if (measuring) { return; }
        L.DomEvent.stopPropagation(e);
        identify(d, feature);
      });
    };
  }
  function styleFn(d) {
    return function (feature) { return featureStyle(d.style, feature && feature.properties, feature && feature.geometry && feature.geometry.type); };
  }

  function itemsLoader(d) { // used only while static/gis/tiles.js is not there: the OGC items of the view
    var group = L.geoJSON(null, { style: styleFn(d), pointToLayer: pointToLayer(d), onEachFeature: onEach(d) });
    var seq = 0;
    function reload() {
      var minz = (d.style && d.style.minzoom) || 0;
      group.clearLayers();
      if (map.getZoom() < minz) { return; }
      var b = map.getBounds(), mine = ++seq;
      var url = d.items + "?f=json&limit=1000&bbox=" + [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(6); }).join(",");
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (fc) {
        if (mine === seq) { group.addData(fc); group.fire("load"); }
      });
    }
    group.on("add", function () { map.on("moveend", reload); reload(); });
    group.on("remove", function () { map.off("moveend", reload); });
    return group;
  }

  function makeLayer(d) {
    if (d.kind === "overlay") {
      var g = L.geoJSON(null, { style: styleFn(d), pointToLayer: pointToLayer(d), onEachFeature: onEach(d) });
      var load = function () {
        fetch(d.url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (fc) {
          g.clearLayers();
          g.addData(fc);
          var li = document.querySelector('.gis-layer[data-layer="' + d.key + '"] .gis-zoom-note');
          if (li) { li.hidden = !fc.error; li.textContent = fc.error || ""; }
          g.fire("load");
        });
      };
      g.on("add", function () { load(); if (d.refresh_s) { refreshTimers[d.key] = setInterval(load, d.refresh_s * 1000); } });
      g.on("remove", function () { clearInterval(refreshTimers[d.key]); });
      return g;
    }
    var opts = { style: styleFn(d), pointToLayer: pointToLayer(d), onEachFeature: onEach(d) };
    if (d.style && d.style.minzoom) { opts.minZoom = d.style.minzoom; }
    if (typeof L.gisTiles === "function") { return L.gisTiles(d.tiles, opts); }
    return itemsLoader(d);
  }

  function setActive(key, on) {
    var d = defs[key];
    if (!d) { return; }
    if (on && !active[key]) {
      active[key] = makeLayer(d);
      active[key].addTo(map);
      active[key].on("load", function () { holder.setAttribute("data-loaded-" + key, "1"); reorder(); });
    } else if (!on && active[key]) {
      map.removeLayer(active[key]);
      delete active[key];
      holder.removeAttribute("data-loaded-" + key);
    }
    var box = document.querySelector('input[name=layer][value="' + key + '"]');
    if (box) { box.checked = !!on; }
    reorder();
    zoomNotes();
    drawLegends();
    writeHash();
  }
  function reorder() { // tree order: boundaries at the bottom, overlays on top
    order.forEach(function (k) {
      var l = active[k];
      if (!l) { return; }
      var g = l.getFeatureGroup ? l.getFeatureGroup() : l;
      if (g.bringToFront) { g.bringToFront(); }
    });
  }
  function zoomNotes() {
    order.forEach(function (k) {
      var d = defs[k];
      if (d.kind === "overlay") { return; }
      var note = document.querySelector('.gis-layer[data-layer="' + k + '"] .gis-zoom-note');
      var minz = (d.style && d.style.minzoom) || 0;
      if (note) { note.hidden = !(active[k] && map.getZoom() < minz); }
    });
  }
  document.querySelectorAll("input[name=layer]").forEach(function (box) {
    box.addEventListener("change", function () { setActive(box.value, box.checked); });
  });
  map.on("moveend zoomend", function () { zoomNotes(); writeHash(); });

  // ------------------------------------------------------------------ identify
  var panel = document.getElementById("gis-identify"), body = document.getElementById("gis-identify-body");
  var highlight = null;
  function esc(s) { var n = document.createElement("span"); n.textContent = s == null ? "" : String(s); return n.innerHTML; }
  function identify(d, feature) {
    var props = feature.properties || {};
    var rows = [], seen = {};
    (d.schema || []).forEach(function (f) {
      seen[f.name] = true;
      if (props[f.name] == null || props[f.name] === "") { return; }
      rows.push([EN ? f.label_en : f.label_vi, props[f.name]]);
    });
    Object.keys(props).forEach(function (k) {
      if (seen[k] || ["url", "color", "colour", "text_colour", "kind", "feed"].indexOf(k) >= 0) { return; }
      var v = props[k];
      if (v == null || typeof v === "object" || d.kind === "overlay") { return; }
      rows.push([k, v]);
    });
    var fid = feature.id != null ? feature.id : (props.fid || "");
    var html = '<p class="muted small">' + esc(T.layer) + ": " + esc(title(d)) + "</p><h2>" + esc(fid) + "</h2>" +
      '<table class="gis-attrs"><tbody>' + rows.map(function (r) { return "<tr><th>" + esc(r[0]) + "</th><td>" + esc(r[1]) + "</td></tr>"; }).join("") + "</tbody></table>";
    var links = [];
    if (props.url) { links.push('<a href="' + esc(props.url) + '">' + esc(T.open) + "</a>"); }
    if (d.history && fid !== "") { links.push('<a href="' + esc(d.history.replace("__FID__", encodeURIComponent(fid))) + '">' + esc(T.history) + "</a>"); }
    if (links.length) { html += '<p class="small">' + links.join(" · ") + "</p>"; }
    body.innerHTML = html;
    panel.hidden = false;
    panel.setAttribute("data-layer", d.key);
    panel.setAttribute("data-fid", fid);
    if (highlight) { map.removeLayer(highlight); }
    if (feature.geometry) {
      highlight = L.geoJSON(feature, { interactive: false, style: { color: "#f1c40f", weight: 4, fill: false },
        pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 10, color: "#f1c40f", weight: 3, fill: false }); } }).addTo(map);
    }
  }
  document.getElementById("gis-identify-close").addEventListener("click", function () {
    panel.hidden = true;
    panel.removeAttribute("data-fid");
    panel.removeAttribute("data-layer");
    if (highlight) { map.removeLayer(highlight); highlight = null; }
  });

  // ------------------------------------------------------------------ search
  var form = document.getElementById("gis-search"), results = document.getElementById("gis-results");
  function goTo(r) {
    var b = r.bbox;
    if (r.layer && defs[r.layer] && !active[r.layer]) { setActive(r.layer, true); }
    var bounds = L.latLngBounds([b[1], b[0]], [b[3], b[2]]);
    var minz = r.layer && defs[r.layer] && defs[r.layer].style ? (defs[r.layer].style.minzoom || 0) : 0;
    map.fitBounds(bounds, { maxZoom: Math.max(18, minz), padding: [40, 40] });
    if (map.getZoom() < minz) { map.setZoom(minz); }
    if (r.layer && defs[r.layer] && r.fid) {
      fetch(defs[r.layer].items + "/" + encodeURIComponent(r.fid) + "?f=json", { credentials: "same-origin" })
        .then(function (resp) { return resp.ok ? resp.json() : null; })
        .then(function (f) { if (f) { identify(defs[r.layer], f); } });
    } else {
      if (highlight) { map.removeLayer(highlight); }
      highlight = L.rectangle(bounds, { color: "#f1c40f", weight: 3, fill: false, interactive: false }).addTo(map);
    }
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = form.q.value.trim();
    if (!q) { return; }
    results.innerHTML = '<li class="muted">' + esc(T.searching) + "</li>";
    fetch(cfg.urls.search + "?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        results.textContent = "";
        var rows = data.results || [];
        if (!rows.length) { results.innerHTML = '<li class="muted">' + esc(data.detail || T.no_results) + "</li>"; return; }
        rows.forEach(function (r) {
          var li = document.createElement("li");
          var btn = document.createElement("button");
          btn.type = "button";
          btn.className = "gis-result";
          btn.setAttribute("data-kind", r.kind);
          btn.textContent = r.label;
          btn.addEventListener("click", function () { goTo(r); });
          li.appendChild(btn);
          results.appendChild(li);
        });
        if (rows.length === 1) { goTo(rows[0]); }
      });
  });

  // ------------------------------------------------------------------ measure
  var measuring = null, mPoints = [], mShape = null, mMarkers = L.layerGroup().addTo(map);
  var out = document.getElementById("gis-measure-out");
  var bLine = document.getElementById("gis-measure-line"), bArea = document.getElementById("gis-measure-area");
  var bFinish = document.getElementById("gis-measure-finish"), bClear = document.getElementById("gis-measure-clear");
  function mRedraw() {
    if (mShape) { map.removeLayer(mShape); }
    var lls = mPoints.map(function (p) { return [p[1], p[0]]; });
    var st = { color: "#e74c3c", weight: 3, dashArray: "6 4", interactive: false };
    mShape = (measuring === "area" || (!measuring && mPoints.kind === "area")) && lls.length > 2 ? L.polygon(lls, st) : L.polyline(lls, st);
    mShape.addTo(map);
    var txt;
    if ((measuring || mPoints.kind) === "area") {
      var ring = mPoints.concat(mPoints.length ? [mPoints[0]] : []);
      txt = T.area + ": " + fmtArea(ringAreaM2(mPoints)) + " · " + T.perimeter + ": " + fmtLength(lengthM(ring));
      out.setAttribute("data-m2", ringAreaM2(mPoints).toFixed(1));
    } else {
      txt = T.distance + ": " + fmtLength(lengthM(mPoints));
      out.setAttribute("data-m", lengthM(mPoints).toFixed(1));
    }
    out.textContent = mPoints.length ? txt : T.measure_hint;
  }
  function mStart(kind) {
    mClear();
    measuring = kind;
    mPoints.kind = kind;
    map.doubleClickZoom.disable();
    holder.classList.add("gis-measuring");
    bLine.setAttribute("aria-pressed", kind === "line");
    bArea.setAttribute("aria-pressed", kind === "area");
    bFinish.hidden = false; bClear.hidden = false;
    out.textContent = T.measure_hint;
  }
  function mFinish() {
    measuring = null;
    holder.classList.remove("gis-measuring");
    bLine.setAttribute("aria-pressed", "false"); bArea.setAttribute("aria-pressed", "false");
    bFinish.hidden = true;
    setTimeout(function () { map.doubleClickZoom.enable(); }, 300);
  }
  function mClear() {
    mPoints = []; mMarkers.clearLayers();
    if (mShape) { map.removeLayer(mShape); mShape = null; }
    out.textContent = ""; out.removeAttribute("data-m"); out.removeAttribute("data-m2");
    bClear.hidden = true;
  }
  map.on("click", function (e) {
    if (!measuring) { return; }
    var p = [e.latlng.lng, e.latlng.lat];
    var last = mPoints[mPoints.length - 1];
    if (last && Math.abs(last[0] - p[0]) < 1e-9 && Math.abs(last[1] - p[1]) < 1e-9) { return; } // the dblclick's second click
    mPoints.push(p);
    L.circleMarker(e.latlng, { radius: 4, color: "#e74c3c", fillOpacity: 1, interactive: false }).addTo(mMarkers);
    mRedraw();
  });
  map.on("dblclick", function () { if (measuring) { mFinish(); } });
  bLine.addEventListener("click", function () { if (measuring === "line") { mFinish(); } else { mStart("line"); } });
  bArea.addEventListener("click", function () { if (measuring === "area") { mFinish(); } else { mStart("area"); } });
  bFinish.addEventListener("click", mFinish);
  bClear.addEventListener("click", function () { mFinish(); mClear(); });

  // ------------------------------------------------------------------ print and image export
  function updateExport() {
    var b = map.getBounds(), size = map.getSize();
    var keys = order.filter(function (k) { return active[k]; });
    var q = "?bbox=" + [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(6); }).join(",") +
      "&layers=" + keys.join(",") + "&width=" + size.x + "&height=" + size.y + "&download=1";
    document.getElementById("gis-export-png").href = cfg.urls.png + q;
    document.getElementById("gis-export-svg").href = cfg.urls.svg + q;
  }
  document.getElementById("gis-print").addEventListener("click", function () { drawLegends(); window.print(); });
  window.addEventListener("beforeprint", function () { drawLegends(); map.invalidateSize(); });

  // ------------------------------------------------------------------ start
  var initial = state.layers || cfg.default_layers || [];
  initial.forEach(function (k) { setActive(k, true); });
  drawLegends();
  updateExport();
  window.addEventListener("hashchange", function () {
    var s = readHash();
    if (s.zoom && s.centre) { map.setView(s.centre, s.zoom); }
    if (s.layers) { order.forEach(function (k) { var on = s.layers.indexOf(k) >= 0; if (on !== !!active[k]) { setActive(k, on); } }); }
  });
  holder.setAttribute("data-ready", "1");
})();
