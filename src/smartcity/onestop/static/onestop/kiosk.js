// Counter kiosk: a survey left half-answered goes back to the start after a while without
// a touch, so the next citizen never sees someone else's answers. The delay and the start
// page come from the element's data attributes.
(function () {
  "use strict";
  var box = document.getElementById("kiosk-survey");
  if (!box) { return; }
  var seconds = parseInt(box.getAttribute("data-idle-seconds"), 10) || 120;
  var start = box.getAttribute("data-start-url");
  var timer = null;
  function arm() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(function () { window.location.assign(start); }, seconds * 1000);
  }
  ["pointerdown", "keydown", "input", "touchstart", "scroll"].forEach(function (name) {
    document.addEventListener(name, arm, { passive: true });
  });
  arm();
})();
