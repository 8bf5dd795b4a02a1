// Search, offline: the index is a set of scripts written by the build (search/meta.js, one
// shard of terms per two-letter prefix, small chunks of documents). Nothing is loaded until the
// box is first used, and a query loads only the shards and documents it needs. All text is
// inserted as text, never as HTML. The word rules mirror src/search/text.rs.
(function () {
  "use strict";
  var boxes = document.querySelectorAll(".search-box input[type=search]");
  if (!boxes.length) return;
  // The way up to the site's root from the page shown (in the single-file copy, the page
  // changes under this script).
  function root() {
    var fromBody = document.body.getAttribute("data-root");
    return fromBody !== null ? fromBody : boxes[0].getAttribute("data-root") || "";
  }
  var singleFile = window.dontpanicSingleFile;
  var store = (window.dontpanicSearch = window.dontpanicSearch || {});
  var data = { meta: null, shards: {}, docs: {}, attributes: null };
  store.loaded = []; // the index files this page has loaded, in order
  store.meta = function (m) { data.meta = m; };
  store.terms = function (key, t) { data.shards[key] = t; };
  store.docs = function (n, d) { data.docs[n] = d; };
  store.attributes = function (a) { data.attributes = a; };

  var loading = {};
  function load(src) {
    if (!loading[src]) {
      // The single-file copy carries the index as text: such a script runs as it is added.
      var carried = singleFile ? singleFile.script(src) : null;
      loading[src] = carried ? carried.then(function (text) {
        var s = document.createElement("script");
        s.textContent = text;
        document.head.appendChild(s);
        store.loaded.push(src);
        return true;
      }, function () { return false; }) : new Promise(function (resolve) {
        var s = document.createElement("script");
        s.src = root() + src;
        s.onload = function () { store.loaded.push(src); resolve(true); };
        s.onerror = function () { resolve(false); };
        document.head.appendChild(s);
      });
    }
    return loading[src];
  }
  // Where the build wrote the index, from the site's root (the body says; a theme's own body
  // may not, hence the default).
  function indexDir() { return document.body.getAttribute("data-search-index") || "dontpanic/search/"; }
  function loadMeta() { return load(indexDir() + "meta.js").then(function () { return data.meta; }); }

  // ---- words: the same rules as the index ----
  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function words(s) { return s.match(/[\p{L}\p{N}_]+/gu) || []; }
  function isIdentifier(w) { return /[_\p{N}]/u.test(w) || /\p{Ll}\p{Lu}/u.test(w); }
  function stem(w) {
    if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
    if (/ies$/.test(w) && w.length > 4) w = w.slice(0, -3) + "y";
    else if (/(ses|xes|zes|ches|shes)$/.test(w)) w = w.slice(0, -2);
    else if (/s$/.test(w) && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
    var stripped = false;
    if (/ing$/.test(w) && w.length - 3 >= 3) { w = w.slice(0, -3); stripped = true; }
    else if (/ed$/.test(w) && w.length - 2 >= 3) { w = w.slice(0, -2); stripped = true; }
    var n = w.length;
    if (stripped && n >= 2 && w[n - 1] === w[n - 2] && "lsz".indexOf(w[n - 1]) < 0) w = w.slice(0, -1);
    if (w.length > 3 && /e$/.test(w)) w = w.slice(0, -1);
    return w;
  }
  function termOf(word) { var lower = fold(word); return isIdentifier(word) ? lower : stem(lower); }
  // What the index makes of a word: exposed so that the site's own tests can check that the
  // browser and the build agree.
  store.term = termOf;
  function shardFile(key) {
    return Array.from(key).map(function (c) {
      return /[A-Za-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16);
    }).join("");
  }
  function closeEnough(a, b) { // Damerau distance of at most one
    if (Math.abs(a.length - b.length) > 1 || a === b) return a === b;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // ---- queries ----
  // A query is a list of clauses that must all match; a clause is a list of alternatives (a
  // word and its synonyms); an alternative is a list of terms, all needed, and maybe a phrase.
  function parse(query, synonyms) {
    var clauses = [];
    var rest = query.replace(/"([^"]*)"/g, function (_, phrase) {
      var terms = words(phrase).map(termOf);
      if (terms.length) clauses.push([{ terms: terms, phrase: phraseOf(phrase), text: phrase }]);
      return " ";
    });
    var list = words(rest);
    var folded = list.map(fold);
    // Longest synonym keys first, so "locked out" wins over "locked".
    var keys = Object.keys(synonyms || {}).map(function (key) {
      return { key: key, words: words(key).map(fold) };
    }).filter(function (k) { return k.words.length; }).sort(function (a, b) { return b.words.length - a.words.length; });
    var i = 0;
    while (i < list.length) {
      var match = null;
      for (var n = 0; n < keys.length && !match; n++) {
        var k = keys[n];
        if (k.words.every(function (w, j) { return folded[i + j] === w; })) match = k;
      }
      if (match) {
        var alternatives = [{ terms: words(match.key).map(termOf), text: match.key }];
        synonyms[match.key].forEach(function (alt) {
          var terms = words(alt).map(termOf);
          // A synonym of several words means those words together ("server error").
          if (terms.length) alternatives.push({ terms: terms, text: alt, phrase: terms.length > 1 ? phraseOf(alt) : null });
        });
        clauses.push(alternatives);
        i += match.words.length;
      } else {
        clauses.push([{ terms: [termOf(list[i])], text: list[i] }]);
        i += 1;
      }
    }
    return clauses;
  }

  // Text compared word for word: folded, with anything between words as one space.
  function phraseOf(text) { return " " + fold(text).replace(/[^\p{L}\p{N}_]+/gu, " ").trim() + " "; }

  // Shards are named by prefix; a large one is split by a longer prefix. A term lives in the
  // longest shard key that starts it; terms it is a prefix of may be in longer keys too.
  function shardsOf(term) {
    var longest = "";
    var keys = [];
    (data.meta.shards || []).forEach(function (k) {
      if (term.indexOf(k) === 0 && k.length > longest.length) longest = k;
      else if (k.length > term.length && k.indexOf(term) === 0) keys.push(k);
    });
    if (longest) keys.push(longest);
    return keys;
  }
  function shardsFor(clauses) {
    var keys = {};
    clauses.forEach(function (c) { c.forEach(function (a) { a.terms.forEach(function (t) { shardsOf(t).forEach(function (k) { keys[k] = true; }); }); }); });
    return Object.keys(keys);
  }
  // Postings are "doc,section,score;..." with each doc number relative to the one before.
  var decoded = {};
  function postingList(shard, term) {
    var key = shard + "\u0000" + term;
    if (!decoded[key]) {
      var out = [], doc = 0;
      data.shards[shard][term].split(";").forEach(function (p) {
        var f = p.split(",");
        doc += Number(f[0]);
        out.push(doc, Number(f[1]), Number(f[2]));
      });
      decoded[key] = out;
    }
    return decoded[key];
  }

  // Scores of every document for one term: exact matches count fully, prefixes less, and a
  // one-letter typo (words of five letters or more, when nothing else matched) least.
  function postingsFor(term, hits) {
    var found = [];
    var shards = shardsOf(term).filter(function (k) { return data.shards[k]; });
    shards.forEach(function (k) {
      var shard = data.shards[k];
      if (shard[term]) found.push([k, term, 1]);
      if (term.length >= 2) {
        Object.keys(shard).forEach(function (t) { if (t !== term && t.indexOf(term) === 0) found.push([k, t, 0.5]); });
      }
    });
    if (!found.length && term.length >= 5) {
      shards.forEach(function (k) {
        Object.keys(data.shards[k]).forEach(function (t) { if (closeEnough(term, t)) found.push([k, t, 0.4]); });
      });
    }
    // Dense arrays over all documents: fast to add up and intersect even at 10,000 pages.
    var set = emptySet(data.meta.docs);
    found.forEach(function (f) {
      hits[f[1]] = true;
      var list = postingList(f[0], f[1]);
      for (var i = 0; i < list.length; i += 3) {
        var doc = list[i], points = list[i + 2] * f[2];
        set.score[doc] += points;
        if (points > set.best[doc]) { set.best[doc] = points; set.section[doc] = list[i + 1]; }
      }
    });
    return set;
  }

  // Per document: its score (0: no match), and the section where it matched best.
  function emptySet(n) { return { score: new Float64Array(n), section: new Int32Array(n), best: new Float64Array(n) }; }

  // Keeps in `a` the documents that are in both, with their scores added.
  function intersect(a, b) {
    for (var d = 0; d < a.score.length; d++) {
      if (a.score[d] && b.score[d]) {
        a.score[d] += b.score[d];
        if (b.best[d] > a.best[d]) { a.best[d] = b.best[d]; a.section[d] = b.section[d]; }
      } else {
        a.score[d] = 0;
      }
    }
    return a;
  }

  // Ranks the documents matching every clause. `masks[i][doc]` has bit n set when alternative n
  // of clause i matched the document's words.
  function rank(clauses, hits) {
    var n = data.meta.docs, result = null, masks = [];
    clauses.forEach(function (alternatives) {
      var union = emptySet(n), mask = new Int32Array(n);
      alternatives.slice(0, 31).forEach(function (alt, k) {
        var set = null;
        alt.terms.forEach(function (t) { var p = postingsFor(t, hits); set = set ? intersect(set, p) : p; });
        // What was typed counts more than its synonyms.
        var weight = k === 0 ? 1 : 0.5;
        for (var d = 0; d < n; d++) {
          var score = set.score[d] * weight;
          if (!score) continue;
          mask[d] |= 1 << k;
          if (score > union.score[d]) { union.score[d] = score; union.section[d] = set.section[d]; union.best[d] = set.best[d]; }
        }
      });
      masks.push(mask);
      result = result ? intersect(result, union) : union;
    });
    var docs = [];
    if (result) for (var d = 0; d < n; d++) if (result.score[d]) docs.push(d);
    var better = function (a, b) { return result.score[b] - result.score[a] || a - b; };
    return {
      masks: masks,
      total: docs.length,
      count: function (keep) { return docs.filter(keep).length; },
      // The best `count` documents, in order, without sorting all of them.
      top: function (count, keep) {
        var best = [];
        for (var i = 0; i < docs.length; i++) {
          var d = docs[i];
          if (!keep(d) || (best.length >= count && better(d, best[best.length - 1]) >= 0)) continue;
          var at = best.length;
          while (at > 0 && better(d, best[at - 1]) < 0) at--;
          best.splice(at, 0, d);
          if (best.length > count) best.pop();
        }
        return best.map(function (d) { return { doc: d, score: result.score[d], section: result.section[d] }; });
      },
    };
  }

  function docOf(n) { var c = data.meta.chunk; return (data.docs[Math.floor(n / c)] || [])[n % c]; }
  function loadDocs(list) {
    var chunks = {};
    list.forEach(function (r) { chunks[Math.floor(r.doc / data.meta.chunk)] = true; });
    return Promise.all(Object.keys(chunks).map(function (c) { return load(indexDir() + "d/" + c + ".js"); }));
  }

  function passesFilters(doc, filters) {
    var a = data.attributes && data.attributes[doc];
    if (!a) return true;
    if (filters.kind.length && filters.kind.indexOf(data.meta.kinds[a[0]]) < 0) return false;
    if (filters.severity.length && filters.severity.indexOf(data.meta.severities[a[1]]) < 0) return false;
    if (filters.service.length && !a[2].some(function (s) { return filters.service.indexOf(data.meta.services[s]) >= 0; })) return false;
    return true;
  }

  // The text a quoted phrase is looked for in: the title, the sections, and each alert name,
  // tag and old address (kept apart, so a phrase does not run from one into the next).
  function docText(d) {
    var parts = [d[0]].concat(d[7].map(function (s) { return s[1] + " " + s[2]; }));
    return phraseOf(parts.join(" ")) + (d[6] || []).map(phraseOf).join("|");
  }

  // Each clause holds if one of the alternatives that matched the document's words also has
  // its phrase, when it needs one, in the document's text.
  function phrasesHold(r, clauses, masks, text) {
    return clauses.every(function (alternatives, i) {
      return alternatives.some(function (alt, n) {
        return (masks[i][r.doc] & (1 << n)) && (!alt.phrase || text.indexOf(alt.phrase) >= 0);
      });
    });
  }

  // Runs a query: returns the ranked results with their documents loaded.
  function search(query, filters, limit) {
    return loadMeta().then(function (meta) {
      if (!meta) return { results: [], hits: {} };
      var clauses = parse(query, meta.synonyms);
      if (!clauses.length) return { results: [], hits: {} };
      var needs = shardsFor(clauses).map(function (k) { return load(indexDir() + "t/" + shardFile(k) + ".js"); });
      var anyFilter = filters.kind.length || filters.severity.length || filters.service.length;
      if (anyFilter) needs.push(load(indexDir() + "attributes.js"));
      return Promise.all(needs).then(function () {
        var hits = {};
        var ranking = rank(clauses, hits);
        var keep = function (d) { return passesFilters(d, filters); };
        var phrases = clauses.some(function (c) { return c.some(function (a) { return a.phrase; }); });
        var wanted = fold(query).replace(/"/g, "").replace(/\s+/g, " ").trim();
        // Documents are loaded for the results shown, or more when phrases must be checked.
        var candidates = ranking.top(phrases ? Math.max(limit, 100) : limit, keep);
        return loadDocs(candidates).then(function () {
          var kept = candidates.filter(function (r) {
            var d = docOf(r.doc);
            return d && (!phrases || phrasesHold(r, clauses, ranking.masks, docText(d)));
          });
          kept.forEach(function (r) {
            var d = docOf(r.doc);
            var exact = fold(d[0]) === wanted || d[6].some(function (t) { return fold(t) === wanted; });
            if (exact) r.score += 1e6;
          });
          kept.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
          var total = phrases ? kept.length : anyFilter ? ranking.count(keep) : ranking.total;
          return { results: kept.slice(0, limit), total: total, hits: hits };
        });
      });
    });
  }

  // Runs a query without the box (used by the site's benchmark): resolves to the results.
  store.query = function (text, limit) {
    return search(text, { kind: [], severity: [], service: [] }, limit || 8);
  };

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
  function matches(word, hits) { return hits[termOf(word)] === true; }
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
    var d = docOf(r.doc);
    var section = d[7][r.section] || d[7][0];
    var a = el("a", "search-result");
    a.href = root() + d[1] + (section && section[0] ? "#" + section[0] : "");
    a.setAttribute("role", "option");
    var title = el("span", "search-result-title");
    title.appendChild(highlighted(d[0], hits));
    if (section && section[0]) {
      title.appendChild(el("span", "search-result-section", " › " + section[1]));
    }
    a.appendChild(title);
    if (d[2]) a.appendChild(el("span", "search-result-path", d[2]));
    var text = (section && section[2]) || d[8] || (d[7].filter(function (s) { return s[2]; })[0] || [])[2] || "";
    if (text) {
      var p = el("span", "search-result-snippet");
      p.appendChild(highlighted(snippet(text, hits), hits));
      a.appendChild(p);
    }
    var badges = el("span", "search-result-badges");
    if (d[3] && d[3] !== "page") badges.appendChild(el("span", "badge badge-kind kind-" + d[3], d[3]));
    if (d[4]) badges.appendChild(el("span", "badge badge-severity severity-" + d[4].toLowerCase(), d[4]));
    if (badges.childNodes.length) a.appendChild(badges);
    return a;
  }

  // ---- the box in every page, and the search page ----
  function chips(container, filters, onChange) {
    loadMeta().then(function (meta) {
      if (!meta) return;
      container.textContent = "";
      [["kind", meta.kinds.filter(function (k) { return k !== "page"; })], ["severity", meta.severities], ["service", meta.services]].forEach(function (group) {
        group[1].forEach(function (value) {
          var b = el("button", "chip search-chip", value);
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
          container.appendChild(b);
        });
      });
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
        if (!found.results.length) {
          list.appendChild(el("p", "search-empty", "No results for “" + query + "”."));
        }
        found.results.forEach(function (r) { list.appendChild(resultLink(r, found.hits)); });
        if (options.status) {
          options.status.textContent = found.results.length ? found.total + " result" + (found.total === 1 ? "" : "s") : "";
        }
        if (!options.page && found.total > found.results.length) {
          var more = el("a", "search-more", "All " + found.total + " results");
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
