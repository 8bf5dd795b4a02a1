// On small screens the navigation folds behind a Menu button, and a page's contents and the
// less urgent parts of its header strip fold too, so that a phone shows the first action on
// the first screen. Without JavaScript everything stays open.
// needs: i18n.js
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 50rem)");
  // The page's own folds: set up again for each page the single-file copy shows.
  function foldPage() {
    var toc = document.querySelector(".toc-details");
    if (toc && narrow.matches) toc.open = false;
    var strip = document.querySelector(".meta-strip");
    if (!strip || strip.querySelector(".meta-more")) return;
    if (!strip.querySelector(":scope > div:not(.essential)")) return;
    var more = document.createElement("button");
    more.type = "button";
    more.className = "meta-more";
    more.textContent = window.dontpanicText("meta.more", "More about this page");
    more.setAttribute("aria-expanded", "false");
    more.addEventListener("click", function () {
      var open = strip.classList.toggle("expanded");
      more.setAttribute("aria-expanded", open ? "true" : "false");
      more.textContent = open ? window.dontpanicText("meta.less", "Less") : window.dontpanicText("meta.more", "More about this page");
    });
    strip.appendChild(more);
  }
  document.documentElement.classList.add("js");
  foldPage();
  document.addEventListener("dontpanic:page", foldPage);
  var button = document.querySelector(".nav-toggle");
  var sidebar = document.getElementById("sidebar");
  if (!button || !sidebar) return;
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
