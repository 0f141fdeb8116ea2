// The top bar: the phone menu toggle, the grouped menus (disclosure buttons: Enter/Space
// open, Escape closes and returns focus, a click elsewhere or focus leaving closes) and the
// current-page mark. Without JavaScript the menus stay plain, always-open lists.
(function () {
  var bar = document.querySelector(".topbar");
  var toggle = document.querySelector(".menu-toggle");
  if (toggle && bar) {
    toggle.addEventListener("click", function () {
      var open = bar.classList.toggle("nav-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  var groups = Array.prototype.slice.call(document.querySelectorAll(".navgroup"));
  function setOpen(group, open) {
    group.classList.toggle("open", open);
    var button = group.querySelector(".navgroup-toggle");
    if (button) button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  function closeAll(except) {
    groups.forEach(function (g) { if (g !== except) setOpen(g, false); });
  }
  groups.forEach(function (group) {
    var button = group.querySelector(".navgroup-toggle");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = !group.classList.contains("open");
      closeAll(group);
      setOpen(group, open);
    });
    group.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && group.classList.contains("open")) {
        setOpen(group, false);
        button.focus();
        event.stopPropagation();
      }
    });
    group.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !group.contains(event.relatedTarget)) setOpen(group, false);
    });
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest(".navgroup")) closeAll(null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && bar && bar.classList.contains("nav-open") && toggle) {
      bar.classList.remove("nav-open");
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }
  });

  // A table wider than its box scrolls sideways; keyboard users can scroll it only if the
  // box takes focus (WCAG 2.1.1, axe's scrollable-region-focusable).
  function focusableScrollers() {
    document.querySelectorAll('[class*="table-wrap"], [data-scroll-region]').forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-scroll-focus", "");
      } else if (!scrolls && el.hasAttribute("data-scroll-focus")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-scroll-focus");
      }
    });
  }
  focusableScrollers();
  var resizing;
  window.addEventListener("resize", function () { clearTimeout(resizing); resizing = setTimeout(focusableScrollers, 200); });
  window.addEventListener("load", focusableScrollers);
  window.SmartCityShell = { focusableScrollers: focusableScrollers };

  var here = window.location.pathname;
  document.querySelectorAll(".mainnav a").forEach(function (a) {
    var path = a.getAttribute("href");
    if (path === here || (path !== "/" && here.indexOf(path) === 0)) {
      a.setAttribute("aria-current", "page");
      var group = a.closest(".navgroup");
      if (group) group.classList.add("current");
    }
  });
})();
