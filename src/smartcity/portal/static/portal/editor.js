/* The article editor's toolbar: wraps the selected text of a textarea in one of the allowed
   tags (the server keeps only those: portal/sanitize.py). No third-party code. */
(function () {
  document.querySelectorAll(".toolbar[data-for]").forEach(function (bar) {
    var area = document.getElementById(bar.dataset.for);
    if (!area) { return; }
    bar.hidden = false;
    bar.addEventListener("click", function (ev) {
      var button = ev.target.closest("button[data-tag]");
      if (!button) { return; }
      var tag = button.dataset.tag;
      var start = area.selectionStart, end = area.selectionEnd;
      var chosen = area.value.slice(start, end) || "…";
      var out;
      if (tag === "ul" || tag === "ol") {
        out = "<" + tag + ">" + chosen.split(/\n/).map(function (line) { return "<li>" + line + "</li>"; }).join("") + "</" + tag + ">";
      } else if (tag === "a") {
        var href = window.prompt(button.dataset.prompt || "https://", "https://");
        if (!href) { return; }
        out = '<a href="' + href.replace(/"/g, "&quot;") + '">' + chosen + "</a>";
      } else {
        out = "<" + tag + ">" + chosen + "</" + tag + ">";
      }
      area.setRangeText(out, start, end, "end");
      area.focus();
    });
  });
})();
