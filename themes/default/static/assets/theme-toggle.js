// Light/dark toggle. The page follows the system until the reader picks one; the choice is
// remembered for every page of the site (the inline script in <head> applies it before paint).
// needs: i18n.js
(function () {
  "use strict";
  var button = document.querySelector(".theme-toggle");
  if (!button) return;
  var root = document.documentElement;
  function current() {
    if (root.dataset.theme) return root.dataset.theme;
    return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  function label() {
    var next = current() === "dark" ? "light" : "dark";
    var text = next === "dark" ? window.dontpanicText("theme.to_dark", "Switch to dark theme") : window.dontpanicText("theme.to_light", "Switch to light theme");
    button.setAttribute("aria-label", text);
    button.title = text;
  }
  button.hidden = false;
  label();
  button.addEventListener("click", function () {
    var next = current() === "dark" ? "light" : "dark";
    root.dataset.theme = next;
    try { localStorage.setItem("dontpanic-theme", next); } catch (e) { /* storage may be off */ }
    label();
  });
})();
