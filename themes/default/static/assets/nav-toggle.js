// On small screens the navigation folds behind a Menu button; without JavaScript it stays open.
(function () {
  "use strict";
  var button = document.querySelector(".nav-toggle");
  var sidebar = document.getElementById("sidebar");
  if (!button || !sidebar) return;
  document.documentElement.classList.add("js");
  var narrow = window.matchMedia("(max-width: 50rem)");
  function sync() { button.hidden = !narrow.matches; }
  sync();
  narrow.addEventListener("change", sync);
  button.addEventListener("click", function () {
    var open = sidebar.classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
  // In the single-file copy the menu stays on screen between pages: close it on the way.
  document.addEventListener("dontpanic:page", function () {
    sidebar.classList.remove("open");
    button.setAttribute("aria-expanded", "false");
  });
})();
