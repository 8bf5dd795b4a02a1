// Commands you can paste: placeholders such as {{region}} in code blocks get one labelled input
// each in a variables bar; what is typed there replaces them in what is shown and copied, and
// is remembered for the whole site.
// needs: i18n.js
(function () {
  "use strict";
  // Set up again for each page the single-file copy shows.
  function setup() {
    var spans = Array.prototype.slice.call(document.querySelectorAll(".code-block .var[data-var]"));
    if (!spans.length) return;
    var KEY = "dontpanic-variables";
    // By name, in an object with no prototype: a placeholder may be called `constructor` or
    // `__proto__`, which every ordinary object already answers to.
    var values = Object.create(null);
    try {
      var stored = JSON.parse(localStorage.getItem(KEY) || "{}");
      if (stored && typeof stored === "object") {
        Object.keys(stored).forEach(function (name) {
          if (typeof stored[name] === "string") values[name] = stored[name];
        });
      }
    } catch (e) { /* unreadable: start empty */ }
    var names = [];
    spans.forEach(function (s) {
      var name = s.getAttribute("data-var");
      if (names.indexOf(name) < 0) names.push(name);
    });

    function show(name) {
      var value = values[name] || "";
      spans.forEach(function (s) {
        if (s.getAttribute("data-var") !== name) return;
        s.textContent = value || "{{" + name + "}}";
        s.classList.toggle("filled", !!value);
      });
    }

    var bar = document.createElement("div");
    bar.className = "variables-bar";
    var title = document.createElement("span");
    title.className = "variables-title";
    title.textContent = window.dontpanicText("variables.title", "Fill in the commands:");
    bar.appendChild(title);
    names.forEach(function (name) {
      var label = document.createElement("label");
      var caption = document.createElement("span");
      caption.textContent = name;
      var input = document.createElement("input");
      input.type = "text";
      input.spellcheck = false;
      input.autocomplete = "off";
      input.setAttribute("data-var-input", name);
      input.placeholder = name;
      input.value = values[name] || "";
      // The box grows with what is typed, so a long host name stays readable.
      var fit = function () { input.size = Math.max(14, Math.min(60, input.value.length + 2)); };
      fit();
      input.addEventListener("input", function () {
        fit();
        values[name] = input.value;
        try { localStorage.setItem(KEY, JSON.stringify(values)); } catch (e) { /* storage off */ }
        show(name);
      });
      label.appendChild(caption);
      label.appendChild(input);
      bar.appendChild(label);
      show(name);
    });
    var first = spans[0].closest(".code-block");
    first.parentNode.insertBefore(bar, first);
  }
  setup();
  document.addEventListener("dontpanic:page", setup);
})();
