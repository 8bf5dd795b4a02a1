// Search, offline, the engine: loads the index, a set of scripts written by the build
// (search/meta.js, one shard of terms per two-letter prefix, small chunks of documents), and
// answers queries with it. Nothing is loaded until the box is first used, and a query loads
// only the shards and documents it needs. The words are made as the build makes them
// (search/text.js), the query is read with the meta file's vocabulary (search/vocabulary.js),
// and the pages are ranked by search/scoring.js.
// needs: search/text.js search/vocabulary.js search/scoring.js
// search.js shows the results; this script gives it `window.dontpanicSearch`.
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
  var text = store.text, vocabularyOf = store.vocabulary.of, scoring = store.scoring;
  var fold = text.fold, tokens = text.tokens;
  var asMap = text.asMap, closeEnough = text.closeEnough;
  var PER_CLAUSE = scoring.PER_CLAUSE, EMPTY = scoring.EMPTY, merge = scoring.merge;
  store.loaded = []; // the index files this page has loaded, in order
  function unpack(packed) {
    var bytes = Uint8Array.from(atob(packed), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).text().then(JSON.parse);
  }

  var loading = new Map();
  function load(src) {
    if (!loading.has(src)) {
      // The single-file copy carries the index as text: such a script runs as it is added.
      var carried = singleFile ? singleFile.script(src) : null;
      loading.set(src, carried ? carried.then(function (script) {
        var s = document.createElement("script");
        s.textContent = script;
        document.head.appendChild(s);
        store.loaded.push(src);
        return true;
      }, function () { return false; }) : new Promise(function (resolve) {
        var s = document.createElement("script");
        s.src = root() + src;
        s.onload = function () { store.loaded.push(src); resolve(true); };
        s.onerror = function () { resolve(false); };
        document.head.appendChild(s);
      }));
    }
    return loading.get(src);
  }
  // Where the build wrote the index, from the site's root (the body says; a theme's own body
  // may not, hence the default).
  function indexDir() { return document.body.getAttribute("data-search-index") || "dontpanic/search/"; }

  // The indexes this page has opened, by folder: its own language's, and the default
  // language's when that one is searched too.
  var indexes = new Map();
  function indexAt(dir) {
    if (!indexes.has(dir)) indexes.set(dir, makeIndex(dir));
    return indexes.get(dir);
  }
  // The index a file belongs to: an index outside the default folder names its folder as the
  // files' last argument; the default language's index names none, and is the page's own
  // index or the one that index falls back on.
  function owner(folder) {
    if (typeof folder === "string") return indexAt(folder);
    var own = indexAt(indexDir()), meta = own.data.meta;
    return own.tagged && meta && typeof meta.fallback === "string" ? indexAt(meta.fallback) : own;
  }
  store.meta = function (m, folder) {
    var index = owner(folder);
    index.tagged = typeof folder === "string";
    index.data.meta = m;
  };
  // A chunk of documents, and a large shard of terms, arrives deflated and in base64 (they
  // are most of the index); it is inflated once, in the background, and waited for by
  // `loadDocs` and `loadShards`. A chunk of a language whose stems only the build knows
  // brings its documents' forms.
  store.terms = function (key, t, folder) {
    var index = owner(folder), data = index.data;
    if (typeof t !== "string") { data.shards.set(key, asMap(t)); return; }
    index.unpackingShards.set(key, unpack(t).then(function (terms) { data.shards.set(key, asMap(terms)); }, function () {}));
  };
  store.docs = function (n, d, forms, folder) {
    var index = owner(folder);
    var formsDone = typeof forms === "string"
      ? unpack(forms).then(function (f) { index.addForms(f); }, function () {}) : null;
    if (typeof d !== "string" && !formsDone) { index.data.docs[n] = d; return; }
    index.unpacking[n] = Promise.all([typeof d === "string" ? unpack(d) : d, formsDone]).then(function (done) {
      index.data.docs[n] = done[0];
    }, function () {});
  };
  store.forms = function (key, f, folder) { owner(folder).addForms(f); };
  store.attributes = function (a, folder) { owner(folder).data.attributes = a; };
  store.words = function (w, folder) { owner(folder).data.words = w; };

  // One index: its files as they arrive, and how it answers a query.
  function makeIndex(dir) {
    // The shards by key, each a Map of its terms' postings; the documents by chunk number;
    // the forms (folded word → stem) of a language whose stemmer the browser does not have.
    var data = { meta: null, shards: new Map(), docs: {}, attributes: null, words: null };
    var unpacking = {}, unpackingShards = new Map(), forms = new Map();
    function addForms(f) {
      if (f && typeof f === "object") Object.keys(f).forEach(function (k) { if (typeof f[k] === "string") forms.set(k, f[k]); });
    }
    // How this index's language makes terms, once its meta is known.
    var reading = null;
    function readingOf() {
      return reading || (reading = text.inLanguage(data.meta && data.meta.language, forms));
    }
    function tokenTerms(t) { return readingOf().tokenTerms(t); }
    function textTerms(t) { return readingOf().textTerms(t); }

    function loadMeta() { return load(dir + "meta.js").then(function () { return data.meta; }); }

    // The vocabulary of the meta file, made once; until then a phrase has no fillers.
    var vocabulary = null;
    function vocabularyFor(meta) { return vocabulary || (vocabulary = vocabularyOf(meta, readingOf())); }
    function fillers() { return vocabulary ? vocabulary.fillers : new Set(); }
    function phraseTerms(terms) { return store.vocabulary.phraseTerms(terms, fillers()); }

    // What the index makes of a word: exposed so that the site's own tests can check that the
    // browser and the build agree.
    function term(word) { return tokenTerms(word)[0]; }
    function phraseTermsOf(words) { return phraseTerms(textTerms(words)).join(" "); }
    function shardFile(key) {
      return Array.from(key).map(function (c) {
        return /[A-Za-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16);
      }).join("");
    }

    // Shards are named by prefix; a large one is split by a longer prefix. A term lives in the
    // longest shard key that starts it; terms it is a prefix of may be in longer keys too.
    function shardsOf(term) {
      var longest = "";
      var keys = [];
      var stems = Array.isArray(data.meta.forms);
      (data.meta.shards || []).forEach(function (k) {
        // A word the forms do not know may be a known stem and more: its stem's shard may be
        // any that starts it.
        if (stems && term.indexOf(k) === 0 && k.length < term.length) keys.push(k);
        if (term.indexOf(k) === 0 && k.length > longest.length) longest = k;
        else if (k.length > term.length && k.indexOf(term) === 0) keys.push(k);
      });
      if (longest && keys.indexOf(longest) < 0) keys.push(longest);
      return keys;
    }
    // Where a misspelling of `term` may be found: the shards of every term sharing its first two
    // letters. A large site splits "ce" into "cer", "cert", "certi" …, and "certficate" is not in
    // the shard of its own prefix. At most TYPO_SHARDS of them, loaded only when a typed word of
    // five letters or more matched nothing.
    var TYPO_SHARDS = 12;
    function typoShardsOf(term) {
      var own = shardsOf(term), start = term.slice(0, 2);
      var common = function (k) { var n = 0; while (n < k.length && k[n] === term[n]) n++; return n; };
      var others = (data.meta.shards || []).filter(function (k) { return k.indexOf(start) === 0 && own.indexOf(k) < 0; });
      // The ones sharing most of the word first.
      others.sort(function (a, b) { return common(b) - common(a) || (a < b ? -1 : 1); });
      return own.concat(others).slice(0, Math.max(own.length, TYPO_SHARDS));
    }
    function misspelt(clauses) {
      var keys = new Set();
      clauses.forEach(function (c) {
        var terms = c.alternatives[0].terms;
        if (terms.length !== 1 || terms[0].length < 5) return;
        var term = terms[0];
        var exact = shardsOf(term).some(function (k) { return data.shards.has(k) && data.shards.get(k).has(term); });
        if (!exact) typoShardsOf(term).forEach(function (k) { keys.add(k); });
      });
      return Array.from(keys);
    }
    function shardsFor(clauses, typedOnly) {
      var keys = new Set();
      clauses.forEach(function (c) {
        (typedOnly ? c.alternatives.slice(0, 1) : c.alternatives).forEach(function (a) {
          a.terms.forEach(function (t) { shardsOf(t).forEach(function (k) { keys.add(k); }); });
        });
      });
      return Array.from(keys);
    }
    function loadShards(keys) {
      return Promise.all(keys.map(function (k) {
        return load(dir + "t/" + shardFile(k) + ".js").then(function () { return unpackingShards.get(k); });
      }));
    }

    // When this many pages have what was typed, a clause's synonyms are left out: pages with
    // the typed word rank above them anyway, and their shards need not be loaded.
    var ENOUGH_TYPED = 50;
    function dropSynonymsWhereEnough(clauses, lookup) {
      clauses.forEach(function (clause) {
        if (clause.alternatives.length < 2) return;
        if (alternativeSet(clause, 0, lookup, new Set()).size >= ENOUGH_TYPED) clause.alternatives = clause.alternatives.slice(0, 1);
      });
    }
    // Postings are "doc,section,score,doc,section,score,..." with each doc number relative to
    // the one before: read by the browser's JSON parser (a common word has thousands, and
    // reading them digit by digit in script cost more than the rest of the query), then summed.
    var decoded = new Map();
    function postingList(shard, term) {
      var key = shard + "\u0000" + term;
      if (!decoded.has(key)) {
        var list = JSON.parse("[" + data.shards.get(shard).get(term) + "]");
        for (var i = 3; i < list.length; i += 3) list[i] += list[i - 3];
        decoded.set(key, list);
      }
      return decoded.get(key);
    }

    // The documents with one term: exact matches count fully, the words a prefix begins less
    // (the word being typed, or a word the index does not have), and a one-letter typo (words
    // of five letters or more, when nothing else matched) least. Marks the words found in `hits`.
    function termSet(term, hits, prefix, typed) {
      var found = [];
      var shards = shardsOf(term).filter(function (k) { return data.shards.has(k); });
      shards.forEach(function (k) { if (data.shards.get(k).has(term) && !found.some(function (f) { return f[0] === k; })) found.push([k, term, 1]); });
      // In a language whose stems only the build knows, a word no page wrote (so not in the
      // forms) is read as the longest stem of four letters or more it begins with, a few
      // letters short of it ("verweigert" → "verweig", as "verweigern" was stemmed).
      if (typed && !found.length && Array.isArray(data.meta.forms) && term.length >= 5) {
        var stem = null;
        shards.forEach(function (k) {
          data.shards.get(k).forEach(function (_, t) {
            if (t.length >= 4 && term.length - t.length <= 5 && term.indexOf(t) === 0 && (!stem || t.length > stem[1].length)) stem = [k, t, 0.8];
          });
        });
        if (stem) found.push(stem);
      }
      if (typed && ((prefix && term.length >= 2) || (!found.length && term.length >= 4))) {
        var start = typeof prefix === "string" && prefix.length > term.length && prefix.indexOf(term) === 0 ? prefix : term;
        shards.forEach(function (k) {
          data.shards.get(k).forEach(function (_, t) { if (t !== term && t.indexOf(start) === 0) found.push([k, t, 0.5]); });
        });
      }
      if (typed && !found.length && term.length >= 5) {
        var meant = text.misspelling(term, typed);
        typoShardsOf(term).filter(function (k) { return data.shards.has(k); }).forEach(function (k) {
          data.shards.get(k).forEach(function (_, t) {
            if (meant(t)) found.push([k, t, 0.4]);
          });
        });
      }
      var set = EMPTY;
      found.forEach(function (f, n) {
        hits.add(f[1]);
        var one = scoring.setOfList(postingList(f[0], f[1]), f[2]);
        set = n ? merge(set, one, true, false) : one;
      });
      return set;
    }

    // The documents with all the terms of a clause's alternative `k`, its score times the
    // alternative's weight. A synonym covers the word as what was typed does (a page that says
    // "contract" answers "contract renewal notice" as one that says "renewal"); its weight ranks it
    // below. Only what was typed may be a prefix or a typo; synonyms are looked up as they are.
    // Worked out once per query (`lookup` keeps them).
    function alternativeSet(clause, k, lookup, hits) {
      var alt = clause.alternatives[k];
      // What was typed may be misspelt: the word as typed helps find what was meant.
      var typed = k === 0 && (alt.terms.length === 1 ? fold(clause.text) : true);
      var key = k + "\u0000" + alt.terms.join(" ") + "\u0000" + (k === 0 && clause.prefix) + "\u0000" + typed;
      var known = lookup.get(key);
      if (!known) {
        var set = null, words = new Set();
        alt.terms.forEach(function (t) {
          var one = termSet(t, words, k === 0 && clause.prefix, typed);
          set = set ? merge(set, one, true, true) : one;
        });
        known = { set: scoring.weigh(set, alt.weight), hits: Array.from(words) };
        lookup.set(key, known);
      }
      known.hits.forEach(function (t) { hits.add(t); });
      return known.set;
    }

    function docOf(n) { var c = data.meta.chunk; return (data.docs[Math.floor(n / c)] || [])[n % c]; }
    function loadDocs(list) {
      var chunks = new Set();
      list.forEach(function (r) { chunks.add(Math.floor(r.doc / data.meta.chunk)); });
      return Promise.all(Array.from(chunks).map(function (c) {
        return load(dir + "d/" + c + ".js").then(function () { return unpacking[c]; });
      }));
    }

    function passesFilters(doc, filters) {
      var a = data.attributes && data.attributes[doc];
      if (!a) return true;
      if (filters.kind.length && filters.kind.indexOf(data.meta.kinds[a[0]]) < 0) return false;
      if (filters.severity.length && filters.severity.indexOf(data.meta.severities[a[1]]) < 0) return false;
      if (filters.service.length && !a[2].some(function (s) { return filters.service.indexOf(data.meta.services[s]) >= 0; })) return false;
      return true;
    }

    // A document as terms, for phrases: the title, the sections, and each alert name, tag and
    // old address (kept apart, so a phrase does not run from one into the next).
    var termCache = new Map(), docTermsCache = {};
    function cachedTerms(words) {
      return tokens(words).map(function (token) {
        if (!termCache.has(token)) {
          var fillerTerms = fillers();
          termCache.set(token, tokenTerms(token).filter(function (t) { return !fillerTerms.has(t); }).join(" "));
        }
        return termCache.get(token);
      }).filter(Boolean).join(" ");
    }
    function docTerms(n, d) {
      if (!docTermsCache[n]) {
        var parts = [d[0]].concat(d[7].map(function (s) { return s[1] + " " + s[2]; }));
        docTermsCache[n] = " " + cachedTerms(parts.join(" ")) + " | " + (d[6] || []).map(cachedTerms).join(" | ") + " ";
      }
      return docTermsCache[n];
    }
    // A document's sections and title as terms between spaces, for `scoring.bestSection` and
    // `scoring.inTitle`.
    function sectionTerms(d) {
      return d[7].map(function (section) { return " " + cachedTerms(section[1] + " " + section[2]) + " "; });
    }
    function titleTerms(d) { return " " + cachedTerms(d[0]) + " "; }

    // "Did you mean": for each word found nowhere, the most frequent word of the index one edit
    // away from it; the query with those words replaced, or null.
    function suggestion(clauses) {
      var missing = clauses.filter(function (c) { return !c.found && c.alternatives[0].terms.length === 1; });
      if (!missing.length) return Promise.resolve(null);
      return load(dir + "words.js").then(function () {
        var list = data.words || [], changed = false;
        var said = clauses.map(function (c) {
          if (c.found || missing.indexOf(c) < 0) return c.text;
          var typed = fold(c.text);
          for (var i = 0; i < list.length; i++) {
            if (closeEnough(typed, list[i])) { changed = true; return list[i]; }
          }
          return c.text;
        }).join(" ");
        return changed ? said : null;
      });
    }

    // Runs a query: returns the ranked results with their documents loaded, how many of the
    // query's words the best of them matches, the words found nowhere, and when nothing matched,
    // a suggestion and the playbooks to fall back on.
    function search(query, filters, limit) {
      var none = { results: [], total: 0, hits: new Set(), words: [], missing: [], matched: 0, suggestion: null, fallback: [] };
      return loadMeta().then(function (meta) {
        if (!meta) return none;
        return loadForms(query).then(function () {
          var clauses = store.vocabulary.parse(query, vocabularyFor(meta));
          if (!clauses.length) return none;
        return searchFor(clauses, query, filters, limit, meta).then(function (found) {
          var split = store.vocabulary.loosened(clauses, !found.results.length);
          return split ? searchFor(split, query, filters, limit, meta) : found;
        });
        });
      });
    }

    // The forms shards of the query's words, for a language whose stems only the build knows:
    // each word is then read as the index read it.
    function loadForms(query) {
      var keys = data.meta && data.meta.forms;
      if (!Array.isArray(keys) || !keys.length) return Promise.resolve();
      var wanted = new Set();
      // The fillers too: the vocabulary reads them as terms.
      var said = query + " " + (Array.isArray(data.meta.fillers) ? data.meta.fillers.join(" ") : "");
      tokens(said).forEach(function (token) {
        if (text.isCjk(token)) return;
        text.words(token).forEach(function (w) {
          var word = fold(w), longest = "";
          keys.forEach(function (k) { if (word.indexOf(k) === 0 && k.length > longest.length) longest = k; });
          if (longest) wanted.add(longest);
        });
      });
      return Promise.all(Array.from(wanted).map(function (k) { return load(dir + "f/" + shardFile(k) + ".js"); }));
    }

    // Ranks the pages for `clauses` (read from `query`) and loads what their results show.
    function searchFor(clauses, query, filters, limit, meta) {
      var anyFilter = filters.kind.length || filters.severity.length || filters.service.length;
      // The sets worked out for this query, by alternative (`alternativeSet`).
      var lookup = new Map();
      var setOf = function (clause, k, hits) { return alternativeSet(clause, k, lookup, hits); };
      var needs = [loadShards(shardsFor(clauses, true))];
      if (anyFilter) needs.push(load(dir + "attributes.js"));
      return Promise.all(needs).then(function () {
        dropSynonymsWhereEnough(clauses, lookup);
        return loadShards(shardsFor(clauses).concat(misspelt(clauses)));
      }).then(function () {
        var hits = new Set();
        var ranking = scoring.rank(clauses, hits, setOf);
        var keep = function (d) { return passesFilters(d, filters); };
        var wanted = fold(query).replace(/"/g, "").replace(/\s+/g, " ").trim();
        // Results whose rank rests on a phrase are checked against their text, so a few more
        // than are shown are looked at.
        var quoted = /"[^"]*"/.test(query);
        var candidates = ranking.top(limit + (quoted ? 100 : 16), keep);
        var checked = candidates.filter(function (r, i) { return i < limit || ranking.unsure(r.doc); });
        return loadDocs(checked).then(function () {
          checked.forEach(function (r) {
            if (ranking.unsure(r.doc)) scoring.verify(r, clauses, docTerms(r.doc, docOf(r.doc)));
          });
          var ranked = candidates.filter(function (r) { return r.covered > 0; });
          ranked.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
          return loadDocs(ranked.slice(0, limit)).then(function () { return ranked; });
        }).then(function (ranked) {
          var dropped = candidates.length - ranked.length;
          var kept = ranked.filter(function (r) { return docOf(r.doc); });
          // A page named exactly what was typed, or one of the query's words or phrases, is
          // about it: that counts as much as one more word matched.
          var named = new Set();
          clauses.forEach(function (c) { named.add(c.alternatives[0].terms.join(" ")); });
          kept.forEach(function (r) {
            var d = docOf(r.doc);
            r.section = scoring.bestSection(sectionTerms(d), clauses, r.section);
            var exact = fold(d[0]) === wanted || d[6].some(function (t) { return fold(t) === wanted; });
            if (exact) r.score += PER_CLAUSE / 2;
            if (named.has(phraseTerms(textTerms(d[0])).join(" "))) r.score += PER_CLAUSE;
            r.score += scoring.inTitle(titleTerms(d), clauses) * scoring.PER_TITLE_CLAUSE;
          });
          kept.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
          var total = (anyFilter ? ranking.count(keep) : ranking.total) - dropped;
          var found = {
            results: kept.slice(0, limit), total: total, hits: hits,
            words: clauses.map(function (c) { return c.text; }),
            missing: clauses.filter(function (c) { return !c.found; }).map(function (c) { return c.text; }),
            matched: kept.length ? kept[0].covered : 0,
            suggestion: null, fallback: [],
          };
          if (kept.length) return found;
          found.fallback = meta.playbooks || [];
          return suggestion(clauses).then(function (s) { found.suggestion = s; return found; });
        });
      });
    }

    var index = {
      data: data, unpacking: unpacking, unpackingShards: unpackingShards, addForms: addForms, tagged: false,
      loadMeta: loadMeta, search: search, docOf: docOf,
      reading: readingOf, term: term, phraseTerms: phraseTermsOf,
    };
    return index;
  }

  // Fewer results than this from the page's own language, or none with every word, and the
  // default language's index is searched too.
  var FEW = 3;
  function own() { return indexAt(indexDir()); }
  // Runs a query in the page's language's index and, when that finds little and its meta
  // names a fallback (the default language's index), there too: those results come after,
  // marked with their language (`other_language`) and their index (for `docOf`).
  function search(query, filters, limit) {
    var first = own();
    return first.search(query, filters, limit).then(function (found) {
      var meta = first.data.meta, fallback = meta && meta.fallback;
      var enough = found.results.length >= FEW && !found.missing.length;
      if (typeof fallback !== "string" || fallback === indexDir() || enough) return found;
      var other = indexAt(fallback);
      return other.search(query, filters, limit).then(function (more) {
        var language = (other.data.meta && other.data.meta.language) || "en";
        var ownDocs = new Set(found.results.map(function (r) { var d = first.docOf(r.doc); return d && d[1]; }));
        var added = more.results.filter(function (r) {
          var d = other.docOf(r.doc);
          return d && !ownDocs.has(d[1]);
        }).slice(0, Math.max(0, limit - found.results.length));
        if (!added.length) return found;
        added.forEach(function (r) { r.other_language = language; r.index = other; });
        more.hits.forEach(function (t) { found.hits.add(t); });
        return Object.assign({}, found, {
          results: found.results.concat(added), total: found.total + added.length,
          matched: Math.max(found.matched, more.matched),
          suggestion: found.results.length ? found.suggestion : null,
          fallback: found.results.length ? found.fallback : [],
        });
      }, function () { return found; });
    });
  }
  // A result's document: from the index that found it.
  function docOf(n, result) { return (result && result.index ? result.index : own()).docOf(n); }

  // Runs a query without the box (used by the site's benchmark): resolves to the results.
  store.query = function (query, limit) {
    return search(query, { kind: [], severity: [], service: [] }, limit || 8).then(function (found) {
      found.results.forEach(function (r) { var d = docOf(r.doc, r); r.title = d[0]; r.url = d[1]; });
      return found;
    });
  };

  // What the index makes of a word: exposed so that the site's own tests can check that the
  // browser and the build agree.
  store.term = function (word) { return own().term(word); };
  store.phraseTerms = function (words) { return own().phraseTerms(words); };

  // What search.js (the box and the results) uses.
  store.search = search;
  store.docOf = docOf;
  store.termOf = function (word) { return own().reading().termOf(word); };
  store.wordsOf = text.words;
  store.loadMeta = function () { return own().loadMeta(); };
  store.root = root;
})();
