// Monthly report page: one chart of daily means per parameter with limits (the hub's SVG chart).
(function () {
  "use strict";
  var data = document.getElementById("report-charts");
  if (!data || !window.Hub || !Hub.chart) return;
  var lang = document.documentElement.lang || "vi";
  JSON.parse(data.textContent).forEach(function (c) {
    var box = document.getElementById(c.id);
    if (box) Hub.chart(box, c.points, { unit: Hub.unit(c.unit), lang: lang, label: c.title, from: c.from, to: c.to });
  });
})();
