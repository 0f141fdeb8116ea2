// Rule editor: show only the fields of the chosen target and kind. Without JavaScript
// every field stays visible and the server ignores those that do not apply.
(function () {
  "use strict";
  var form = document.getElementById("rule-form");
  if (!form) { return; }
  function value(name) {
    var el = form.elements[name];
    return el ? el.value : "";
  }
  function update() {
    var current = { target: value("target"), kind: value("kind") };
    form.querySelectorAll("[data-show]").forEach(function (box) {
      var show = box.getAttribute("data-show").split(" ").some(function (cond) {
        var parts = cond.split(":");
        return current[parts[0]] === parts[1];
      });
      box.hidden = !show;
    });
  }
  form.addEventListener("change", update);
  update();
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (ev) {
      if (!window.confirm(f.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });
}());
