// The operations-centre wall. Runs unattended for days, so everything it keeps is bounded:
// - one pending poll timer at a time (setTimeout chain), one clock interval, one rotation
//   interval, all created once; nothing is scheduled per item;
// - alerts: only changes after the server's cursor are fetched; at most `max_alerts` are
//   kept (DOM and memory); an element is updated in place when its alert changes;
// - map layers: one Leaflet LayerGroup per domain for the page's life; a marker is moved
//   and restyled in place, added when new, removed when gone;
// - network loss: exponential back-off capped at `backoff_max`, a banner while offline,
//   an immediate retry when the browser says it is online again.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("ow-data").textContent);
  var K = cfg.knobs, T = cfg.labels, LOCAL_MS = 7 * 3600 * 1000;
  var MAX_ALERTS = cfg.max_alerts || 50, NEW_MS = 60000, RESYNC_MS = 10 * 60000, FETCH_TIMEOUT_MS = 20000;
  // counters for whoever watches the wall (and its tests); `held` stops fetching while set
  // (a test that writes to a SQLite database the server shares waits for `busy()` false)
  var stats = (window.OpsWall = { cycles: 0, layerCycles: 0, failures: 0, online: true, lastOk: 0, alerts: 0, resets: 0, held: false });

  function $(id) { return document.getElementById(id); }
  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function localTime(ms, seconds) {
    var d = new Date(ms + LOCAL_MS);
    return pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + (seconds ? ":" + pad(d.getUTCSeconds()) : "");
  }
  function localDayTime(ms) {
    var d = new Date(ms + LOCAL_MS);
    return pad(d.getUTCDate()) + "/" + pad(d.getUTCMonth() + 1) + " " + localTime(ms);
  }
  function fmt(v) {
    if (v === null || v === undefined || v === "") return "–";
    if (typeof v !== "number") return String(v);
    var a = Math.abs(v), places = Number.isInteger(v) ? 0 : a < 10 ? 2 : a < 1000 ? 1 : 0;
    try { return new Intl.NumberFormat(cfg.lang, { maximumFractionDigits: places, minimumFractionDigits: places }).format(v); }
    catch (e) { return v.toFixed(places); }
  }

  // -- clock ---------------------------------------------------------------------------
  var clock = $("ow-clock");
  function tick() { clock.textContent = localTime(Date.now(), true); }
  tick();
  setInterval(tick, 1000);

  // -- fetch with a timeout; a login redirect reloads the page (the wall shows the login) --
  function getJSON(url) {
    var ctl = window.AbortController ? new AbortController() : null;
    var timer = ctl ? setTimeout(function () { ctl.abort(); }, FETCH_TIMEOUT_MS) : null;
    return fetch(url, { credentials: "same-origin", redirect: "manual", cache: "no-store", headers: { Accept: "application/json" },
                        signal: ctl ? ctl.signal : undefined })
      .then(function (r) {
        if (r.type === "opaqueredirect") { location.reload(); throw new Error("signed out"); }
        if (!r.ok) throw new Error(r.status + " " + url);
        return r.json();
      })
      .finally(function () { if (timer) clearTimeout(timer); });
  }

  // -- map -----------------------------------------------------------------------------
  var map = L.map("ow-map", { zoomControl: false, attributionControl: !!cfg.tiles, zoomSnap: 0.25 }).setView([11.05, 106.65], 10);
  if (cfg.tiles) {
    L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
  } else {
    map.createPane("units");
    map.getPane("units").style.zIndex = 350;
    (cfg.units || []).forEach(function (u) {
      if (u.geometry) {
        L.geoJSON(u.geometry, { pane: "units", interactive: false, style: { color: "#4d6277", weight: 1, fillOpacity: 0.04 } }).addTo(map);
      } else if (u.lat !== null && u.lon !== null) {
        L.circleMarker([u.lat, u.lon], { pane: "units", radius: 3, color: "#4d6277", weight: 1, fillOpacity: 0.6, interactive: false }).addTo(map);
        L.marker([u.lat, u.lon], { pane: "units", interactive: false, keyboard: false,
          icon: L.divIcon({ className: "ow-unit-label", html: esc(u.name), iconSize: null, iconAnchor: [-6, 8] }) }).addTo(map);
      }
    });
  }
  var control = L.control.layers(null, null, { collapsed: false, position: "topright" }).addTo(map);
  var layers = {};
  cfg.layers.forEach(function (def) {
    var group = L.layerGroup().addTo(map);
    layers[def.name] = { def: def, group: group, markers: {}, count: 0, ok: false };
    control.addOverlay(group, '<span class="ow-layer-name">' + esc(def.label) + '</span> <b data-layer-count="' + def.name + '">0</b>');
  });
  function showCounts() {
    Object.keys(layers).forEach(function (name) {
      var el = document.querySelector('[data-layer-count="' + name + '"]');
      if (el) { el.textContent = layers[name].ok ? String(layers[name].count) : "–"; el.title = layers[name].ok ? "" : T.layer_error; }
    });
  }
  map.on("overlayadd overlayremove", showCounts); // the control redraws its labels then

  function popupHtml(marker) {
    var p = marker.feature.properties;
    return "<b>" + esc(p.name) + "</b><br>" + esc(p.status_label) + (p.detail ? "<br>" + esc(p.detail) : "") +
      (p.url ? '<br><a href="' + esc(p.url) + '">↗</a>' : "");
  }
  function decorate(marker) {
    var el = marker.getElement && marker.getElement();
    if (!el) return;
    var p = marker.feature.properties;
    el.setAttribute("data-layer", marker.options.layerName);
    el.setAttribute("data-id", p.id);
    el.setAttribute("data-status", p.status || "");
  }
  function onMarkerAdd(e) { decorate(e.target); }
  function style(def, p) {
    return { radius: def.radius, color: "#0d1117", weight: 1.5, fillColor: p.colour || "#8a96a3", fillOpacity: 0.92,
             className: "ow-f ow-f-" + def.name, layerName: def.name };
  }

  function updateLayer(name, fc) {
    var L_ = layers[name], seen = {}, features = (fc && fc.features) || [];
    features.forEach(function (f) {
      if (!f.geometry || f.geometry.type !== "Point") return;
      var id = String(f.properties.id), c = f.geometry.coordinates, latlng = [c[1], c[0]], m = L_.markers[id];
      seen[id] = true;
      if (m) {
        var before = m.feature.properties;
        m.feature = f;
        var ll = m.getLatLng();
        if (ll.lat !== latlng[0] || ll.lng !== latlng[1]) m.setLatLng(latlng);
        if (before.colour !== f.properties.colour) m.setStyle({ fillColor: f.properties.colour });
        if (before.status !== f.properties.status) decorate(m);
        if (m.isPopupOpen()) m.setPopupContent(popupHtml(m));
      } else {
        m = L.circleMarker(latlng, style(L_.def, f.properties));
        m.feature = f;
        m.bindPopup(popupHtml);
        m.on("add", onMarkerAdd);
        L_.markers[id] = m;
        L_.group.addLayer(m);
      }
    });
    Object.keys(L_.markers).forEach(function (id) {
      if (!seen[id]) { L_.group.removeLayer(L_.markers[id]); delete L_.markers[id]; }
    });
    L_.count = Object.keys(L_.markers).length;
    L_.ok = true;
  }

  var layersBusy = false, lastLayers = -Infinity, fitted = false;
  function refreshLayers() {
    if (layersBusy || stats.held) return;
    layersBusy = true;
    lastLayers = Date.now();
    var names = Object.keys(layers);
    Promise.all(names.map(function (name) {
      return getJSON(cfg.layer_url.replace("__name__", name)).then(function (fc) { updateLayer(name, fc); },
        function () { layers[name].ok = false; }); // keep what is drawn; the state poll reports the connection
    })).then(function () {
      layersBusy = false;
      stats.layerCycles += 1;
      showCounts();
      if (!fitted) {
        var pts = [];
        names.forEach(function (n) { Object.keys(layers[n].markers).forEach(function (id) { pts.push(layers[n].markers[id].getLatLng()); }); });
        if (pts.length) { fitted = true; map.fitBounds(L.latLngBounds(pts).pad(0.08), { maxZoom: 14, animate: false }); }
      }
    });
  }

  // -- alerts --------------------------------------------------------------------------
  var list = $("ow-alert-list"), empty = $("ow-alerts-empty"), alerts = new Map();
  function alertNode() {
    var li = document.createElement("li"), head = document.createElement("div"), title = document.createElement("div"),
      text = document.createElement("div");
    li.className = "ow-alert";
    head.className = "ow-alert-head";
    head.innerHTML = '<span class="ow-alert-sev"></span><span class="ow-alert-meta"></span><span class="ow-alert-time"></span>';
    title.className = "ow-alert-title";
    text.className = "ow-alert-text";
    li.appendChild(head); li.appendChild(title); li.appendChild(text);
    return li;
  }
  function fill(entry) {
    var a = entry.a, li = entry.el, kids = li.firstChild.children;
    li.className = "ow-alert ow-sev-" + a.severity + " is-" + a.state + (entry.isNew ? " is-new" : "");
    li.setAttribute("data-id", a.id);
    li.setAttribute("data-state", a.state);
    li.setAttribute("data-severity", a.severity);
    kids[0].textContent = a.severity_label;
    kids[0].setAttribute("data-new", T["new"]);
    kids[1].textContent = [a.asset_type, a.owner, a.state_label].filter(Boolean).join(" · ");
    kids[2].textContent = localDayTime(a.raised_at);
    li.children[1].textContent = a.rule + " — " + a.asset;
    li.children[2].textContent = a.text;
  }
  function newer(a, b) { return a.raised_at > b.raised_at || (a.raised_at === b.raised_at && a.id > b.id); }
  function place(entry) {
    var node = list.firstElementChild;
    while (node) {
      var other = alerts.get(Number(node.getAttribute("data-id")));
      if (other && other !== entry && newer(entry.a, other.a)) break;
      node = node.nextElementSibling;
    }
    if (entry.el.parentNode !== list || entry.el.nextElementSibling !== node) list.insertBefore(entry.el, node);
  }
  function applyAlerts(data, initial) {
    var now = Date.now();
    if (data.reset) {
      var keep = {};
      data.alerts.forEach(function (a) { keep[a.id] = true; });
      alerts.forEach(function (entry, id) { if (!keep[id]) { entry.el.remove(); alerts.delete(id); } });
      stats.resets += 1;
    }
    data.alerts.forEach(function (a) {
      var entry = alerts.get(a.id);
      if (entry) {
        entry.a = a;
      } else {
        entry = { a: a, el: alertNode(), seen: now, isNew: !initial && !data.reset && a.state === "raised" };
        alerts.set(a.id, entry);
      }
      fill(entry);
      place(entry);
    });
    alerts.forEach(function (entry) { // highlights end after a minute, checked on each poll: no timer per alert
      if (entry.isNew && now - entry.seen > NEW_MS) { entry.isNew = false; fill(entry); }
    });
    while (alerts.size > MAX_ALERTS && list.lastElementChild) {
      var last = list.lastElementChild;
      alerts.delete(Number(last.getAttribute("data-id")));
      last.remove();
    }
    stats.alerts = alerts.size;
    empty.hidden = alerts.size > 0;
  }
  function applyCounts(counts) {
    var nodes = document.querySelectorAll("#ow-counts [data-severity]");
    for (var i = 0; i < nodes.length; i++) nodes[i].firstChild.textContent = String(counts[nodes[i].getAttribute("data-severity")] || 0);
    openCounts = counts;
  }

  // -- indicators: tiles and the rotating panel ----------------------------------------
  var tiles = $("ow-tile-grid"), indicatorsAt = null, domains = [], openCounts = {};
  function readingHtml(r, cls) {
    return '<div class="' + cls + " ow-st-" + esc(r.status) + '" data-key="' + esc(r.key) + '">' +
      '<div class="ow-reading"><span class="ow-reading-value">' + esc(fmt(r.value)) + '</span><span class="ow-reading-unit">' +
      esc(r.unit) + "</span></div>" + '<div class="ow-reading-label">' + esc(r.label) + "</div></div>";
  }
  function renderTiles() {
    if (!domains.length) { tiles.innerHTML = '<p class="ow-empty">' + esc(T.no_readings) + "</p>"; return; }
    tiles.innerHTML = domains.map(function (d, i) {
      var body = d.error ? '<p class="ow-tile-error">' + esc(T.error) + "</p>" :
        d.readings.slice(0, 1).map(function (r) { return readingHtml(r, "ow-tile-reading"); }).join("");
      return '<div class="ow-tile" data-domain="' + esc(d.domain) + '"><div class="ow-tile-name">' + esc(d.icon ? d.icon + " " : "") +
        esc(d.label) + "</div>" + body + "</div>";
    }).join("");
    markCurrentTile();
  }

  var rotorTitle = $("ow-rotor-title"), rotorPos = $("ow-rotor-pos"), rotorBody = $("ow-rotor-body");
  var panel = 0, paused = false, pauseBtn = $("ow-pause");
  function panelCount() { return domains.length + 1; }
  function markCurrentTile() {
    var cur = panel > 0 ? domains[panel - 1] : null;
    var nodes = tiles.children;
    for (var i = 0; i < nodes.length; i++) nodes[i].classList.toggle("is-current", !!cur && nodes[i].getAttribute("data-domain") === cur.domain);
  }
  function renderPanel() {
    if (panel >= panelCount()) panel = 0;
    rotorPos.textContent = (panel + 1) + "/" + panelCount();
    if (panel === 0) {
      rotorTitle.textContent = T.open_alerts;
      var max = 1;
      cfg.severities.forEach(function (s) { max = Math.max(max, openCounts[s.code] || 0); });
      rotorBody.innerHTML = '<div class="ow-bars">' + cfg.severities.map(function (s) {
        var n = openCounts[s.code] || 0;
        return '<div class="ow-bar"><span>' + esc(s.label) + '</span><span class="ow-bar-track"><span class="ow-bar-fill" style="display:block;width:' +
          (100 * n / max).toFixed(1) + "%;background:var(--sev-" + s.code + ')"></span></span><span class="ow-bar-n">' + n + "</span></div>";
      }).join("") + "</div>";
    } else {
      var d = domains[panel - 1];
      rotorTitle.textContent = (d.icon ? d.icon + " " : "") + d.label;
      rotorBody.innerHTML = d.error ? '<p class="ow-tile-error">' + esc(T.error) + "</p>" : d.readings.slice(0, 4).map(function (r) {
        return '<div class="ow-rotor-row ow-st-' + esc(r.status) + '" data-key="' + esc(r.key) + '"><span class="ow-reading-label">' + esc(r.label) +
          '</span><span class="ow-reading"><span class="ow-reading-value">' + esc(fmt(r.value)) + '</span><span class="ow-reading-unit">' + esc(r.unit) +
          "</span></span>" + (r.detail ? '<span class="ow-rotor-detail">' + esc(r.detail) + "</span>" : "") + "</div>";
      }).join("");
    }
    markCurrentTile();
  }
  function rotate() {
    if (paused) return;
    panel = (panel + 1) % panelCount();
    renderPanel();
  }
  if (K.rotate > 0) setInterval(rotate, K.rotate * 1000);
  pauseBtn.addEventListener("click", function () {
    paused = !paused;
    pauseBtn.setAttribute("aria-pressed", paused ? "true" : "false");
    pauseBtn.textContent = paused ? T.resume : T.pause;
    document.body.classList.toggle("ow-paused", paused);
  });

  function applyIndicators(ind) {
    if (!ind || ind.at === indicatorsAt) return;
    indicatorsAt = ind.at;
    domains = (ind.domains || []).filter(function (d) { return d.error || d.readings.length; });
    renderTiles();
    renderPanel();
  }

  // -- the poll loop -------------------------------------------------------------------
  var banner = $("ow-offline"), retryNote = $("ow-offline-retry"), updated = $("ow-updated");
  var cursor = "", timer = null, inFlight = false, lastReset = 0, first = true;
  function schedule(ms) {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(poll, ms);
  }
  function setOnline(on, retryMs) {
    stats.online = on;
    banner.hidden = on;
    retryNote.textContent = on ? "" : "(" + T.retry_in + " " + Math.round(retryMs / 1000) + " " + T.seconds + ")";
  }
  function poll() {
    timer = null;
    if (inFlight) return;
    if (stats.held) { schedule(K.poll * 1000); return; }
    inFlight = true;
    var full = !cursor || Date.now() - lastReset > RESYNC_MS; // a full list now and then repairs anything missed
    var url = cfg.state_url + (full ? "" : "?cursor=" + encodeURIComponent(cursor));
    getJSON(url).then(function (data) {
      inFlight = false;
      if (full) lastReset = Date.now();
      cursor = data.cursor || cursor;
      applyAlerts(data, first);
      applyCounts(data.open_counts || {});
      if (panel === 0) renderPanel();
      applyIndicators(data.indicators);
      first = false;
      stats.failures = 0;
      stats.cycles += 1;
      stats.lastOk = Date.now();
      updated.textContent = localTime(data.now || Date.now(), true);
      setOnline(true);
      if (Date.now() - lastLayers >= K.layers * 1000) refreshLayers();
      schedule(data.more ? 0 : K.poll * 1000);
    }, function () {
      inFlight = false;
      stats.failures += 1;
      var wait = Math.min(K.poll * 1000 * Math.pow(2, Math.min(stats.failures, 16)), K.backoff_max * 1000);
      wait = wait * (0.85 + Math.random() * 0.3); // walls of one room do not retry in step
      setOnline(false, wait);
      schedule(wait);
    });
  }
  stats.busy = function () { return inFlight || layersBusy; };
  window.addEventListener("online", function () { if (!stats.online) schedule(0); });
  window.addEventListener("offline", function () { setOnline(false, K.poll * 1000); });
  poll();
})();
