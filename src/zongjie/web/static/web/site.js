// The menu button on narrow screens: opens and closes the main navigation.
(function () {
  "use strict";
  function start() {
    var button = document.querySelector(".menu-toggle");
    if (!button) return;
    var bar = button.closest(".topbar");
    button.addEventListener("click", function () {
      var open = bar.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
