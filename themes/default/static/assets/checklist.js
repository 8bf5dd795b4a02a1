// Checklists that remember: every task item can be ticked, and ticks are kept per page and item
// in this browser (with the time of each tick), so a reload or a return visit finds them. Each
// list and the page show their progress; "Copy progress" copies a plain-text record for the
// incident channel or ticket; "Reset" clears the page, and can be undone for a while.
// Copying goes through copy-code.js's `window.dontpanicCopy`.
// needs: i18n.js copy-code.js
(function () {
  "use strict";
  // Set up again for each page the single-file copy shows.
  function setup() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll("input.task-check[data-check]"));
    if (!boxes.length) return;
    var page = document.body.getAttribute("data-page") || location.pathname;
    var key = "dontpanic-checklist:" + page;

    // Ticks by item id, in objects with no prototype: an item may be called `constructor`,
    // which every ordinary object already answers to.
    function load() {
      var state = Object.create(null);
      try {
        var stored = JSON.parse(localStorage.getItem(key) || "{}");
        if (stored && typeof stored === "object") {
          Object.keys(stored).forEach(function (id) {
            var tick = stored[id];
            if (tick && typeof tick === "object") state[id] = { done: tick.done === true, at: typeof tick.at === "string" ? tick.at : "" };
          });
        }
      } catch (e) { /* unreadable: start empty */ }
      return state;
    }
    function save(state) {
      try { localStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* storage off: ticks last until reload */ }
    }
    function utc(iso) { return iso ? iso.slice(0, 16).replace("T", " ") + " UTC" : ""; }
    function itemText(box) {
      var li = box.closest("li");
      var clone = li.cloneNode(true);
      clone.querySelectorAll("ul, ol, input").forEach(function (n) { n.remove(); });
      return clone.textContent.replace(/\s+/g, " ").trim();
    }

    var state = load();
    var defaults = new Map();
    boxes.forEach(function (box) {
      var id = box.getAttribute("data-check");
      defaults.set(id, box.checked);
      var saved = state[id];
      if (saved) box.checked = !!saved.done;
      box.disabled = false;
      box.addEventListener("change", function () {
        state[id] = { done: box.checked, at: new Date().toISOString() };
        save(state);
        update();
      });
    });

    // A progress line before each list that holds task items, and one bar for the page.
    var lists = [];
    boxes.forEach(function (box) {
      var list = box.closest("ul, ol");
      if (lists.indexOf(list) < 0) lists.push(list);
    });
    var listProgress = lists.map(function (list) {
      var p = document.createElement("p");
      p.className = "list-progress";
      list.parentNode.insertBefore(p, list);
      return p;
    });
    var bar = document.createElement("div");
    bar.className = "checklist-bar";
    bar.setAttribute("role", "status");
    var total = document.createElement("span");
    total.className = "checklist-progress";
    var copy = document.createElement("button");
    copy.type = "button";
    copy.textContent = window.dontpanicText("checklist.copy", "Copy progress");
    var reset = document.createElement("button");
    reset.type = "button";
    reset.textContent = window.dontpanicText("checklist.reset", "Reset");
    bar.appendChild(total);
    bar.appendChild(copy);
    bar.appendChild(reset);
    var header = document.querySelector(".page-header");
    if (header) header.appendChild(bar); else lists[0].parentNode.insertBefore(bar, lists[0]);

    function count(list) {
      var own = boxes.filter(function (b) { return !list || b.closest("ul, ol") === list; });
      return [own.filter(function (b) { return b.checked; }).length, own.length];
    }
    function update() {
      lists.forEach(function (list, i) {
        var c = count(list);
        listProgress[i].textContent = window.dontpanicText("checklist.list_done", "{done} of {total} done", { done: c[0], total: c[1], n: c[1] });
        listProgress[i].hidden = lists.length < 2;
      });
      var all = count(null);
      total.textContent = window.dontpanicText("checklist.total_done", "Checklist: {done} of {total} done", { done: all[0], total: all[1], n: all[1] });
      bar.classList.toggle("complete", all[0] === all[1]);
    }

    copy.addEventListener("click", function () {
      var all = count(null);
      var lines = [(document.body.getAttribute("data-title") || document.title) + " — " + all[0] + " of " + all[1] + " done (copied " + utc(new Date().toISOString()) + ")"];
      boxes.forEach(function (box) {
        var saved = state[box.getAttribute("data-check")];
        var when = box.checked && saved && saved.done ? " — " + utc(saved.at) : "";
        lines.push((box.checked ? "[x] " : "[ ] ") + itemText(box) + when);
      });
      var text = lines.join("\n") + "\n";
      var done = function () { copy.textContent = window.dontpanicText("checklist.copied", "Copied"); setTimeout(function () { copy.textContent = window.dontpanicText("checklist.copy", "Copy progress"); }, 2000); };
      (window.dontpanicCopy ? window.dontpanicCopy(text) : Promise.reject(new Error("no copy"))).then(done, function () {
        copy.textContent = window.dontpanicText("checklist.copy_failed", "Copy failed");
      });
    });
    // One tap must not lose an incident's worth of ticks: a reset can be undone for a minute.
    var undo = null, undoTimer = null;
    function endUndo() { undo = null; clearTimeout(undoTimer); reset.textContent = window.dontpanicText("checklist.reset", "Reset"); }
    reset.addEventListener("click", function () {
      if (undo) {
        state = undo.state;
        save(state);
        boxes.forEach(function (box, i) { box.checked = undo.checked[i]; });
        endUndo();
        update();
        return;
      }
      undo = { state: state, checked: boxes.map(function (box) { return box.checked; }) };
      state = Object.create(null);
      save(state);
      boxes.forEach(function (box) { box.checked = defaults.get(box.getAttribute("data-check")) === true; });
      update();
      reset.textContent = window.dontpanicText("checklist.undo", "Undo reset");
      undoTimer = setTimeout(endUndo, 60000);
    });
    update();
  }
  setup();
  document.addEventListener("dontpanic:page", setup);
})();
