/* Plan tree: expand or collapse every branch, and filter as one types (diacritics ignored,
   the same folding as the server's search). Works without it: the filter form submits. */
(function () {
  "use strict";
  var tree = document.querySelector(".pi-tree");
  if (!tree) return;
  function fold(text) {
    return (text || "").replace(/[đĐ]/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function setAll(open) {
    tree.querySelectorAll("details").forEach(function (d) { d.open = open; });
  }
  var expand = document.getElementById("pi-expand"), collapse = document.getElementById("pi-collapse");
  if (expand) expand.addEventListener("click", function () { setAll(true); });
  if (collapse) collapse.addEventListener("click", function () { setAll(false); });
  var input = document.getElementById("pi-q"), counter = document.getElementById("pi-live-count");
  if (!input) return;
  input.addEventListener("input", function () {
    var words = fold(input.value).split(" ").filter(Boolean);
    var nodes = tree.querySelectorAll("li[data-search]"), shown = 0;
    nodes.forEach(function (li) { li.hidden = false; li.classList.remove("context"); });
    if (!words.length) { if (counter) counter.textContent = ""; return; }
    var keep = new Set();
    nodes.forEach(function (li) {
      var hay = li.getAttribute("data-search");
      if (words.every(function (w) { return hay.indexOf(w) >= 0; })) {
        shown += 1;
        for (var n = li; n && n !== tree; n = n.parentElement) {
          if (n.tagName === "LI") keep.add(n);
          if (n.tagName === "DETAILS") n.open = true;
        }
        li.dataset.hit = "1";
      } else { delete li.dataset.hit; }
    });
    nodes.forEach(function (li) {
      li.hidden = !keep.has(li);
      if (keep.has(li) && !li.dataset.hit) li.classList.add("context");
    });
    if (counter) counter.textContent = shown + " / " + nodes.length;
  });
})();
