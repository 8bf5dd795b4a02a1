// The ticket builder: a template page's fields as a form whose values stay in this browser,
// and a copy as plain text or Markdown with every field in order. Times are written in UTC,
// with the reader's time zone and offset beside them, because support teams work in UTC and
// a time without a zone costs a round trip. Copying goes through copy-code.js's
// `window.dontpanicCopy`.
// needs: i18n.js copy-code.js
(function () {
  "use strict";
  // Set up again for each page the single-file copy shows.
  function setup() {
    var form = document.querySelector("form.ticket-form");
    if (!form) return;
    var key = "dontpanic-ticket:" + (document.body.getAttribute("data-page") || location.pathname);
    var controls = form.querySelectorAll("input, textarea, select");

    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || window.dontpanicText("ticket.local", "local time");
    function offsetOf(date) {
      var minutes = -date.getTimezoneOffset();
      var sign = minutes < 0 ? "-" : "+";
      minutes = Math.abs(minutes);
      return "UTC" + sign + String(Math.floor(minutes / 60)).padStart(2, "0") + ":" + String(minutes % 60).padStart(2, "0");
    }
    form.querySelectorAll(".ticket-zone").forEach(function (span) {
      span.textContent = window.dontpanicText("ticket.zone", "your time zone: {zone} ({offset})", { zone: zone, offset: offsetOf(new Date()) });
    });

    // Values by field id, in objects with no prototype: a field may be called `constructor`
    // or `__proto__`, which every ordinary object already answers to.
    function load() {
      var values = Object.create(null);
      try {
        var stored = JSON.parse(localStorage.getItem(key) || "{}");
        if (stored && typeof stored === "object") {
          Object.keys(stored).forEach(function (name) {
            if (typeof stored[name] === "string") values[name] = stored[name];
          });
        }
      } catch (e) { /* unreadable: start empty */ }
      return values;
    }
    function save() {
      var values = Object.create(null);
      controls.forEach(function (c) { if (c.name) values[c.name] = c.value; });
      try { localStorage.setItem(key, JSON.stringify(values)); } catch (e) { /* storage off */ }
    }
    var stored = load();
    controls.forEach(function (c) {
      if (c.name && stored[c.name] !== undefined) c.value = stored[c.name];
      c.addEventListener("input", save);
      c.addEventListener("change", save);
    });

    function localInputValue(date) {
      var pad = function (n) { return String(n).padStart(2, "0"); };
      return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + "T" + pad(date.getHours()) + ":" + pad(date.getMinutes());
    }
    form.querySelectorAll(".ticket-now").forEach(function (button) {
      button.addEventListener("click", function () {
        var input = document.getElementById(button.getAttribute("data-for"));
        input.value = localInputValue(new Date());
        save();
      });
    });

    // "2026-11-26T14:05" as the reader's local time → "2026-11-26 13:05 UTC".
    function utc(value) {
      var date = new Date(value);
      if (isNaN(date.getTime())) return value;
      return date.toISOString().slice(0, 16).replace("T", " ") + " UTC";
    }
    function local(value) {
      var date = new Date(value);
      return value.replace("T", " ") + " " + zone + " (" + offsetOf(date) + ")";
    }

    // Each field as [label, text lines, required and empty?].
    function entries() {
      return Array.prototype.map.call(form.querySelectorAll(".ticket-field"), function (field) {
        var type = field.getAttribute("data-type");
        var label = field.getAttribute("data-label");
        var inputs = field.querySelectorAll("input, textarea, select");
        var lines = [];
        if (type === "datetime") {
          if (inputs[0].value) lines = [utc(inputs[0].value) + window.dontpanicText("ticket.entered_as", " — entered as ") + local(inputs[0].value)];
        } else if (type === "datetime-range") {
          var start = inputs[0].value, end = inputs[1].value;
          if (start || end) {
            var to = window.dontpanicText("ticket.range_to", " to ");
            lines = [(start ? utc(start) : "?") + to + (end ? utc(end) : window.dontpanicText("ticket.ongoing", "ongoing")) +
              window.dontpanicText("ticket.entered_as", " — entered as ") + (start ? local(start) : "?") + (end ? to + local(end) : "")];
          }
        } else if (type === "list") {
          lines = inputs[0].value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
        } else {
          lines = inputs[0].value.replace(/\s+$/, "").split("\n");
          if (lines.length === 1 && !lines[0].trim()) lines = [];
        }
        var required = field.hasAttribute("data-required");
        return { label: label, type: type, lines: lines, required: required, missing: required && !lines.length };
      });
    }

    // The first line is a case subject: from the form's opening one-line fields (up to the
    // first field of another kind), the required ones' short values in brackets ("[Critical]
    // [Ongoing] [Object storage] [eu-west-1]"), then the first of them (the summary). The
    // template's name when none is filled in.
    function subject(list) {
      var opening = [];
      for (var i = 0; i < list.length && (list[i].type === "text" || list[i].type === "select"); i++) opening.push(list[i]);
      var single = opening.filter(function (e) { return e.required && e.lines.length === 1; });
      if (!single.length) return document.body.getAttribute("data-title") || document.title;
      var tags = single.slice(1).map(function (e) { return "[" + e.lines[0].split(":")[0].split(",")[0].trim() + "]"; });
      return tags.concat([single[0].lines[0]]).join(" ");
    }
    function asText(list) {
      var out = [subject(list), ""];
      list.forEach(function (e) {
        var value = e.lines.length ? e.lines : [window.dontpanicText("ticket.not_given", "(not given)")];
        if (e.type === "textarea" || e.type === "list" || value.length > 1) {
          out.push(e.label + ":");
          value.forEach(function (l) { out.push((e.type === "list" && e.lines.length ? "  - " : "  ") + l); });
        } else {
          out.push(e.label + ": " + value[0]);
        }
      });
      return out.join("\n") + "\n";
    }
    function asMarkdown(list) {
      var out = ["## " + subject(list), ""];
      list.forEach(function (e) {
        var value = e.lines.length ? e.lines : ["_" + window.dontpanicText("ticket.not_given", "(not given)") + "_"];
        if (e.type === "list" && e.lines.length) {
          out.push("**" + e.label + ":**", "");
          value.forEach(function (l) { out.push("- " + l); });
          out.push("");
        } else if (e.type === "textarea" && e.lines.length) {
          out.push("**" + e.label + ":**", "", "```", value.join("\n"), "```", "");
        } else {
          out.push("**" + e.label + ":** " + value[0], "");
        }
      });
      return out.join("\n").replace(/\n+$/, "\n");
    }

    var status = form.querySelector(".ticket-status");
    form.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var list = entries();
        form.querySelectorAll(".ticket-field").forEach(function (field, i) { field.classList.toggle("missing", list[i].missing); });
        var text = button.getAttribute("data-copy") === "markdown" ? asMarkdown(list) : asText(list);
        var missing = list.filter(function (e) { return e.missing; }).map(function (e) { return e.label; });
        var copy = window.dontpanicCopy ? window.dontpanicCopy(text) : Promise.reject(new Error("no copy"));
        copy.then(function () {
          status.textContent = missing.length ? window.dontpanicText("ticket.copied_missing", "Copied — still missing: {fields}", { fields: missing.join(", ") }) : window.dontpanicText("ticket.copied", "Copied.");
        }, function () { status.textContent = window.dontpanicText("ticket.copy_failed", "Copy failed: select the text by hand."); });
      });
    });
    // Clearing can be undone for a minute: one tap must not lose a half-written case.
    var clear = form.querySelector("[data-clear]");
    var clearLabel = clear.textContent, undo = null, undoTimer = null;
    function endUndo() { undo = null; clearTimeout(undoTimer); clear.textContent = clearLabel; }
    clear.addEventListener("click", function () {
      if (undo) {
        controls.forEach(function (c, i) { c.value = undo[i]; });
        save();
        endUndo();
        status.textContent = window.dontpanicText("ticket.restored", "Restored.");
        return;
      }
      undo = Array.prototype.map.call(controls, function (c) { return c.value; });
      controls.forEach(function (c) { c.value = ""; });
      save();
      clear.textContent = window.dontpanicText("ticket.undo", "Undo clear");
      status.textContent = window.dontpanicText("ticket.cleared", "Cleared. Undo brings it back.");
      undoTimer = setTimeout(endUndo, 60000);
    });
  }
  setup();
  document.addEventListener("dontpanic:page", setup);
})();
