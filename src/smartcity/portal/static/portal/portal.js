/* The website's shell: the phone menu and the language links (kept in the platform's
   language cookie, so the choice stays on every page). */
(function () {
  document.documentElement.classList.add("js");
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  document.querySelectorAll(".langs a[data-lang]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      document.cookie = "django_language=" + a.dataset.lang + "; path=/; max-age=31536000; samesite=lax";
      var url = new URL(window.location.href);
      url.searchParams.delete("lang");
      window.location.assign(url.toString());
    });
  });
})();
