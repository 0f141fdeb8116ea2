// Display board: shows one station at a time and moves to the next every `interval_s`;
// fetches board.json every `refresh_s` without reloading the page. When the network is
// lost it keeps showing the last data it has, with how old that data is.
(function () {
  "use strict";
  var dataEl = document.getElementById("board-data");
  if (!dataEl) return;
  var cfg = JSON.parse(dataEl.textContent);
  var vi = cfg.labels.vi, en = cfg.labels.en;
  var state = { cards: cfg.cards, i: 0, lastOk: Date.now(), offline: false, serverSkew: cfg.now * 1000 - Date.now() };
  var body = document.body;

  function esc(t) {
    return String(t == null ? "" : t).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function local(ms) { return new Date(ms + 7 * 3600e3); } // Asia/Ho_Chi_Minh, UTC+7 all year
  function timeLabel(sec) {
    var d = local(sec * 1000);
    return pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + " " + pad(d.getUTCDate()) + "/" + pad(d.getUTCMonth() + 1) + "/" + d.getUTCFullYear();
  }
  function both(a, b) { return '<span lang="vi">' + esc(a) + '</span> · <span lang="en">' + esc(b) + "</span>"; }
  function field(name) { return document.querySelector('[data-f="' + name + '"]'); }
  function set(name, html) { var el = field(name); if (el) el.innerHTML = html; }

  function render() {
    var cards = state.cards;
    if (!cards.length) return;
    if (state.i >= cards.length) state.i = 0;
    var c = cards[state.i], idx = c.index, ok = idx && idx.state === "ok" && idx.band;
    body.setAttribute("data-code", c.code);
    body.className = "board" + (ok ? "" : " board-grey");
    body.style.background = ok ? idx.band.colour : "";
    body.style.color = ok ? idx.band.text : "";
    var wqi = c.family === "wqi";
    set("title", both(wqi ? vi.wqi : vi.aqi, wqi ? en.wqi : en.aqi));
    set("name", esc(c.short_name));
    set("value", ok ? esc(idx.value) : "–");
    set("index", esc(c.index_name));
    set("band", ok ? both(idx.band.name_vi, idx.band.name_en) : both(vi.no_index, en.no_index));
    set("dominant", ok && idx.dominant_label ? both(wqi ? vi.lowest : vi.dominant, wqi ? en.lowest : en.dominant) + ": <b>" + esc(idx.dominant_label) + "</b>" : "");
    set("advice_vi", ok ? esc(idx.band.advice_vi) : "");
    set("advice_en", ok ? esc(idx.band.advice_en) : "");
    set("method", both(vi.method, en.method) + ": " + esc(c.method.issuer_vi) + " (" + esc(c.method.issuer_en) + "), " + esc(vi.decision) + " " + esc(c.method.decision));
    set("source", both(vi.source, en.source) + ": " + esc(c.source));
    set("time", both(vi.time, en.time) + ": " + (idx && idx.t ? esc(timeLabel(idx.t)) + ' <span data-f="age"></span>' : "–"));
    var dots = "";
    for (var k = 0; k < cards.length && cards.length > 1; k++) dots += '<span class="' + (k === state.i ? "on" : "") + '"></span>';
    set("dots", dots);
    ages();
  }

  // how old the shown value is, and whether the board is offline
  function ages() {
    var now = Date.now() + state.serverSkew;
    var c = state.cards[state.i];
    var age = field("age");
    if (age && c && c.index && c.index.t) {
      var m = Math.max(0, Math.floor((now - c.index.t * 1000) / 60000));
      age.textContent = "(" + vi.ago.replace("{m}", m) + " · " + en.ago.replace("{m}", m) + ")";
    }
    var off = field("offline");
    if (off) {
      if (state.offline) {
        var mins = Math.max(0, Math.floor((Date.now() - state.lastOk) / 60000));
        off.innerHTML = "⚠ " + both(vi.offline.replace("{m}", mins), en.offline.replace("{m}", mins));
        off.hidden = false;
      } else {
        off.hidden = true;
      }
    }
    body.setAttribute("data-offline", state.offline ? "true" : "false");
    var clock = field("clock");
    if (clock) { var d = local(now); clock.textContent = pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()); }
  }

  function next() {
    if (!state.cards.length) return;
    state.i = (state.i + 1) % state.cards.length;
    render();
  }

  function refresh() {
    return fetch(cfg.json, { cache: "no-store", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    }).then(function (data) {
      var code = state.cards.length ? state.cards[state.i].code : null;
      state.cards = data.cards || [];
      var at = state.cards.map(function (c) { return c.code; }).indexOf(code);
      state.i = at >= 0 ? at : 0;
      state.lastOk = Date.now();
      state.serverSkew = data.now * 1000 - Date.now();
      state.offline = false;
      render();
    }).catch(function () {
      state.offline = true; // keep the last cards; say how old they are
      ages();
    });
  }

  render();
  var rotation = window.setInterval(next, Math.max(3, cfg.interval_s) * 1000);
  window.setInterval(refresh, Math.max(10, cfg.refresh_s) * 1000);
  window.setInterval(ages, 15000);
  window.EnvBoard = { next: next, refresh: refresh, state: state, stop: function () { window.clearInterval(rotation); } };
})();
