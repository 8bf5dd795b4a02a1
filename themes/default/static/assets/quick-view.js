// Quick view, on runbooks and playbooks: only the sections a responder needs first — headings
// named like first actions, immediate steps or escalation, or marked {.quick} — with the rest
// folded away. The choice is remembered per page: the next playbook opens whole, and a page in
// quick view says so above its content.
// needs: i18n.js
(function () {
  "use strict";
  // Set up again for each page the single-file copy shows.
  function setup() {
    var body = document.body;
    if (!/\bkind-(runbook|playbook)\b/.test(body.className)) return;
    var content = document.querySelector(".page-body > .content, article .content");
    if (!content) return;
    var QUICK = /first action|first step|first minutes|immediate|escalat/i;
    var KEY = "dontpanic-quick-view:" + (body.getAttribute("data-page") || location.pathname);

    // Every top-level element belongs to the section of the h2 before it.
    var quick = false;
    var any = false;
    Array.prototype.forEach.call(content.children, function (el) {
      if (el.tagName === "H2") {
        quick = el.classList.contains("quick") || QUICK.test(el.textContent);
        any = any || quick;
      }
      el.setAttribute("data-quick", quick ? "yes" : "no");
    });
    if (!any) return;

    var button = document.createElement("button");
    button.type = "button";
    button.className = "quick-view-toggle";
    button.title = window.dontpanicText("quick_view.title", "Show only what to do first (t)");
    var header = document.querySelector(".page-header");
    (header || content).appendChild(button);

    var note = document.createElement("p");
    note.className = "quick-view-note";
    note.textContent = window.dontpanicText("quick_view.note", "Quick view: only what to do first is shown; the other sections are folded away.");
    content.parentNode.insertBefore(note, content);
    function apply(on) {
      body.classList.toggle("quick-view", on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? window.dontpanicText("quick_view.whole", "Show the whole page") : window.dontpanicText("quick_view.button", "Quick view");
      note.hidden = !on;
    }
    var stored = false;
    try { stored = localStorage.getItem(KEY) === "on"; } catch (e) { /* storage off */ }
    apply(stored);
    button.addEventListener("click", function () {
      var on = !body.classList.contains("quick-view");
      try { localStorage.setItem(KEY, on ? "on" : "off"); } catch (e) { /* storage off */ }
      apply(on);
    });
  }
  setup();
  document.addEventListener("dontpanic:page", setup);
})();
