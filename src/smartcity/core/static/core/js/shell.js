// The phone menu toggle and the current-page mark in the navigation.
(function () {
  var bar = document.querySelector(".topbar");
  var toggle = document.querySelector(".menu-toggle");
  if (toggle && bar) {
    toggle.addEventListener("click", function () {
      var open = bar.classList.toggle("nav-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  var here = window.location.pathname;
  document.querySelectorAll(".mainnav a").forEach(function (a) {
    var path = a.getAttribute("href");
    if (path === here || (path !== "/" && here.indexOf(path) === 0)) a.setAttribute("aria-current", "page");
  });
})();
