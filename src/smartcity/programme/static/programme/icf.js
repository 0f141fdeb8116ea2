/* ICF pages: the evidence form shows the fields of the chosen kind; the comparison chart
   highlights a year's bars when its legend entry is hovered and shows a value on hover.
   No library: the chart itself is SVG drawn by the server. */
(function () {
  "use strict";
  var kind = document.getElementById("evidence-kind");
  if (kind) {
    var form = kind.form;
    var sync = function () {
      form.querySelectorAll("[data-for]").forEach(function (p) {
        p.hidden = p.getAttribute("data-for").split(" ").indexOf(kind.value) < 0;
      });
    };
    kind.addEventListener("change", sync);
    sync();
  }
  var chart = document.getElementById("icf-chart");
  if (!chart) { return; }
  var tip = document.createElement("div");
  tip.className = "icf-tip";
  document.body.appendChild(tip);
  chart.querySelectorAll("rect.bar").forEach(function (bar) {
    bar.addEventListener("mouseenter", function () {
      var box = bar.getBoundingClientRect();
      tip.textContent = bar.getAttribute("data-year") + ": " + bar.getAttribute("data-value");
      tip.style.left = (window.scrollX + box.left) + "px";
      tip.style.top = (window.scrollY + box.top - 24) + "px";
      tip.style.display = "block";
    });
    bar.addEventListener("mouseleave", function () { tip.style.display = "none"; });
  });
  document.querySelectorAll("#legend li").forEach(function (li) {
    var year = li.getAttribute("data-year");
    var toggle = function (on) {
      chart.querySelectorAll('rect.bar[data-year="' + year + '"]').forEach(function (b) { b.classList.toggle("hl", on); });
    };
    li.addEventListener("mouseenter", function () { toggle(true); });
    li.addEventListener("mouseleave", function () { toggle(false); });
  });
})();
