// Shared helpers of the hub pages: formatting, time, and reading JSON from the read API
// with a fallback to the hub's own JSON views when the API is not installed.
(function () {
  "use strict";
  var Hub = (window.Hub = window.Hub || {});
  var LOCAL_MS = 7 * 3600 * 1000; // Asia/Ho_Chi_Minh, UTC+7 all year

  Hub.esc = function (text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  };

  // the same decimals as the server's format_value
  Hub.fmt = function (value, lang) {
    if (value === null || value === undefined || isNaN(value)) return "–";
    var a = Math.abs(value);
    var places = Number.isInteger(value) && a < 1e6 ? 0 : a < 10 ? 2 : a < 1000 ? 1 : 0;
    try {
      return new Intl.NumberFormat(lang || "vi", { minimumFractionDigits: places, maximumFractionDigits: places, useGrouping: false }).format(value);
    } catch (e) {
      return value.toFixed(places);
    }
  };

  // "-" is the unit of dimensionless quantities (pH, indices): nothing to show
  Hub.unit = function (unit) { return unit && unit !== "-" ? unit : ""; };

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // local wall-clock parts of an instant (ms since epoch), whatever the browser's zone
  Hub.local = function (ms) {
    var d = new Date(ms + LOCAL_MS);
    return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes() };
  };
  Hub.LOCAL_MS = LOCAL_MS;

  Hub.timeLabel = function (ms) {
    var p = Hub.local(ms);
    return pad(p.h) + ":" + pad(p.mi) + " " + pad(p.d) + "/" + pad(p.mo) + "/" + p.y;
  };
  Hub.shortTime = function (ms) {
    var p = Hub.local(ms);
    return pad(p.h) + ":" + pad(p.mi);
  };
  Hub.shortDate = function (ms) {
    var p = Hub.local(ms);
    return pad(p.d) + "/" + pad(p.mo);
  };

  // freshness of an asset, as hub.views.asset_state computes it on the server
  Hub.state = function (readings, interval, nowSec) {
    if (!readings.length) return "nodata";
    var newest = Math.max.apply(null, readings.map(function (r) { return r.t; }));
    if (nowSec - newest > 3 * interval + 60) return "stale";
    for (var i = 0; i < readings.length; i++) {
      if (readings[i].t >= newest - interval && readings[i].status !== "valid") return "attention";
    }
    return "ok";
  };

  Hub.getJSON = function (url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + url);
      return r.json();
    });
  };

  // Try the read API; when it is missing or answers in another shape, use the fallback
  // for the rest of the page's life.
  var apiBroken = {};
  Hub.read = function (name, apiUrl, fallbackUrl, valid) {
    function fallback() {
      return Hub.getJSON(fallbackUrl).then(function (data) {
        if (!valid(data)) throw new Error("unexpected answer from " + fallbackUrl);
        return data;
      });
    }
    if (apiBroken[name] || !apiUrl) return fallback();
    return Hub.getJSON(apiUrl).then(function (data) {
      if (!valid(data)) throw new Error("unexpected answer from " + apiUrl);
      return data;
    }).catch(function () {
      apiBroken[name] = true;
      return fallback();
    });
  };

  Hub.latest = function (cfgApi, params) {
    var q = new URLSearchParams(params).toString();
    return Hub.read("latest", cfgApi.latest + "?" + q, (cfgApi.fallback || cfgApi.fallback_latest) + "?" + q, function (d) {
      return d && Array.isArray(d.results);
    });
  };

  // group rows of /latest by asset: {slug: [{quantity, unit, t, value, status}]}
  Hub.byAsset = function (rows) {
    var out = {};
    rows.forEach(function (r) {
      var ms = Date.parse(r.time);
      if (isNaN(ms)) return;
      (out[r.asset] = out[r.asset] || []).push({
        datastream: r.datastream, quantity: r.quantity, unit: r.unit, t: Math.floor(ms / 1000), time: r.time,
        value: r.value, status: r.status || "valid"
      });
    });
    return out;
  };
})();
