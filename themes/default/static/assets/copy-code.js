// A "Copy" button on every code block. Hidden until this script runs, so it never shows dead.
// Gives `window.dontpanicCopy(text)`, a promise of the text copied, to the other scripts.
// needs: i18n.js
(function () {
  "use strict";
  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).catch(function () { return copyByTextarea(text); });
    }
    return copyByTextarea(text);
  }
  // Where the clipboard API is missing or refused (some browsers on file://): a hidden textarea.
  function copyByTextarea(text) {
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }
  // Shared with the other scripts of the theme (checklists copy their progress).
  window.dontpanicCopy = copyText;

  // Each page's code blocks; again for each page the single-file copy shows.
  function setup() {
    document.querySelectorAll(".code-block").forEach(addButton);
  }
  function addButton(block) {
    var button = block.querySelector(".copy-code");
    var code = block.querySelector("code");
    if (!button || !code) return;
    button.textContent = window.dontpanicText("copy.copy", "Copy");
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(code.innerText).then(function () {
        button.textContent = window.dontpanicText("copy.copied", "Copied");
        button.classList.add("copied");
      }, function () {
        button.textContent = window.dontpanicText("copy.select", "Select and copy");
      });
      setTimeout(function () { button.textContent = window.dontpanicText("copy.copy", "Copy"); button.classList.remove("copied"); }, 2000);
    });
  }
  setup();
  document.addEventListener("dontpanic:page", setup);
})();
