// Keyboard first: `?` lists the shortcuts, `/` searches, `g h` goes home, `t` toggles quick view.
// needs: i18n.js
(function () {
  "use strict";
  var SHORTCUTS = [
    ["/", window.dontpanicText("shortcuts.search", "Search (also Ctrl-K)")],
    ["g h", window.dontpanicText("shortcuts.home", "Go to the home page")],
    ["t", window.dontpanicText("shortcuts.quick_view", "Quick view on runbooks and playbooks")],
    ["?", window.dontpanicText("shortcuts.help", "Show these shortcuts")],
    ["Esc", window.dontpanicText("shortcuts.close", "Close")]
  ];
  var dialog = null;
  function show() {
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "shortcuts";
      var title = document.createElement("h2");
      title.textContent = window.dontpanicText("shortcuts.title", "Keyboard shortcuts");
      dialog.appendChild(title);
      var list = document.createElement("dl");
      SHORTCUTS.forEach(function (s) {
        var dt = document.createElement("dt");
        s[0].split(" ").forEach(function (key) {
          var kbd = document.createElement("kbd");
          kbd.textContent = key;
          dt.appendChild(kbd);
        });
        var dd = document.createElement("dd");
        dd.textContent = s[1];
        list.appendChild(dt);
        list.appendChild(dd);
      });
      dialog.appendChild(list);
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = window.dontpanicText("shortcuts.close", "Close");
      close.addEventListener("click", function () { dialog.close(); });
      dialog.appendChild(close);
      document.body.appendChild(dialog);
    }
    if (!dialog.open) dialog.showModal();
  }
  var button = document.querySelector(".shortcuts-toggle");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", show);
  }
  var pendingG = 0;
  document.addEventListener("keydown", function (e) {
    var el = document.activeElement;
    var typing = el && (/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable);
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "?") { e.preventDefault(); show(); return; }
    if (e.key === "g") { pendingG = Date.now(); return; }
    if (e.key === "h" && Date.now() - pendingG < 1500) {
      pendingG = 0;
      // The header's home link knows the way, in the built folder and in the single-file copy.
      var home = document.querySelector(".brand[href]");
      if (home) home.click(); else location.href = (document.body.getAttribute("data-root") || "") + "index.html";
      return;
    }
    if (e.key === "t") {
      var toggle = document.querySelector(".quick-view-toggle");
      if (toggle) { e.preventDefault(); toggle.click(); }
    }
  });
})();
