/* The live city overview: refresh the indicator cards from /portal/api/overview.json every
   minute (the server caches it ~30 s) and draw a few live things on a Leaflet map. */
(function () {
  var box = document.getElementById("overview");
  if (!box) { return; }
  var every = (parseInt(box.dataset.refresh, 10) || 60) * 1000;

  function text(el, value) { if (el) { el.textContent = value; } }

  function refresh() {
    fetch(box.dataset.src, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        data.domains.forEach(function (d) {
          d.readings.forEach(function (r) {
            var card = box.querySelector('[data-key="' + r.key + '"]');
            if (!card) { return; }
            card.className = "card status-" + r.status;
            var value = card.querySelector(".card-value");
            if (value) {
              value.textContent = (r.value === null || r.value === undefined) ? "–" : String(r.value);
              if (r.unit) {
                var small = document.createElement("small");
                small.textContent = r.unit;
                value.appendChild(document.createTextNode(" "));
                value.appendChild(small);
              }
            }
            text(card.querySelector(".card-detail"), r.detail);
          });
        });
        var at = document.getElementById("overview-at");
        if (at && data.at) { at.setAttribute("datetime", data.at); at.textContent = new Date(data.at).toLocaleString(); }
      })
      .catch(function () { /* keep the last figures; next try in a minute */ });
  }
  setInterval(refresh, every);

  var mapEl = document.getElementById("city-map");
  if (!mapEl || typeof L === "undefined") { return; }
  var map = L.map(mapEl, {scrollWheelZoom: false}).setView([11.05, 106.65], 10);
  var colours = {air: "#0b7a3e", wifi: "#6a1b9a", bus: "#b34700"};
  var layer = L.layerGroup().addTo(map);
  function draw() {
    fetch(mapEl.dataset.src).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (!data) { return; }
      if (!mapEl.dataset.based) {
        mapEl.dataset.based = "1";
        if (data.tiles) {
          L.tileLayer(data.tiles, {maxZoom: 19}).addTo(map);
        } else {
          (data.units || []).forEach(function (u) {
            L.geoJSON(u.geometry, {interactive: false, style: {color: "#7a8ea3", weight: 1, fillOpacity: 0.03}}).addTo(map);
          });
        }
      }
      layer.clearLayers();
      var bounds = [];
      data.points.forEach(function (p) {
        var m = L.circleMarker([p.lat, p.lon], {radius: p.layer === "air" ? 9 : 6, color: colours[p.layer] || "#333",
          fillOpacity: 0.8, weight: 2});
        var a = document.createElement("a");
        a.href = p.url;
        a.textContent = p.name + (p.value !== null && p.value !== undefined ? " · " + p.value : "");
        m.bindPopup(a);
        m.addTo(layer);
        bounds.push([p.lat, p.lon]);
      });
      if (bounds.length && !mapEl.dataset.fitted) { map.fitBounds(bounds, {padding: [20, 20], maxZoom: 13}); mapEl.dataset.fitted = "1"; }
    }).catch(function () {});
  }
  draw();
  setInterval(draw, every);
})();
