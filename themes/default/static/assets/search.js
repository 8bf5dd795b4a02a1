// Search, offline, what a person sees: the box in every page's header and on the search page,
// the filters, and the results with their matched words highlighted. All text is inserted as
// text, never as HTML. The engine (search/engine.js) finds the results.
// needs: i18n.js search/engine.js
(function () {
  "use strict";
  var T = window.dontpanicText;
  var store = window.dontpanicSearch;
  var boxes = document.querySelectorAll(".search-box input[type=search]");
  if (!store || !store.search || !boxes.length) return;
  var singleFile = window.dontpanicSingleFile;
  var search = store.search, docOf = store.docOf, termOf = store.termOf, words = store.wordsOf;
  var loadMeta = store.loadMeta, root = store.root;

  // ---- showing results, as text ----
  // A document is [title, url, path, kind, severity, services, names (alerts and tags), sections,
  // description],
  // each section [anchor, heading, text].
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // A word is highlighted when it is one of the index terms the query matched.
  function matches(word, hits) { return hits.has(termOf(word)); }
  function highlighted(text, hits) {
    var out = document.createDocumentFragment();
    var last = 0;
    text.replace(/[\p{L}\p{N}_]+/gu, function (word, at) {
      if (matches(word, hits)) {
        out.appendChild(document.createTextNode(text.slice(last, at)));
        out.appendChild(el("mark", "", word));
        last = at + word.length;
      }
      return word;
    });
    out.appendChild(document.createTextNode(text.slice(last)));
    return out;
  }
  function snippet(text, hits) {
    var first = -1;
    text.replace(/[\p{L}\p{N}_]+/gu, function (word, at) { if (first < 0 && matches(word, hits)) first = at; return word; });
    var start = Math.max(0, first - 60);
    // Start and end on word boundaries.
    if (start > 0) { var space = text.indexOf(" ", start); if (space >= 0 && space < first) start = space + 1; }
    var end = Math.min(text.length, start + 180);
    if (end < text.length) { var cut = text.lastIndexOf(" ", end); if (cut > first) end = cut; }
    var piece = text.slice(start, end);
    return (start > 0 ? "…" : "") + piece + (end < text.length ? "…" : "");
  }
  function resultLink(r, hits) {
    var d = docOf(r.doc, r);
    var section = d[7][r.section] || d[7][0];
    var a = el("a", "search-result");
    a.href = root() + d[1] + (section && section[0] ? "#" + section[0] : "");
    a.setAttribute("role", "option");
    var title = el("span", "search-result-title");
    title.appendChild(highlighted(d[0], hits));
    // Found in the default language's index, the page's own language having too little.
    if (r.other_language) title.appendChild(el("span", "search-result-language", " " + otherLanguage(r.other_language)));
    if (section && section[0]) {
      title.appendChild(el("span", "search-result-section", " › " + section[1]));
    }
    a.appendChild(title);
    if (d[2]) a.appendChild(el("span", "search-result-path", d[2]));
    // A runbook or playbook found by its title shows where to start.
    var titleMatched = words(d[0]).some(function (w) { return matches(w, hits); });
    if (d[9] && titleMatched && !(section && section[0])) {
      var step = el("span", "search-result-snippet search-result-step");
      step.appendChild(el("strong", "", T("search.first_step", "First step: ")));
      step.appendChild(highlighted(d[9], hits));
      a.appendChild(step);
      return withBadges(a, d);
    }
    var text = (section && section[2]) || d[8] || (d[7].filter(function (s) { return s[2]; })[0] || [])[2] || "";
    if (text) {
      var p = el("span", "search-result-snippet");
      p.appendChild(highlighted(snippet(text, hits), hits));
      a.appendChild(p);
    }
    return withBadges(a, d);
  }
  // The marker of a result in another language; the strings catalog says it in the page's
  // language when it has the key.
  function otherLanguage(code) {
    var strings = window.dontpanicStrings || {};
    var said = strings.search && strings.search.other_language;
    return typeof said === "string" && said ? said.replace("{language}", code) : "In English";
  }
  function withBadges(a, d) {
    var badges = el("span", "search-result-badges");
    if (d[3] && d[3] !== "page") badges.appendChild(el("span", "badge badge-kind kind-" + d[3], d[3]));
    if (d[4]) badges.appendChild(el("span", "badge badge-severity severity-" + d[4].toLowerCase(), d[4]));
    if (badges.childNodes.length) a.appendChild(badges);
    return a;
  }

  // What is said above the results when not every word was found, and instead of them when
  // nothing was: a suggestion, and the playbooks to start from.
  function partialNote(found) {
    if (!found.results.length || found.matched >= found.words.length) return null;
    var note = el("p", "search-note", T("search.partial", "Showing pages that match {matched} of {total} words", { matched: found.matched, total: found.words.length, n: found.words.length }));
    if (found.missing.length) {
      note.appendChild(document.createTextNode(": "));
      found.missing.forEach(function (word, i) {
        if (i) note.appendChild(document.createTextNode(", "));
        note.appendChild(el("em", "", word));
      });
      note.appendChild(document.createTextNode(T("search.not_found", " not found.")));
    } else {
      note.appendChild(document.createTextNode("."));
    }
    return note;
  }
  function nothingFound(query, found, input, run) {
    var box = el("div", "search-empty");
    box.appendChild(el("p", "", T("search.no_results", "No page matches “{query}”.", { query: query })));
    if (found.suggestion) {
      var p = el("p", "search-suggestion", T("search.did_you_mean", "Did you mean "));
      var b = el("button", "search-suggestion-link", found.suggestion);
      b.type = "button";
      b.addEventListener("mousedown", function (e) { e.preventDefault(); });
      b.addEventListener("click", function () { input.value = found.suggestion; run(); input.focus(); });
      p.appendChild(b);
      p.appendChild(document.createTextNode("?"));
      box.appendChild(p);
    }
    if (found.fallback.length) {
      box.appendChild(el("p", "search-fallback-title", T("search.start_from", "Start from a scenario playbook:")));
      var list = el("ul", "search-fallback");
      found.fallback.forEach(function (page) {
        var li = el("li");
        var link = el("a", "search-result", page[0]);
        link.href = root() + page[1];
        li.appendChild(link);
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    return box;
  }

  // ---- the box in every page, and the search page ----
  // Filters in three labelled groups: kinds, severities from the most severe, services by
  // name. They fold behind "Filters" on a phone.
  function chips(container, filters, onChange) {
    loadMeta().then(function (meta) {
      if (!meta) return;
      container.textContent = "";
      var rank = function (s) { var i = (meta.severity_order || []).indexOf(s); return i < 0 ? 1e3 : i; };
      // Service names by id: an id may be `constructor`, which every object answers to.
      var names = meta.service_names || {};
      var label = function (value, group) {
        if (group === "service") return (Object.prototype.hasOwnProperty.call(names, value) && names[value]) || value;
        return group === "kind" ? value.charAt(0).toUpperCase() + value.slice(1) : value;
      };
      var groups = [
        ["kind", T("search.kind", "Kind"), meta.kinds.filter(function (k) { return k !== "page"; })],
        ["severity", T("search.severity", "Severity"), meta.severities.slice().sort(function (a, b) { return rank(a) - rank(b); })],
        ["service", T("search.service", "Service"), meta.services.slice().sort(function (a, b) { return label(a, "service").localeCompare(label(b, "service")); })],
      ].filter(function (g) { return g[2].length; });
      if (!groups.length) return;
      var fold = el("details", "search-filters");
      fold.open = !window.matchMedia("(max-width: 50rem)").matches;
      fold.appendChild(el("summary", "search-filters-title", T("search.filters", "Filters")));
      groups.forEach(function (group) {
        var row = el("div", "search-chip-group");
        row.appendChild(el("span", "search-chip-label", group[1]));
        group[2].forEach(function (value) {
          var b = el("button", "chip search-chip", label(value, group[0]));
          b.type = "button";
          b.setAttribute("data-filter", group[0]);
          b.setAttribute("data-value", value);
          b.setAttribute("aria-pressed", filters[group[0]].indexOf(value) >= 0 ? "true" : "false");
          b.addEventListener("mousedown", function (e) { e.preventDefault(); });
          b.addEventListener("click", function () {
            var list = filters[group[0]];
            var at = list.indexOf(value);
            if (at >= 0) list.splice(at, 1); else list.push(value);
            b.setAttribute("aria-pressed", at >= 0 ? "false" : "true");
            onChange();
          });
          row.appendChild(b);
        });
        fold.appendChild(row);
      });
      container.appendChild(fold);
    });
  }

  function attach(input, options) {
    var form = input.closest("form");
    var panel = options.panel;
    var list = options.list;
    var filters = { kind: [], severity: [], service: [] };
    var selected = -1;
    var counter = 0;
    var chipsShown = false;
    function links() { return list.querySelectorAll(".search-result"); }
    function select(i) {
      var all = links();
      if (!all.length) return;
      selected = (i + all.length) % all.length;
      all.forEach(function (a, j) { a.setAttribute("aria-selected", j === selected ? "true" : "false"); });
      all[selected].scrollIntoView({ block: "nearest" });
    }
    function run() {
      var query = input.value.trim();
      var mine = ++counter;
      if (!chipsShown && options.chips) { chipsShown = true; chips(options.chips, filters, run); }
      if (!query) { list.textContent = ""; if (!options.page) panel.hidden = true; return; }
      panel.hidden = false;
      search(query, filters, options.limit).then(function (found) {
        if (mine !== counter) return;
        list.textContent = "";
        selected = -1;
        if (!found.results.length) list.appendChild(nothingFound(query, found, input, run));
        var note = partialNote(found);
        if (note) list.appendChild(note);
        found.results.forEach(function (r) { list.appendChild(resultLink(r, found.hits)); });
        if (options.status) {
          options.status.textContent = found.results.length ? T("search.count", { one: "{n} result", other: "{n} results" }, { n: found.total }) : "";
        }
        if (!options.page && found.total > found.results.length) {
          var more = el("a", "search-more", T("search.all", "All {n} results", { n: found.total }));
          more.href = root() + (document.body.getAttribute("data-search-page") || "dontpanic/search.html") + "?q=" + encodeURIComponent(query);
          list.appendChild(more);
        }
      });
    }
    var timer = null;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 60); });
    input.addEventListener("focus", function () { loadMeta(); if (input.value.trim()) run(); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); select(selected + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); select(selected - 1); }
      else if (e.key === "Enter") {
        var all = links();
        if (all.length && !(options.page && selected < 0)) { e.preventDefault(); all[Math.max(selected, 0)].click(); }
      } else if (e.key === "Escape") {
        if (!options.page) panel.hidden = true;
        input.blur();
      }
    });
    if (!options.page) {
      input.addEventListener("blur", function () { setTimeout(function () { if (!form.contains(document.activeElement)) panel.hidden = true; }, 150); });
    }
    return run;
  }

  // The search page: its box, filters and results, with the query from the address.
  function setupSearchPage() {
    var page = document.getElementById("search-page");
    var input = page && page.querySelector(".search-box input[type=search]");
    if (!input) return;
    var q = new URLSearchParams(singleFile ? singleFile.query() : location.search).get("q") || "";
    input.value = q;
    var run = attach(input, { panel: page, list: page.querySelector(".search-list"), chips: page.querySelector(".search-chips"), status: page.querySelector(".search-status"), limit: 50, page: true });
    document.querySelectorAll(".search-box input[type=search]").forEach(function (other) { if (other !== input) other.value = q; });
    run();
    if (!q) input.focus();
  }
  // The box in every page's header.
  var headerBoxes = [];
  boxes.forEach(function (input) {
    var page = document.getElementById("search-page");
    if (page && page.contains(input)) return;
    var panel = input.closest("form").querySelector(".search-panel");
    var list = panel.querySelector(".search-list");
    attach(input, { panel: panel, list: list, chips: panel.querySelector(".search-chips"), limit: 8, page: false });
    headerBoxes.push({ input: input, panel: panel, list: list });
  });
  setupSearchPage();
  // In the single-file copy the header stays while pages change: each page starts with an
  // empty box, as a newly opened page does.
  document.addEventListener("dontpanic:page", function () {
    headerBoxes.forEach(function (box) {
      box.input.value = "";
      box.list.textContent = "";
      box.panel.hidden = true;
    });
    setupSearchPage();
  });

  // `/` or Ctrl-K (Cmd-K) puts the cursor in the search box.
  document.addEventListener("keydown", function (e) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) || document.activeElement.isContentEditable;
    if ((e.key === "/" && !typing) || ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k")) {
      e.preventDefault();
      var page = document.querySelector("#search-page input[type=search]");
      (page || boxes[0]).focus();
      (page || boxes[0]).select();
    }
  });
})();
