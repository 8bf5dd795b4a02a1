// Search, offline, the engine: loads the index, a set of scripts written by the build
// (search/meta.js, one shard of terms per two-letter prefix, small chunks of documents), reads
// a query and ranks the pages. Nothing is loaded until the box is first used, and a query loads
// only the shards and documents it needs. The word rules mirror src/search/text.rs; the
// vocabulary (stop words, contractions, related words) comes from the index's meta file.
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
  // Words of pages and of readers are keys here, and a word may be `constructor` or
  // `__proto__`, which every ordinary object answers to: every lookup by word is a Map or a Set,
  // and what the index's files hand over as objects is read by its own keys only.
  function asMap(object) {
    var map = new Map();
    if (object && typeof object === "object") Object.keys(object).forEach(function (k) { map.set(k, object[k]); });
    return map;
  }
  // The shards by key, each a Map of its terms' postings; the documents by chunk number.
  var data = { meta: null, shards: new Map(), docs: {}, attributes: null, words: null };
  store.loaded = []; // the index files this page has loaded, in order
  store.meta = function (m) { data.meta = m; };
  store.terms = function (key, t) { data.shards.set(key, asMap(t)); };
  // A chunk of documents arrives deflated and in base64 (it is most of the index); it is
  // inflated once, in the background, and waited for by `loadDocs`.
  var unpacking = {};
  store.docs = function (n, d) {
    if (typeof d !== "string") { data.docs[n] = d; return; }
    unpacking[n] = unpack(d).then(function (docs) { data.docs[n] = docs; }, function () {});
  };
  function unpack(text) {
    var bytes = Uint8Array.from(atob(text), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).text().then(JSON.parse);
  }
  store.attributes = function (a) { data.attributes = a; };
  store.words = function (w) { data.words = w; };

  var loading = new Map();
  function load(src) {
    if (!loading.has(src)) {
      // The single-file copy carries the index as text: such a script runs as it is added.
      var carried = singleFile ? singleFile.script(src) : null;
      loading.set(src, carried ? carried.then(function (text) {
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
      }));
    }
    return loading.get(src);
  }
  // Where the build wrote the index, from the site's root (the body says; a theme's own body
  // may not, hence the default).
  function indexDir() { return document.body.getAttribute("data-search-index") || "dontpanic/search/"; }
  function loadMeta() { return load(indexDir() + "meta.js").then(function () { return data.meta; }); }

  // ---- words: the same rules as the index ----
  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function words(s) { return s.match(/[\p{L}\p{N}_]+/gu) || []; }
  // Words joined by single hyphens or dots (`eu-west-1`, `on-call`).
  function tokens(s) { return s.match(/[\p{L}\p{N}_]+(?:[-.][\p{L}\p{N}_]+)*/gu) || []; }
  function isIdentifier(w) { return /[_\p{N}]/u.test(w) || /\p{Ll}\p{Lu}/u.test(w); }
  // ---- the English (Porter2) stemmer, step by step as the Snowball algorithm defines it ----
  var porter2 = (function () {
    var special = { skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl",
      gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
      sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes" };
    var invariant = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];
    var step2 = { tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize",
      ization: "ize", ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al", alli: "al",
      fulness: "ful", ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble",
      bli: "ble", ogi: "og", fulli: "ful", lessli: "less", li: "" };
    var step3 = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic",
      ful: "", ness: "", ative: "" };
    var step4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism",
      "ate", "iti", "ous", "ive", "ize", "ion"];
    function byLength(list) { return list.slice().sort(function (a, b) { return b.length - a.length; }); }
    var step2Keys = byLength(Object.keys(step2)), step3Keys = byLength(Object.keys(step3)), step4Keys = byLength(step4);
    function vowel(c) { return c !== undefined && "aeiouy".indexOf(c) >= 0; }
    function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
    function longest(w, keys) { for (var i = 0; i < keys.length; i++) if (ends(w, keys[i])) return keys[i]; return null; }
    // A short syllable ends at `end`: consonant, vowel, consonant other than w, x or Y; or, at
    // the very start, vowel and consonant.
    function shortSyllable(w, end) {
      if (end >= 3 && !vowel(w[end - 1]) && "wxY".indexOf(w[end - 1]) < 0 && vowel(w[end - 2]) && !vowel(w[end - 3])) return true;
      return end === 2 && vowel(w[0]) && !vowel(w[1]);
    }
    // The position after the first consonant that follows a vowel, from `from`.
    function regionStart(w, from) {
      for (var i = from; i < w.length; i++) {
        if (vowel(w[i])) {
          for (var j = i + 1; j < w.length; j++) if (!vowel(w[j])) return j + 1;
          return w.length;
        }
      }
      return w.length;
    }
    return function (word) {
      if (Object.prototype.hasOwnProperty.call(special, word)) return special[word];
      if (word.length < 3) return word;
      var w = word[0] === "y" ? "Y" + word.slice(1) : word;
      for (var i = 1; i < w.length; i++) if (w[i] === "y" && vowel(w[i - 1])) w = w.slice(0, i) + "Y" + w.slice(i + 1);
      var prefix = /^(gener|commun|arsen)/.exec(w);
      var p1 = prefix ? prefix[0].length : regionStart(w, 0);
      var p2 = regionStart(w, p1);
      // Step 1a: plurals.
      if (ends(w, "sses")) w = w.slice(0, -2);
      else if (ends(w, "ied") || ends(w, "ies")) w = w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
      else if (ends(w, "us") || ends(w, "ss")) { /* kept */ }
      else if (ends(w, "s") && /[aeiouy]/.test(w.slice(0, -2))) w = w.slice(0, -1);
      if (invariant.indexOf(w) < 0) {
        // Step 1b: -eed, -ed, -ing.
        var s = /(eedly|eed)$/.exec(w);
        if (s) {
          if (w.length - s[0].length >= p1) w = w.slice(0, -s[0].length) + "ee";
        } else if ((s = /(ingly|edly|ing|ed)$/.exec(w)) && /[aeiouy]/.test(w.slice(0, -s[0].length))) {
          w = w.slice(0, -s[0].length);
          if (/(at|bl|iz)$/.test(w)) w += "e";
          else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) w = w.slice(0, -1);
          else if (w.length === p1 && shortSyllable(w, w.length)) w += "e";
        }
        // Step 1c: a final y after a consonant.
        if (w.length > 2 && /[yY]$/.test(w) && !vowel(w[w.length - 2])) w = w.slice(0, -1) + "i";
        // Step 2 and 3: suffixes in R1.
        var k = longest(w, step2Keys);
        if (k && w.length - k.length >= p1) {
          var before = w[w.length - k.length - 1];
          if (k === "ogi") { if (before === "l") w = w.slice(0, -3) + "og"; }
          else if (k === "li") { if (before !== undefined && "cdeghkmnrt".indexOf(before) >= 0) w = w.slice(0, -2); }
          else w = w.slice(0, -k.length) + step2[k];
        }
        k = longest(w, step3Keys);
        if (k && w.length - k.length >= p1 && (k !== "ative" || w.length - k.length >= p2)) w = w.slice(0, -k.length) + step3[k];
        // Step 4: suffixes in R2.
        k = longest(w, step4Keys);
        if (k && w.length - k.length >= p2) {
          if (k !== "ion") w = w.slice(0, -k.length);
          else if (/[st]ion$/.test(w)) w = w.slice(0, -3);
        }
        // Step 5: a final e or l.
        var n = w.length;
        if (ends(w, "e") && (n - 1 >= p2 || (n - 1 >= p1 && !shortSyllable(w, n - 1)))) w = w.slice(0, -1);
        else if (ends(w, "l") && n - 1 >= p2 && w[n - 2] === "l") w = w.slice(0, -1);
      }
      return w.replace(/Y/g, "y");
    };
  })();
  function stem(w) { return /^[a-z]+$/.test(w) ? porter2(w) : w; }
  function termOf(word) { var lower = fold(word); return isIdentifier(word) ? lower : stem(lower); }
  // The terms a query token stands for: joined words with a digit whole, others word by word.
  function tokenTerms(token) {
    if (/[-.]/.test(token) && /\p{N}/u.test(token)) return [fold(token)];
    return words(token).map(termOf);
  }
  function textTerms(text) { return [].concat.apply([], tokens(text).map(tokenTerms)); }
  // What the index makes of a word: exposed so that the site's own tests can check that the
  // browser and the build agree.
  store.term = function (word) { return tokenTerms(word)[0]; };
  store.phraseTerms = function (text) { return phraseTerms(textTerms(text)).join(" "); };
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
  // What was typed counts fully; the site's own synonyms a little less, the built-in
  // vocabulary less again.
  var SITE_SYNONYM = 0.6, BUILTIN_SYNONYM = 0.5;
  // The vocabulary as lookups: stop words, contractions, and every key (a word or phrase, as
  // terms) with its alternatives, longest keys first so "locked out" wins over "locked".
  var vocabulary = null;
  // The build ships the vocabulary already as terms ("log in", "sign in" …, fillers left out),
  // so nothing is stemmed here; a key's alternatives are gathered the first time it is typed.
  function vocabularyOf(meta) {
    if (vocabulary) return vocabulary;
    var stop = new Set(meta.stop_words || []), keys = new Map(), byFirst = new Map();
    (meta.fillers || []).forEach(function (w) { fillerTerms.add(termOf(w)); });
    function index(id, source) {
      if (typeof id !== "string" || !id) return;
      var key = keys.get(id);
      if (!key) {
        key = { terms: id.split(" "), sources: [], alternatives: null };
        keys.set(id, key);
        if (!byFirst.has(key.terms[0])) byFirst.set(key.terms[0], []);
        byFirst.get(key.terms[0]).push(key);
      }
      key.sources.push(source);
    }
    var groups = meta.groups || [];
    asMap(meta.synonyms).forEach(function (list, id) { if (Array.isArray(list)) index(id, { list: list, weight: SITE_SYNONYM }); });
    groups.forEach(function (group) { group.forEach(function (id) { index(id, { list: group, weight: BUILTIN_SYNONYM }); }); });
    byFirst.forEach(function (list) { list.sort(function (a, b) { return b.terms.length - a.terms.length; }); });
    vocabulary = { stop: stop, byFirst: byFirst, contractions: asMap(meta.contractions) };
    return vocabulary;
  }
  // A key's alternatives: the site's synonyms first, then its groups', each once.
  function alternativesOf(key) {
    if (key.alternatives) return key.alternatives;
    var seen = new Set([key.terms.join(" ")]), out = [];
    key.sources.forEach(function (source) {
      source.list.forEach(function (id) {
        if (typeof id !== "string" || !id || seen.has(id)) return;
        seen.add(id);
        out.push({ terms: id.split(" "), weight: source.weight });
      });
    });
    return (key.alternatives = out);
  }


  // A phrase's words without its fillers ("after the incident" and "after an incident" are
  // one phrase), unless it has nothing else.
  var fillerTerms = new Set();
  function phraseTerms(terms) {
    var kept = terms.filter(function (t) { return !fillerTerms.has(t); });
    return kept.length ? kept : terms;
  }

  // A query is a list of clauses, each a word or phrase the responder meant; a clause is a
  // list of alternatives (what was typed, then its synonyms), each a list of terms that must
  // all be in a page, maybe with a phrase to find in its text. Pages are ranked by how many
  // clauses they match, then by score.
  function parse(query, meta) {
    var v = vocabularyOf(meta);
    var clauses = [];
    var rest = query.replace(/"([^"]*)"/g, function (_, phrase) {
      var terms = phraseTerms(textTerms(phrase));
      if (terms.length) clauses.push({ text: phrase, alternatives: [{ terms: terms, weight: 1 }] });
      return " ";
    });
    // "can't" and "cant" alike: apostrophes inside words go, then contractions become words.
    rest = rest.replace(/(\p{L})['\u2019](\p{L})/gu, "$1$2");
    var typed = [];
    tokens(rest).forEach(function (token) {
      var expanded = v.contractions.get(fold(token));
      (typeof expanded === "string" ? expanded.split(" ") : [token]).forEach(function (word) {
        tokenTerms(word).forEach(function (term) { typed.push({ term: term, text: word, stop: v.stop.has(fold(word)) }); });
      });
    });
    var said = [];
    // The typed words from `i` that a key's terms cover, skipping fillers between them; 0
    // when the key does not start at `i`.
    function covers(key, i) {
      var j = i;
      for (var n = 0; n < key.terms.length; n++) {
        if (n > 0) while (j < typed.length && fillerTerms.has(typed[j].term) && typed[j].term !== key.terms[n]) j++;
        if (!typed[j] || typed[j].term !== key.terms[n]) return 0;
        j++;
      }
      return j - i;
    }
    for (var i = 0; i < typed.length;) {
      var match = null, length = 0, starting = v.byFirst.get(typed[i].term) || [];
      for (var n = 0; n < starting.length && !match; n++) {
        length = covers(starting[n], i);
        if (length) match = starting[n];
      }
      if (match) {
        var text = typed.slice(i, i + length).map(function (w) { return w.text; }).join(" ");
        said.push({
          text: text,
          alternatives: [{ terms: match.terms, weight: 1 }].concat(alternativesOf(match)),
          // Its words, for when no page has the phrase in any of its forms (`loosened`).
          words: typed.slice(i, i + length).filter(function (w) { return !w.stop; }),
        });
        i += length;
      } else {
        said.push({ text: typed[i].text, stop: typed[i].stop, alternatives: [{ terms: [typed[i].term], weight: 1 }] });
        i += 1;
      }
    }
    // Stop words go unless there is nothing else to look for.
    var meaningful = said.filter(function (w) { return !w.stop; });
    if (meaningful.length || clauses.length) said = meaningful;
    // The last word may still be being typed: it also finds the words it begins.
    var last = said[said.length - 1];
    // The completions must start with what was typed, not only with its stem: "aws" is not
    // the beginning of "away" although its stem "aw" is.
    if (last && !/["\s]$/.test(query) && last.alternatives[0].terms.length === 1) last.prefix = last.text.toLowerCase();
    return clauses.concat(said);
  }

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
    return Promise.all(keys.map(function (k) { return load(indexDir() + "t/" + shardFile(k) + ".js"); }));
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

  // ---- sets of documents ----
  // A set is parallel arrays in ascending document order: each document, its score, the
  // points of the section where it matched best and that section, and how many of the query's
  // words (clauses) it covers. Only matching documents are in it, and sets are merged in one pass:
  // a page that has just opened the search runs this before its code is optimised, where a
  // loop over every document of a 10,000-page site for every word cost tens of milliseconds.
  function newSet(capacity) {
    return { size: 0, doc: new Int32Array(capacity), score: new Float64Array(capacity),
      best: new Float64Array(capacity), section: new Int32Array(capacity), covers: new Uint8Array(capacity) };
  }
  var EMPTY = newSet(0);
  function put(out, doc, score, best, section, covers) {
    var k = out.size++;
    out.doc[k] = doc; out.score[k] = score; out.best[k] = best; out.section[k] = section; out.covers[k] = covers;
  }
  function copyAt(out, set, i) { put(out, set.doc[i], set.score[i], set.best[i], set.section[i], set.covers[i]); }
  // A term's postings as a set, each score times `weight`.
  function setOfList(list, weight) {
    var out = newSet(list.length / 3);
    for (var i = 0; i < list.length; i += 3) {
      var points = list[i + 2] * weight;
      if (points > 0) put(out, list[i], points, points, list[i + 1], 0);
    }
    return out;
  }
  // Each score times `weight` and each document covering one clause, in place: the set is one
  // just made for the alternative.
  function weigh(set, weight) {
    for (var i = 0; i < set.size; i++) { set.score[i] *= weight; set.covers[i] = 1; }
    return set;
  }
  // Merges two sets. A document in both gets, when `adding`, the sum of its scores and of the
  // clauses it covers (two words of a query, two forms of a word); otherwise the better of the two (two
  // alternatives of one clause), `a`'s on a tie. With `both`, only documents in both are kept.
  function merge(a, b, adding, both) {
    var out = newSet(both ? Math.min(a.size, b.size) : a.size + b.size), i = 0, j = 0;
    while (i < a.size || j < b.size) {
      var da = i < a.size ? a.doc[i] : Infinity, db = j < b.size ? b.doc[j] : Infinity;
      if (da < db) { if (!both) copyAt(out, a, i); i++; continue; }
      if (db < da) { if (!both) copyAt(out, b, j); j++; continue; }
      if (adding) {
        var fromB = b.best[j] > a.best[i];
        put(out, da, a.score[i] + b.score[j], fromB ? b.best[j] : a.best[i], fromB ? b.section[j] : a.section[i], a.covers[i] + b.covers[j]);
      } else {
        copyAt(out, b.score[j] > a.score[i] ? b : a, b.score[j] > a.score[i] ? j : i);
      }
      i++; j++;
    }
    return out;
  }
  // Where a document is in a set, or -1.
  function indexIn(set, doc) {
    var low = 0, high = set.size - 1;
    while (low <= high) {
      var mid = (low + high) >> 1;
      if (set.doc[mid] === doc) return mid;
      if (set.doc[mid] < doc) low = mid + 1; else high = mid - 1;
    }
    return -1;
  }
  function scoreIn(set, doc) { var i = indexIn(set, doc); return i < 0 ? 0 : set.score[i]; }

  // The documents with one term: exact matches count fully, the words a prefix begins less
  // (the word being typed, or a word the index does not have), and a one-letter typo (words
  // of five letters or more, when nothing else matched) least. Marks the words found in `hits`.
  function termSet(term, hits, prefix, typed) {
    var found = [];
    var shards = shardsOf(term).filter(function (k) { return data.shards.has(k); });
    shards.forEach(function (k) { if (data.shards.get(k).has(term)) found.push([k, term, 1]); });
    if (typed && ((prefix && term.length >= 2) || (!found.length && term.length >= 4))) {
      var start = typeof prefix === "string" && prefix.length > term.length && prefix.indexOf(term) === 0 ? prefix : term;
      shards.forEach(function (k) {
        data.shards.get(k).forEach(function (_, t) { if (t !== term && t.indexOf(start) === 0) found.push([k, t, 0.5]); });
      });
    }
    if (typed && !found.length && term.length >= 5) {
      // One edit from the stem, or, since a misspelt word stems differently ("incidnet" is
      // not one edit from "incid", nor "certficate" from "certif"), a stem of five letters or
      // more that the word as typed begins with, give or take one edit, followed by at most
      // five letters (what stemming takes off).
      var word = typeof typed === "string" ? typed : term;
      var begins = function (t) {
        return t.length >= 5 && word.length - t.length <= 5 && [0, 1, -1].some(function (d) {
          return closeEnough(word.slice(0, t.length + d), t);
        });
      };
      typoShardsOf(term).filter(function (k) { return data.shards.has(k); }).forEach(function (k) {
        data.shards.get(k).forEach(function (_, t) {
          if (closeEnough(term, t) || begins(t)) found.push([k, t, 0.4]);
        });
      });
    }
    var set = EMPTY;
    found.forEach(function (f, n) {
      hits.add(f[1]);
      var one = setOfList(postingList(f[0], f[1]), f[2]);
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
      known = { set: weigh(set, alt.weight), hits: Array.from(words) };
      lookup.set(key, known);
    }
    known.hits.forEach(function (t) { hits.add(t); });
    return known.set;
  }

  // A page's rank: the clauses it matches first, then its score.
  var PER_CLAUSE = 1e7;

  // Ranks the documents matching any clause. A clause's value in a document is its best
  // alternative's score; an alternative of several words (a phrase) is assumed to be there as a
  // phrase when its words are, and checked once the document's text is loaded (`verify`).
  function rank(clauses, hits, lookup) {
    var total = null;
    clauses.forEach(function (clause) {
      var found = new Set();
      clause.sets = clause.alternatives.map(function (alt, k) { return alternativeSet(clause, k, lookup, found); });
      found.forEach(function (t) { hits.add(t); });
      var union = clause.sets.reduce(function (u, s) { return u ? merge(u, s, false, false) : s; }, null);
      clause.union = union;
      clause.found = union.size > 0;
      total = total ? merge(total, union, true, false) : union;
    });
    total = total || EMPTY;
    var score = new Float64Array(total.size);
    for (var i = 0; i < total.size; i++) score[i] = total.score[i] + total.covers[i] * PER_CLAUSE;
    var better = function (a, b) { return score[b] - score[a] || total.doc[a] - total.doc[b]; };
    return {
      unsure: function (d) { return clauses.some(function (c) { return unsureIn(c, d); }); },
      total: total.size,
      count: function (keep) { var n = 0; for (var i = 0; i < total.size; i++) if (keep(total.doc[i])) n++; return n; },
      // The best `count` documents, in order, without sorting all of them.
      top: function (count, keep) {
        var best = [];
        for (var i = 0; i < total.size; i++) {
          if ((best.length >= count && better(i, best[best.length - 1]) >= 0) || !keep(total.doc[i])) continue;
          var at = best.length;
          while (at > 0 && better(i, best[at - 1]) < 0) at--;
          best.splice(at, 0, i);
          if (best.length > count) best.pop();
        }
        return best.map(function (i) { return { doc: total.doc[i], score: score[i], section: total.section[i], covered: total.covers[i] }; });
      },
    };
  }

  // How a clause matches document `d`: its value (the best alternative), the best of its
  // single-word alternatives, and its phrases' scores.
  function clauseIn(clause, d) {
    var at = { value: scoreIn(clause.union, d), single: 0, phrases: [] };
    clause.alternatives.forEach(function (alt, k) {
      var score = scoreIn(clause.sets[k], d);
      if (!score) return;
      if (alt.terms.length > 1) at.phrases.push({ terms: " " + alt.terms.join(" ") + " ", score: score });
      else if (score > at.single) at.single = score;
    });
    return at;
  }
  // Whether a phrase alternative decides the clause's value in `d`.
  function unsureIn(clause, d) {
    var at = clauseIn(clause, d);
    return at.value > at.single;
  }

  // Checks a result's phrase alternatives against its text (`terms`, the document as terms):
  // a clause keeps the best alternative that is really there, and the result its new rank.
  function verify(r, clauses, terms) {
    clauses.forEach(function (clause) {
      var at = clauseIn(clause, r.doc);
      if (!at.value) return;
      var value = at.single;
      at.phrases.forEach(function (p) {
        if (terms.indexOf(p.terms) >= 0 && p.score > value) value = p.score;
      });
      var lost = value ? 0 : 1;
      r.covered -= lost;
      r.score -= lost * PER_CLAUSE + at.value - value;
    });
  }

  function docOf(n) { var c = data.meta.chunk; return (data.docs[Math.floor(n / c)] || [])[n % c]; }
  function loadDocs(list) {
    var chunks = new Set();
    list.forEach(function (r) { chunks.add(Math.floor(r.doc / data.meta.chunk)); });
    return Promise.all(Array.from(chunks).map(function (c) {
      return load(indexDir() + "d/" + c + ".js").then(function () { return unpacking[c]; });
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
  function cachedTerms(text) {
    return tokens(text).map(function (token) {
      if (!termCache.has(token)) {
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

  // The section a result links to: the one whose text holds most of the query's words (what
  // was typed counting more than a synonym); the section its strongest word points to on a tie.
  // Whether `text` (terms between spaces) holds alternative `k` of clause `c`: its words in a
  // row, the last one only begun when it is what is being typed.
  function holds(text, c, k) {
    return text.indexOf(" " + c.alternatives[k].terms.join(" ") + (c.prefix && k === 0 ? "" : " ")) >= 0;
  }
  function bestSection(r, clauses) {
    var d = docOf(r.doc), best = r.section, most = 0;
    d[7].forEach(function (section, i) {
      var text = " " + cachedTerms(section[1] + " " + section[2]) + " ";
      var points = 0;
      clauses.forEach(function (c) {
        c.alternatives.some(function (alt, k) {
          var there = holds(text, c, k);
          if (there) points += k === 0 ? 2 : 1;
          return there;
        });
      });
      if (points > most || (points === most && i === r.section)) { most = points; best = i; }
    });
    return best;
  }

  // Among pages that match as many of the query's words, those whose title has more of them
  // (as typed, as a synonym, or begun by the word being typed) come first, whatever the words'
  // counts in the text: "Regional performance slowdown" is about "eu slow" more than a page on
  // latency that says "slow" five times.
  var PER_TITLE_CLAUSE = 1e5;
  function inTitle(title, clauses) {
    var text = " " + cachedTerms(title) + " ";
    return clauses.filter(function (c) {
      return c.alternatives.some(function (alt, k) { return holds(text, c, k); });
    }).length;
  }

  // "Did you mean": for each word found nowhere, the most frequent word of the index one edit
  // away from it; the query with those words replaced, or null.
  function suggestion(clauses) {
    var missing = clauses.filter(function (c) { return !c.found && c.alternatives[0].terms.length === 1; });
    if (!missing.length) return Promise.resolve(null);
    return load(indexDir() + "words.js").then(function () {
      var list = data.words || [], changed = false;
      var text = clauses.map(function (c) {
        if (c.found || missing.indexOf(c) < 0) return c.text;
        var typed = fold(c.text);
        for (var i = 0; i < list.length; i++) {
          if (closeEnough(typed, list[i])) { changed = true; return list[i]; }
        }
        return c.text;
      }).join(" ");
      return changed ? text : null;
    });
  }

  // Runs a query: returns the ranked results with their documents loaded, how many of the
  // query's words the best of them matches, the words found nowhere, and when nothing matched,
  // a suggestion and the playbooks to fall back on.
  function search(query, filters, limit) {
    var none = { results: [], total: 0, hits: new Set(), words: [], missing: [], matched: 0, suggestion: null, fallback: [] };
    return loadMeta().then(function (meta) {
      if (!meta) return none;
      var clauses = parse(query, meta);
      if (!clauses.length) return none;
      return searchFor(clauses, query, filters, limit, meta).then(function (found) {
        var split = loosened(clauses, !found.results.length);
        return split ? searchFor(split, query, filters, limit, meta) : found;
      });
    });
  }

  // A phrase of the vocabulary ("out of memory") that no page has, in any of its forms, is
  // read again as its words, so that a page saying "memory" is still found: the clauses with
  // such phrases split (all of them when nothing was found), or null when there are none.
  // Only the words the phrase shares with the other phrases of its group are kept when there
  // are such words: "memory" (as in "memory pressure") is what "out of memory" is about, while
  // "out" would find every other thing running out ("almost out of files").
  function loosened(clauses, nothingFound) {
    var out = [], changed = false;
    clauses.forEach(function (c) {
      if (!c.words || c.words.length < 2 || (c.found && !nothingFound)) { out.push(c); return; }
      changed = true;
      var others = c.alternatives.slice(1);
      var core = c.words.filter(function (w) {
        return others.some(function (a) { return a.terms.indexOf(w.term) >= 0; });
      });
      (core.length ? core : c.words).forEach(function (w) {
        out.push({ text: w.text, alternatives: [{ terms: [w.term], weight: 1 }] });
      });
    });
    return changed ? out : null;
  }

  // Ranks the pages for `clauses` (read from `query`) and loads what their results show.
  function searchFor(clauses, query, filters, limit, meta) {
    var anyFilter = filters.kind.length || filters.severity.length || filters.service.length;
    // The sets worked out for this query, by alternative (`alternativeSet`).
    var lookup = new Map();
    var needs = [loadShards(shardsFor(clauses, true))];
    if (anyFilter) needs.push(load(indexDir() + "attributes.js"));
    return Promise.all(needs).then(function () {
      dropSynonymsWhereEnough(clauses, lookup);
      return loadShards(shardsFor(clauses).concat(misspelt(clauses)));
    }).then(function () {
      var hits = new Set();
      var ranking = rank(clauses, hits, lookup);
      var keep = function (d) { return passesFilters(d, filters); };
      var wanted = fold(query).replace(/"/g, "").replace(/\s+/g, " ").trim();
      // Results whose rank rests on a phrase are checked against their text, so a few more
      // than are shown are looked at.
      var quoted = /"[^"]*"/.test(query);
      var candidates = ranking.top(limit + (quoted ? 100 : 16), keep);
      var checked = candidates.filter(function (r, i) { return i < limit || ranking.unsure(r.doc); });
      return loadDocs(checked).then(function () {
        checked.forEach(function (r) {
          if (ranking.unsure(r.doc)) verify(r, clauses, docTerms(r.doc, docOf(r.doc)));
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
          r.section = bestSection(r, clauses);
          var d = docOf(r.doc);
          var exact = fold(d[0]) === wanted || d[6].some(function (t) { return fold(t) === wanted; });
          if (exact) r.score += PER_CLAUSE / 2;
          if (named.has(phraseTerms(textTerms(d[0])).join(" "))) r.score += PER_CLAUSE;
          r.score += inTitle(d[0], clauses) * PER_TITLE_CLAUSE;
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

  // Runs a query without the box (used by the site's benchmark): resolves to the results.
  store.query = function (text, limit) {
    return search(text, { kind: [], severity: [], service: [] }, limit || 8).then(function (found) {
      found.results.forEach(function (r) { var d = docOf(r.doc); r.title = d[0]; r.url = d[1]; });
      return found;
    });
  };

  // What search.js (the box and the results) uses.
  store.search = search;
  store.docOf = docOf;
  store.termOf = termOf;
  store.wordsOf = words;
  store.loadMeta = loadMeta;
  store.root = root;
})();
