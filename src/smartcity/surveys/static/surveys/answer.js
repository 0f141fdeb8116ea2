// Skip logic on the answering page: a question with data-show-if shows only when the earlier
// question it names has one of the listed values. The server applies the same rule.
(function () {
  var form = document.getElementById("sv-form");
  if (!form) return;
  function values(key) {
    var out = [];
    form.querySelectorAll('[name="' + key + '"]').forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") ? el.checked : el.value) out.push(el.value);
    });
    return out;
  }
  function update() {
    var shown = {};
    form.querySelectorAll(".sv-q").forEach(function (q) {
      var cond = q.getAttribute("data-show-if");
      var visible = true;
      if (cond) {
        var wanted = (q.getAttribute("data-show-values") || "").split("|");
        visible = !!shown[cond] && values(cond).some(function (v) { return wanted.indexOf(v) >= 0; });
      }
      q.hidden = !visible;
      shown[q.getAttribute("data-key")] = visible;
    });
  }
  form.addEventListener("change", update);
  update();
})();
