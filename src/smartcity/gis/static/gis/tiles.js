/* L.gisTiles(urlTemplate, options): a layer of GeoJSON tiles from /gis/tiles/<key>/{z}/{x}/{y}.geojson
 * (helper "tiles", docs/gis-tiles.md).
 *
 * A Leaflet GridLayer: Leaflet decides which XYZ tiles the view needs (and keeps a small
 * buffer around it); each tile is fetched as JSON and its features drawn as vectors in one
 * shared group. A feature that several tiles hold (a road, a big zone) is drawn once, by
 * its id; it is removed when the last loaded tile that holds it unloads. A fetch whose
 * tile is gone before it answered (the map moved on) is aborted. Fires Leaflet's `load`
 * when the visible tiles are in; `hiddenchange` ({hidden}) when the server says the layer
 * is hidden at this zoom (below its style's minzoom) or visible again; `truncated`
 * ({coords}) when a tile held more features than the server sends.
 *
 * Options: style (object or function(feature)), pointToLayer(feature, latlng),
 * onEachFeature(feature, leafletLayer), minZoom, maxZoom, plus GridLayer's (keepBuffer...).
 * Methods: featureCount(), getFeatureLayer(id), eachFeature(fn), getFeatureGroup(),
 * refresh() (reload every tile past the browser cache, e.g. after an edit), isHidden().
 */
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }

  L.GisTiles = L.GridLayer.extend({
    options: {
      tileSize: 256,
      updateWhenZooming: false,  // no requests for the zooms a pinch passes through
      style: null,
      pointToLayer: null,
      onEachFeature: null
    },

    initialize: function (urlTemplate, options) {
      this._url = urlTemplate;
      L.GridLayer.prototype.initialize.call(this, options);
      this._group = L.featureGroup();
      this._features = {};   // id -> {layer, tiles: {tileKey: true}, count, z}
      this._tileIds = {};    // tileKey -> [ids]
      this._requests = {};   // tileKey -> AbortController
      this._hidden = false;
      this._bust = null;
      this.on("tileunload", this._onTileUnload, this);
    },

    onAdd: function (map) {
      L.GridLayer.prototype.onAdd.call(this, map);
      map.addLayer(this._group);
    },

    onRemove: function (map) {
      L.GridLayer.prototype.onRemove.call(this, map);  // unloads every tile (and its features)
      Object.keys(this._requests).forEach(function (key) { this._abort(key); }, this);
      map.removeLayer(this._group);
    },

    getFeatureGroup: function () { return this._group; },
    featureCount: function () { return Object.keys(this._features).length; },
    getFeatureLayer: function (id) { var f = this._features[String(id)]; return f ? f.layer : null; },
    eachFeature: function (fn, ctx) {
      Object.keys(this._features).forEach(function (id) { fn.call(ctx, this._features[id].layer, id); }, this);
      return this;
    },
    isHidden: function () { return this._hidden; },

    refresh: function () {
      this._bust = Date.now();
      return this.redraw();
    },

    getTileUrl: function (coords) {
      var url = L.Util.template(this._url, L.extend({}, this.options, {z: coords.z, x: coords.x, y: coords.y}));
      if (this._bust) { url += (url.indexOf("?") < 0 ? "?" : "&") + "v=" + this._bust; }
      return url;
    },

    createTile: function (coords, done) {
      var tile = L.DomUtil.create("div", "gis-tile");
      var key = this._tileCoordsToKey(coords);
      var controller = typeof AbortController !== "undefined" ? new AbortController() : null;
      if (controller) { this._requests[key] = controller; }
      var self = this;
      fetch(this.getTileUrl(coords), {credentials: "same-origin", signal: controller ? controller.signal : undefined,
                                       headers: {"Accept": "application/geo+json, application/json"}})
        .then(function (r) {
          if (!r.ok) { throw new Error("tile " + key + ": HTTP " + r.status); }
          return r.json();
        })
        .then(function (data) {
          if (self._requests[key] === controller) { delete self._requests[key]; }
          var current = self._tiles[key];
          if (!self._map || !current || current.el !== tile) { return; }  // unloaded meanwhile
          self._addTileData(key, coords, data);
          done(null, tile);
        })
        .catch(function (err) {
          if (self._requests[key] === controller) { delete self._requests[key]; }
          if (err && err.name === "AbortError") { return; }
          done(err, tile);
        });
      return tile;
    },

    _addTileData: function (key, coords, data) {
      var ids = [];
      var features = (data && data.features) || [];
      for (var i = 0; i < features.length; i++) {
        var f = features[i];
        var id = f.id !== undefined && f.id !== null ? String(f.id) : key + "#" + i;
        var entry = this._features[id];
        if (entry && entry.z !== coords.z && coords.z === this._tileZoom) {
          // drawn from another zoom's tile (kept while zooming): this zoom's geometry wins
          this._group.removeLayer(entry.layer);
          entry.layer = this._makeLayer(f);
          entry.z = coords.z;
          if (entry.layer) { this._group.addLayer(entry.layer); }
        }
        if (!entry) {
          var layer = this._makeLayer(f);
          if (!layer) { continue; }
          entry = this._features[id] = {layer: layer, tiles: {}, count: 0, z: coords.z};
          this._group.addLayer(layer);
        }
        if (!entry.tiles[key]) { entry.tiles[key] = true; entry.count++; ids.push(id); }
      }
      this._tileIds[key] = ids;
      if (coords.z === this._tileZoom) {
        var hidden = !!(data && data.hidden);
        if (hidden !== this._hidden) { this._hidden = hidden; this.fire("hiddenchange", {hidden: hidden}); }
      }
      if (data && data.truncated) { this.fire("truncated", {coords: coords}); }
    },

    _makeLayer: function (feature) {
      if (!feature.geometry) { return null; }
      var o = this.options;
      var layer = L.GeoJSON.geometryToLayer(feature, {pointToLayer: o.pointToLayer});
      layer.feature = feature;
      var style = typeof o.style === "function" ? o.style(feature) : o.style;
      if (style && layer.setStyle) { layer.setStyle(style); }
      if (o.onEachFeature) { o.onEachFeature(feature, layer); }
      return layer;
    },

    _abort: function (key) {
      var c = this._requests[key];
      if (c) { delete this._requests[key]; c.abort(); }
    },

    _onTileUnload: function (e) {
      var key = this._tileCoordsToKey(e.coords);
      this._abort(key);
      var ids = this._tileIds[key] || [];
      delete this._tileIds[key];
      for (var i = 0; i < ids.length; i++) {
        var entry = this._features[ids[i]];
        if (!entry || !entry.tiles[key]) { continue; }
        delete entry.tiles[key];
        entry.count--;
        if (entry.count <= 0) {
          this._group.removeLayer(entry.layer);
          delete this._features[ids[i]];
        }
      }
    }
  });

  L.gisTiles = function (urlTemplate, options) { return new L.GisTiles(urlTemplate, options); };
}());
