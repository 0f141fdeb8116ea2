/* Feature editor of a GIS layer (/gis/lop/<key>/sua/) and the small maps of the history
 * page. Our own drawing tools on plain Leaflet (no plugin):
 *   - add a point, draw a line or a polygon by clicking vertices; double-click or "Finish" ends;
 *   - a drawn or selected feature shows its vertices: drag one to move it, click one then
 *     "Delete vertex" (or right-click it) to remove it, click a mid-point marker to add one;
 *   - the attribute form comes from the layer's schema; Save sends the GeoJSON (WGS84) to
 *     the features API with If-Match, errors come back per field and are shown beside it;
 *   - the readout gives area and perimeter (polygons) or length (lines) on the sphere, the
 *     same formulas as smartcity.gis.measure on the server.
 * The layer is drawn with L.gisTiles (static/gis/tiles.js) when the page provides a tile URL,
 * else from the features API for the map's window.
 */
(function () {
  "use strict";

  // -- measures (mirror of smartcity/gis/measure.py) ------------------------------------
  var R = 6371008.8;
  function rad(d) { return d * Math.PI / 180; }
  function distance(a, b) { // [lon, lat]
    var dlat = rad(b[1] - a[1]), dlon = rad(b[0] - a[0]);
    var h = Math.pow(Math.sin(dlat / 2), 2) + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.pow(Math.sin(dlon / 2), 2);
    return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  function lengthM(pts) {
    var t = 0;
    for (var i = 0; i + 1 < pts.length; i++) { t += distance(pts[i], pts[i + 1]); }
    return t;
  }
  function ringArea(ring) {
    var pts = ring.slice();
    if (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) { pts.pop(); }
    if (pts.length < 3) { return 0; }
    var total = 0;
    for (var i = 0; i < pts.length; i++) {
      var p = pts[i], q = pts[(i + 1) % pts.length];
      total += rad(q[0] - p[0]) * (2 + Math.sin(rad(p[1])) + Math.sin(rad(q[1])));
    }
    return Math.abs(total * R * R / 2);
  }
  function areaM2(geom) {
    var polys = geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
    var t = 0;
    polys.forEach(function (rings) {
      if (!rings.length) { return; }
      t += ringArea(rings[0]);
      for (var i = 1; i < rings.length; i++) { t -= ringArea(rings[i]); }
    });
    return t;
  }
  function group(n) { return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, " "); }
  function fmtLength(m) { return m < 1000 ? group(m) + " m" : (m / 1000).toFixed(2) + " km"; }
  function fmtArea(m2) {
    if (m2 < 10000) { return group(m2) + " m²"; }
    if (m2 < 1e6) { return (m2 / 10000).toFixed(2) + " ha"; }
    return (m2 / 1e6).toFixed(2) + " km²";
  }

  // -- shared map pieces ------------------------------------------------------------------
  function layerStyle(style) {
    style = style || {};
    return {color: style.color || "#2c3e50", weight: style.weight || 2, fillColor: style.fillColor || style.color || "#2c3e50",
            fillOpacity: style.fill === undefined ? 0.2 : style.fill, opacity: 0.9};
  }
  function styleFor(style) {
    var base = layerStyle(style), cats = style && style.categories;
    return function (feature) {
      var s = L.extend({}, base);
      if (cats && cats.attribute && cats.colors && feature && feature.properties) {
        var c = cats.colors[feature.properties[cats.attribute]];
        if (c) { s.fillColor = c; s.color = c; }
      }
      return s;
    };
  }
  function background(map, cfg) {
    if (cfg.basemap) {
      L.tileLayer(cfg.basemap, {maxZoom: 20, attribution: cfg.attribution || ""}).addTo(map);
    } else if (cfg.units && cfg.units.length) {
      var units = L.geoJSON(null, {interactive: false, style: {color: "#95a5a6", weight: 1, fill: false, dashArray: "4 3"}});
      cfg.units.forEach(function (u) { if (u.geometry) { units.addData({type: "Feature", geometry: u.geometry, properties: {}}); } });
      units.addTo(map);
    }
  }
  function round7(v) { return Math.round(v * 1e7) / 1e7; }

  // -- the editor ---------------------------------------------------------------------------
  function editor(cfg, csrf) {
    var $ = function (id) { return document.getElementById(id); };
    var T = cfg.labels || {};
    var map = L.map("gis-edit-map", {attributionControl: !!cfg.basemap, doubleClickZoom: true, maxZoom: 22});
    background(map, cfg);
    if (cfg.extent && cfg.extent[0] !== null) {
      var e = cfg.extent;
      if (e[0] === e[2] && e[1] === e[3]) { map.setView([e[1], e[0]], 18); }
      else { map.fitBounds([[e[1], e[0]], [e[3], e[2]]], {maxZoom: 19, padding: [20, 20]}); }
    } else {
      map.setView([10.98, 106.65], 13);
    }
    var featureStyle = styleFor(cfg.style);
    var sketchStyle = {color: "#e74c3c", weight: 3, fillColor: "#e74c3c", fillOpacity: 0.15, interactive: false};

    // state
    var S = {
      mode: "idle",          // idle | draw | edit | view
      kind: null,            // Point | LineString | Polygon | Multi*
      paths: [],             // [{pts: [L.LatLng], closed: bool, poly: int, point: bool}]
      fid: null, etag: null, props: {}, selected: null, hiddenFid: null, dirty: false
    };
    var shapeGroup = L.featureGroup().addTo(map);
    var handleGroup = L.featureGroup().addTo(map);
    var rubber = L.polyline([], {color: "#e74c3c", weight: 1, dashArray: "4 4", interactive: false}).addTo(map);
    var registry = {};       // fid -> [leaflet layers] of the display layer
    var display = null;

    // ---- display of the layer
    function register(feature, layer) {
      var id = String(feature.id);
      (registry[id] = registry[id] || []).push(layer);
      if (S.hiddenFid === id) { hide(layer); }
      layer.on("click", function (ev) {
        if (S.mode === "draw") { return; }  // the map's click adds the vertex
        L.DomEvent.stopPropagation(ev);
        select(id);
      });
    }
    function hide(layer) {
      if (layer.setStyle) { layer.setStyle({opacity: 0, fillOpacity: 0}); }
      else if (layer.setOpacity) { layer.setOpacity(0); }
    }
    function unhide(fid) {
      (registry[fid] || []).forEach(function (l) {
        if (l.setStyle) { l.setStyle(featureStyle(l.feature)); } else if (l.setOpacity) { l.setOpacity(1); }
      });
    }
    function pointToLayer(f, ll) { return L.circleMarker(ll, L.extend(featureStyle(f), {radius: 6, fillOpacity: 0.8})); }
    function loadDisplay() {
      if (display) { map.removeLayer(display); }
      registry = {};
      if (cfg.tiles_url && L.gisTiles) {
        var url = cfg.tiles_url + (cfg.tiles_url.indexOf("?") < 0 ? "?" : "&") + "v=" + cfg.version;
        display = L.gisTiles(url, {style: featureStyle, pointToLayer: pointToLayer,
                                   onEachFeature: register}).addTo(map);
        return;
      }
      display = L.geoJSON(null, {style: featureStyle, pointToLayer: pointToLayer, onEachFeature: register}).addTo(map);
      fetchWindow();
    }
    var windowSeq = 0;
    function fetchWindow() {
      if (!display || (cfg.tiles_url && L.gisTiles)) { return; }
      var b = map.getBounds(), seq = ++windowSeq;
      var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(6); }).join(",");
      fetch(cfg.api.features + "?limit=1000&bbox=" + bbox, {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (seq !== windowSeq) { return; }
          display.clearLayers();
          registry = {};
          display.addData({type: "FeatureCollection", features: data.features || []});
          display.bringToBack();
        });
    }
    map.on("moveend", function () { if (!(cfg.tiles_url && L.gisTiles)) { fetchWindow(); } });

    // ---- geometry <-> paths
    function toGeoJSON() {
      var k = S.kind, P = S.paths;
      function ll(p) { return [round7(p.lng), round7(p.lat)]; }
      function ring(path) { var c = path.pts.map(ll); if (c.length) { c.push(c[0].slice()); } return c; }
      if (k === "Point") { return P[0] && P[0].pts[0] ? {type: "Point", coordinates: ll(P[0].pts[0])} : null; }
      if (k === "MultiPoint") { return {type: "MultiPoint", coordinates: P.map(function (p) { return ll(p.pts[0]); })}; }
      if (k === "LineString") { return {type: "LineString", coordinates: P[0].pts.map(ll)}; }
      if (k === "MultiLineString") { return {type: "MultiLineString", coordinates: P.map(function (p) { return p.pts.map(ll); })}; }
      if (k === "Polygon") { return {type: "Polygon", coordinates: P.map(ring)}; }
      if (k === "MultiPolygon") {
        var polys = [];
        P.forEach(function (p) { (polys[p.poly] = polys[p.poly] || []).push(ring(p)); });
        return {type: "MultiPolygon", coordinates: polys.filter(Boolean)};
      }
      return null;
    }
    function fromGeoJSON(g) {
      function lls(coords) { return coords.map(function (c) { return L.latLng(c[1], c[0]); }); }
      function open(coords) {
        var c = coords.slice();
        if (c.length > 1 && c[0][0] === c[c.length - 1][0] && c[0][1] === c[c.length - 1][1]) { c.pop(); }
        return lls(c);
      }
      S.kind = g.type;
      S.paths = [];
      if (g.type === "Point") { S.paths.push({pts: lls([g.coordinates]), point: true}); }
      else if (g.type === "MultiPoint") { g.coordinates.forEach(function (c) { S.paths.push({pts: lls([c]), point: true}); }); }
      else if (g.type === "LineString") { S.paths.push({pts: lls(g.coordinates), closed: false}); }
      else if (g.type === "MultiLineString") { g.coordinates.forEach(function (c) { S.paths.push({pts: lls(c), closed: false}); }); }
      else if (g.type === "Polygon") { g.coordinates.forEach(function (r) { S.paths.push({pts: open(r), closed: true, poly: 0}); }); }
      else if (g.type === "MultiPolygon") {
        g.coordinates.forEach(function (rings, i) { rings.forEach(function (r) { S.paths.push({pts: open(r), closed: true, poly: i}); }); });
      }
    }

    // ---- drawing of the sketch and its handles
    function redrawShape() {
      shapeGroup.clearLayers();
      if (!S.kind) { return; }
      if (S.mode === "draw" && S.kind !== "Point") {
        var pts = S.paths[0].pts;
        if (S.kind === "Polygon" && pts.length >= 3) { L.polygon(pts, sketchStyle).addTo(shapeGroup); }
        else if (pts.length >= 2) { L.polyline(pts, sketchStyle).addTo(shapeGroup); }
        pts.forEach(function (p, i) {
          L.circleMarker(p, {radius: i === 0 ? 6 : 5, color: "#c0392b", weight: 2, fillColor: "#fff", fillOpacity: 1,
                             interactive: false, className: "gis-draw-vertex"}).addTo(shapeGroup);
        });
      } else {
        var g = toGeoJSON();
        if (g && g.type.indexOf("Point") < 0) { L.geoJSON(g, {style: sketchStyle, interactive: false}).addTo(shapeGroup); }
      }
      updateMeasure();
    }
    var vertexIcon = function (selected) {
      return L.divIcon({className: "gis-vertex" + (selected ? " selected" : ""), iconSize: [14, 14]});
    };
    var midIcon = L.divIcon({className: "gis-midpoint", iconSize: [10, 10]});
    function rebuildHandles() {
      handleGroup.clearLayers();
      if (S.mode !== "edit" && S.mode !== "view") { return; }
      var editable = S.mode === "edit";
      S.paths.forEach(function (path, pi) {
        path.pts.forEach(function (p, vi) {
          var sel = S.selected && S.selected[0] === pi && S.selected[1] === vi;
          var m = L.marker(p, {icon: path.point ? L.divIcon({className: "gis-vertex gis-point-vertex", iconSize: [18, 18]}) : vertexIcon(sel),
                               draggable: editable, keyboard: false, zIndexOffset: 1000});
          m._gisIndex = [pi, vi];
          if (editable) {
            m.on("drag", function (ev) { path.pts[vi] = ev.target.getLatLng(); S.dirty = true; redrawShape(); });
            m.on("dragend", function () { rebuildHandles(); });
            m.on("click", function (ev) { L.DomEvent.stopPropagation(ev); S.selected = [pi, vi]; rebuildHandles(); });
            m.on("contextmenu", function (ev) { L.DomEvent.stop(ev); S.selected = [pi, vi]; deleteVertex(); });
          }
          m.addTo(handleGroup);
        });
        if (!editable || path.point) { return; }
        var n = path.pts.length, last = path.closed ? n : n - 1;
        for (var i = 0; i < last; i++) {
          (function (i) {
            var a = path.pts[i], b = path.pts[(i + 1) % n];
            var mid = L.marker(L.latLng((a.lat + b.lat) / 2, (a.lng + b.lng) / 2), {icon: midIcon, keyboard: false, zIndexOffset: 500});
            mid.on("click", function (ev) {
              L.DomEvent.stopPropagation(ev);
              path.pts.splice(i + 1, 0, ev.target.getLatLng());
              S.selected = [pi, i + 1];
              S.dirty = true;
              redrawShape();
              rebuildHandles();
            });
            mid.addTo(handleGroup);
          })(i);
        }
      });
      var dv = $("gis-tool-delete-vertex");
      if (dv) { dv.disabled = !(editable && S.selected); }
    }
    function minVertices(path) { return path.point ? 1 : path.closed ? 3 : 2; }
    function deleteVertex() {
      if (!S.selected) { return; }
      var path = S.paths[S.selected[0]];
      if (!path || path.pts.length <= minVertices(path)) { message(T.too_few, "error"); return; }
      path.pts.splice(S.selected[1], 1);
      S.selected = null;
      S.dirty = true;
      redrawShape();
      rebuildHandles();
    }

    function updateMeasure() {
      var out = $("gis-edit-measure");
      var g = S.kind ? toGeoJSON() : null;
      if (!g) { out.textContent = ""; return; }
      var parts = [], vertices = 0;
      S.paths.forEach(function (p) { vertices += p.pts.length; });
      if (S.mode === "draw" && S.kind === "Polygon" && S.paths[0].pts.length < 3) {
        g = {type: "LineString", coordinates: g.coordinates[0].slice(0, -1)};
      }
      if (g.type === "Polygon" || g.type === "MultiPolygon") {
        var polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates, per = 0;
        polys.forEach(function (r) { if (r[0]) { per += lengthM(r[0]); } });
        parts.push(T.area + ": " + fmtArea(areaM2(g)), T.perimeter + ": " + fmtLength(per));
      } else if (g.type === "LineString" || g.type === "MultiLineString") {
        var lines = g.type === "LineString" ? [g.coordinates] : g.coordinates, len = 0;
        lines.forEach(function (l) { len += lengthM(l); });
        parts.push(T.length + ": " + fmtLength(len));
      } else if (g.type === "Point") {
        parts.push(g.coordinates[1].toFixed(6) + ", " + g.coordinates[0].toFixed(6));
      }
      parts.push(T.vertices + ": " + vertices);
      out.textContent = parts.join(" · ");
      out.dataset.area = g.type.indexOf("Polygon") >= 0 ? areaM2(g).toFixed(2) : "";
    }

    // ---- tools
    function hint(text) { $("gis-edit-hint").textContent = text || ""; }
    function message(text, kind) {
      var m = $("gis-edit-message");
      m.textContent = text || "";
      m.className = "gis-edit-message " + (kind || "");
      m.hidden = !text;
      delete m.dataset.version;
    }
    function setTool(active) {
      document.querySelectorAll("#gis-edit-toolbar [data-tool]").forEach(function (b) {
        b.classList.toggle("active", b.getAttribute("data-tool") === active);
        b.setAttribute("aria-pressed", b.getAttribute("data-tool") === active ? "true" : "false");
      });
      var fin = $("gis-tool-finish"), del = $("gis-tool-delete-feature");
      if (fin) { fin.disabled = S.mode !== "draw"; }
      if (del) { del.disabled = !(S.mode === "edit" && S.fid); }
      var dv = $("gis-tool-delete-vertex");
      if (dv) { dv.disabled = !(S.mode === "edit" && S.selected); }
      $("gis-edit-map").classList.toggle("drawing", S.mode === "draw");
    }
    function reset() {
      if (S.hiddenFid) { unhide(S.hiddenFid); }
      S.mode = "idle"; S.kind = null; S.paths = []; S.fid = null; S.etag = null; S.props = {}; S.selected = null;
      S.hiddenFid = null; S.dirty = false;
      shapeGroup.clearLayers(); handleGroup.clearLayers(); rubber.setLatLngs([]);
      $("gis-edit-form").hidden = true;
      $("gis-edit-measure").textContent = "";
      clearErrors();
      setTool(null);
      hint(cfg.can_edit ? T.hint_idle : "");
      enableDblZoom();
    }
    function enableDblZoom() { setTimeout(function () { if (S.mode !== "draw") { map.doubleClickZoom.enable(); } }, 350); }
    function startDraw(tool) {
      reset();
      message("");
      S.mode = "draw";
      S.kind = tool === "point" ? "Point" : tool === "line" ? "LineString" : "Polygon";
      S.paths = [{pts: [], closed: tool === "polygon", poly: 0, point: tool === "point"}];
      map.doubleClickZoom.disable();
      setTool(tool);
      hint(tool === "point" ? T.hint_point : T.hint_draw);
      showForm(T.new_feature, {});
    }
    function finish() {
      if (S.mode !== "draw") { return; }
      var path = S.paths[0];
      if (path.pts.length < minVertices(path)) { message(T.too_few, "error"); return; }
      S.mode = "edit";
      S.dirty = true;
      rubber.setLatLngs([]);
      setTool(null);
      hint(T.hint_edit);
      redrawShape();
      rebuildHandles();
      enableDblZoom();
      setTool(null);
    }
    function samePlace(a, b) {
      return map.latLngToContainerPoint(a).distanceTo(map.latLngToContainerPoint(b)) < 5;
    }
    map.on("click", function (ev) {
      if (S.mode === "draw") {
        var path = S.paths[0];
        if (path.point) { path.pts = [ev.latlng]; redrawShape(); finish(); return; }
        if (path.pts.length && samePlace(path.pts[path.pts.length - 1], ev.latlng)) { return; }
        path.pts.push(ev.latlng);
        redrawShape();
        return;
      }
      if (S.mode === "edit" && S.selected) { S.selected = null; rebuildHandles(); setTool(null); }
    });
    map.on("dblclick", function (ev) { if (S.mode === "draw") { L.DomEvent.stop(ev); finish(); } });
    map.on("mousemove", function (ev) {
      if (S.mode === "draw" && !S.paths[0].point && S.paths[0].pts.length) {
        var pts = S.paths[0].pts, line = [pts[pts.length - 1], ev.latlng];
        if (S.kind === "Polygon" && pts.length >= 2) { line.push(pts[0]); }
        rubber.setLatLngs(line);
      }
    });

    // ---- selection
    function featureUrl(fid) { return cfg.api.feature.replace("__fid__", encodeURIComponent(fid)); }
    function select(fid, fit) {
      message(T.loading);
      fetch(featureUrl(fid), {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (r) { return r.json().then(function (body) { return {r: r, body: body}; }); })
        .then(function (res) {
          if (!res.r.ok) { message(res.body.detail || T.error, "error"); return; }
          message("");
          load(res.body, res.r.headers.get("ETag"));
          if (fit && res.body.bbox) {
            var b = res.body.bbox;
            map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {maxZoom: 19, padding: [40, 40]});
          }
        });
    }
    function load(feature, etag) {
      var keepMessage = $("gis-edit-message").textContent;
      reset();
      S.fid = String(feature.id);
      S.etag = etag;
      S.props = feature.properties || {};
      S.hiddenFid = S.fid;
      (registry[S.fid] || []).forEach(hide);
      fromGeoJSON(feature.geometry);
      S.mode = cfg.can_edit ? "edit" : "view";
      redrawShape();
      rebuildHandles();
      setTool(null);
      hint(cfg.can_edit ? T.hint_edit : "");
      showForm(T.feature + " " + S.fid, S.props, feature.version);
      if (keepMessage) { $("gis-edit-message").hidden = false; }
    }

    // ---- the attribute form
    function fieldList(props) {
      if (cfg.schema && cfg.schema.length) { return cfg.schema; }
      return Object.keys(props || {}).map(function (k) { return {name: k, type: "string", label: k, required: false}; });
    }
    function showForm(title, props, version) {
      var form = $("gis-edit-form"), box = $("gis-edit-fields");
      $("gis-edit-panel-title").textContent = title;
      $("gis-edit-feature-meta").textContent = version ? (T.version + " " + version) : "";
      box.innerHTML = "";
      fieldList(props).forEach(function (a) {
        var wrap = document.createElement("div");
        wrap.className = "gis-field";
        var id = "gis-f-" + a.name;
        var label = document.createElement("label");
        label.setAttribute("for", id);
        label.textContent = a.label + (a.required ? " *" : "");
        var input, v = props[a.name];
        if (a.type === "boolean") {
          input = document.createElement("select");
          [["", T.unset], ["true", T.yes], ["false", T.no]].forEach(function (o) {
            var opt = document.createElement("option");
            opt.value = o[0]; opt.textContent = o[1];
            input.appendChild(opt);
          });
          input.value = v === true ? "true" : v === false ? "false" : "";
        } else {
          input = document.createElement("input");
          input.type = a.type === "date" ? "date" : "text";
          if (a.type === "integer" || a.type === "number") { input.inputMode = a.type === "integer" ? "numeric" : "decimal"; }
          input.value = v === null || v === undefined ? "" : String(v);
        }
        input.id = id;
        input.name = a.name;
        input.dataset.type = a.type;
        if (a.required) { input.setAttribute("aria-required", "true"); }
        if (!cfg.can_edit) { input.disabled = true; }
        var err = document.createElement("p");
        err.className = "gis-edit-error";
        err.dataset.field = "properties." + a.name;
        err.id = id + "-error";
        err.hidden = true;
        input.setAttribute("aria-describedby", err.id);
        wrap.appendChild(label); wrap.appendChild(input); wrap.appendChild(err);
        box.appendChild(wrap);
      });
      var reason = $("gis-edit-reason");
      if (reason) { reason.value = ""; }
      var link = $("gis-edit-history-link");
      if (S.fid) { link.href = cfg.history_url.replace("__fid__", encodeURIComponent(S.fid)); link.hidden = false; }
      else { link.hidden = true; }
      form.hidden = false;
    }
    function readProps() {
      var out = {};
      Object.keys(S.props || {}).forEach(function (k) { out[k] = S.props[k]; });  // attributes outside the form kept
      $("gis-edit-fields").querySelectorAll("input, select").forEach(function (el) {
        var v = el.value;
        if (el.dataset.type === "boolean") { out[el.name] = v === "" ? null : v === "true"; }
        else { out[el.name] = v.trim() === "" ? null : v.trim(); }
      });
      return out;
    }
    function clearErrors() {
      document.querySelectorAll("#gis-edit .gis-edit-error").forEach(function (el) { el.hidden = true; el.textContent = ""; });
      document.querySelectorAll("#gis-edit .gis-field.invalid").forEach(function (el) { el.classList.remove("invalid"); });
    }
    function showErrors(errors, fallback) {
      var shown = false;
      (errors || []).forEach(function (e) {
        var el = document.querySelector('#gis-edit .gis-edit-error[data-field="' + (e.field || "") + '"]');
        if (!el) { el = $("gis-form-error"); }
        el.textContent = (el.textContent ? el.textContent + " " : "") + e.message;
        el.hidden = false;
        if (el.parentNode.classList.contains("gis-field")) { el.parentNode.classList.add("invalid"); }
        shown = true;
      });
      if (!shown) { var f = $("gis-form-error"); f.textContent = fallback || T.error; f.hidden = false; }
    }

    function send(method, url, body, headers) {
      var h = {"Accept": "application/json", "X-CSRFToken": csrf};
      if (body !== undefined) { h["Content-Type"] = "application/json"; }
      Object.keys(headers || {}).forEach(function (k) { if (headers[k]) { h[k] = headers[k]; } });
      return fetch(url, {method: method, credentials: "same-origin", headers: h,
                         body: body === undefined ? undefined : JSON.stringify(body)})
        .then(function (r) {
          if (r.status === 204) { return {r: r, body: {}}; }
          return r.json().then(function (b) { return {r: r, body: b}; }, function () { return {r: r, body: {}}; });
        });
    }
    function afterWrite(layerVersion) {
      if (layerVersion) { cfg.version = layerVersion; $("gis-layer-version").textContent = layerVersion; }
      if (display && display.refresh) { display.refresh(); }  // L.gisTiles: every tile again, past the cache
      else { loadDisplay(); }
    }
    function save(ev) {
      if (ev) { ev.preventDefault(); }
      if (S.mode === "draw") { finish(); if (S.mode === "draw") { return; } }
      if (S.mode !== "edit") { return; }
      clearErrors();
      var body = {type: "Feature", geometry: toGeoJSON(), properties: readProps(), reason: $("gis-edit-reason").value.trim() || undefined};
      var url = S.fid ? featureUrl(S.fid) : cfg.api.features;
      var btn = $("gis-edit-save");
      btn.disabled = true;
      send(S.fid ? "PUT" : "POST", url, body, {"If-Match": S.fid ? S.etag : null}).then(function (res) {
        btn.disabled = false;
        if (res.r.status === 200 || res.r.status === 201) {
          var b = res.body;
          var text = T.saved.replace("%(version)s", b.version);
          (b.warnings || []).forEach(function (w) { text += " " + T.repaired + ": " + w.message; });
          message(text, "ok");
          $("gis-edit-message").dataset.version = String(b.version);
          if (res.r.status === 201) { $("gis-feature-count").textContent = String(Number($("gis-feature-count").textContent) + 1); }
          load(b, res.r.headers.get("ETag"));
          afterWrite(b.layer_version);
        } else if (res.r.status === 412) {
          showErrors([], T.stale);
          message(T.stale, "error");
        } else if (res.r.status === 400) {
          showErrors(res.body.errors, res.body.detail);
        } else {
          showErrors([], res.body.detail || T.error);
        }
      }, function () { btn.disabled = false; showErrors([], T.error); });
    }
    function deleteFeature() {
      if (!S.fid || !window.confirm(T.confirm_delete)) { return; }
      var reason = $("gis-edit-reason").value.trim();
      send("DELETE", featureUrl(S.fid), undefined, {"If-Match": S.etag, "X-Change-Reason": reason ? encodeURIComponent(reason) : null})
        .then(function (res) {
          if (res.r.status === 204) {
            message(T.deleted, "ok");
            $("gis-feature-count").textContent = String(Math.max(0, Number($("gis-feature-count").textContent) - 1));
            S.hiddenFid = null;
            reset();
            afterWrite(null);
          } else if (res.r.status === 412) { message(T.stale, "error"); }
          else { message(res.body.detail || T.error, "error"); }
        });
    }

    // ---- wiring
    if (cfg.can_edit) {
      document.querySelectorAll("#gis-edit-toolbar [data-tool]").forEach(function (b) {
        b.addEventListener("click", function () { startDraw(b.getAttribute("data-tool")); });
      });
      $("gis-tool-finish").addEventListener("click", finish);
      $("gis-tool-delete-vertex").addEventListener("click", deleteVertex);
      $("gis-tool-delete-feature").addEventListener("click", deleteFeature);
      $("gis-edit-form").addEventListener("submit", save);
      $("gis-edit-cancel").addEventListener("click", function () { reset(); message(""); });
      document.addEventListener("keydown", function (ev) {
        if (ev.target && /INPUT|SELECT|TEXTAREA/.test(ev.target.tagName)) { return; }
        if (ev.key === "Escape") { reset(); }
        else if (ev.key === "Enter" && S.mode === "draw") { finish(); }
        else if ((ev.key === "Delete" || ev.key === "Backspace") && S.selected) { ev.preventDefault(); deleteVertex(); }
      });
    }
    loadDisplay();
    reset();
    var wanted = new URLSearchParams(window.location.search).get("fid");
    if (wanted) { select(wanted, true); }  // /gis/lop/<key>/sua/?fid=<fid> opens one feature
    var api = {map: map, state: S, toGeoJSON: toGeoJSON, select: select, reload: loadDisplay};
    window.gisEditor = api;
    return api;
  }

  // -- history page: one small map per version -----------------------------------------------
  function historyMaps(cfg) {
    var style = layerStyle(cfg.style);
    (cfg.maps || []).forEach(function (m) {
      var el = document.getElementById(m.id);
      if (!el || !m.geometry) { return; }
      var map = L.map(el, {zoomControl: false, attributionControl: false, dragging: false, scrollWheelZoom: false,
                           doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false});
      if (cfg.basemap) { L.tileLayer(cfg.basemap, {maxZoom: 20}).addTo(map); }
      var g = L.geoJSON(m.geometry, {style: style, pointToLayer: function (f, ll) { return L.circleMarker(ll, L.extend({radius: 6}, style)); }})
        .addTo(map);
      var b = g.getBounds();
      if (b.isValid()) { map.fitBounds(b, {maxZoom: 19, padding: [8, 8]}); }
    });
  }

  window.GisEdit = {editor: editor, historyMaps: historyMaps, areaM2: areaM2, lengthM: lengthM, fmtArea: fmtArea,
                    fmtLength: fmtLength};
})();
