// Search, offline, the vocabulary: reads a query with the stop words, contractions, fillers
// and related words the index's meta file carries (src/search/vocabulary.rs and the site's
// [search.synonyms]), into clauses, each a word or phrase the responder meant with its
// alternatives. Knows nothing of the index's postings or the page.
// needs: search/text.js
// Gives `window.dontpanicSearch.vocabulary`.
(function (search) {
  "use strict";
  var text = search.text;
  var fold = text.fold, tokens = text.tokens;

  // What was typed counts fully; the site's own synonyms a little less, the built-in
  // vocabulary less again.
  var SITE_SYNONYM = 0.6, BUILTIN_SYNONYM = 0.5;

  // The vocabulary of `meta` as lookups: stop words, contractions, fillers, and every key (a
  // word or phrase, as terms) with its alternatives, longest keys first so "locked out" wins
  // over "locked". The build ships the vocabulary already as terms ("log in", "sign in" …,
  // fillers left out), so nothing is stemmed here; a key's alternatives are gathered the first
  // time it is typed. `reading` is how the index's language makes terms (text.inLanguage);
  // English when not given.
  function of(meta, reading) {
    reading = reading || text.inLanguage();
    var stop = new Set(meta.stop_words || []), keys = new Map(), byFirst = new Map(), fillers = new Set();
    (meta.fillers || []).forEach(function (w) { fillers.add(reading.termOf(w)); });
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
    text.asMap(meta.synonyms).forEach(function (list, id) { if (Array.isArray(list)) index(id, { list: list, weight: SITE_SYNONYM }); });
    groups.forEach(function (group) { group.forEach(function (id) { index(id, { list: group, weight: BUILTIN_SYNONYM }); }); });
    byFirst.forEach(function (list) { list.sort(function (a, b) { return b.terms.length - a.terms.length; }); });
    return { stop: stop, byFirst: byFirst, contractions: text.asMap(meta.contractions), fillers: fillers, reading: reading };
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

  // What typed words say, as written: words between spaces, a CJK run's pairs as the run.
  function said_(list) {
    return list.reduce(function (out, w, n) {
      if (w.cjk && n > 0) return out + Array.from(w.text).slice(1).join("");
      return out + (n > 0 ? " " : "") + w.text;
    }, "");
  }

  // A phrase's words without its fillers ("after the incident" and "after an incident" are
  // one phrase), unless it has nothing else.
  function phraseTerms(terms, fillers) {
    var kept = terms.filter(function (t) { return !fillers.has(t); });
    return kept.length ? kept : terms;
  }

  // A query is a list of clauses, each a word or phrase the responder meant; a clause is a
  // list of alternatives (what was typed, then its synonyms), each a list of terms that must
  // all be in a page, maybe with a phrase to find in its text. Pages are ranked by how many
  // clauses they match, then by score. `v` is a vocabulary (`of`).
  function parse(query, v) {
    var fillerTerms = v.fillers;
    var tokenTerms = v.reading.tokenTerms, textTerms = v.reading.textTerms;
    var clauses = [];
    var rest = query.replace(/"([^"]*)"/g, function (_, phrase) {
      var terms = phraseTerms(textTerms(phrase), fillerTerms);
      if (terms.length) clauses.push({ text: phrase, alternatives: [{ terms: terms, weight: 1 }] });
      return " ";
    });
    // "can't" and "cant" alike: apostrophes inside words go, then contractions become words.
    // Only where the language has contractions: in French, "l'accès" is two words.
    if (v.contractions.size) rest = rest.replace(/(\p{L})['\u2019](\p{L})/gu, "$1$2");
    var typed = [];
    tokens(rest).forEach(function (token) {
      var expanded = v.contractions.get(fold(token));
      (typeof expanded === "string" ? expanded.split(" ") : [token]).forEach(function (word) {
        // A CJK run's pairs are each said as themselves, overlapping (`cjk`): a clause of
        // several says their run once.
        var cjk = text.isCjk(word);
        tokenTerms(word).forEach(function (term, n) {
          typed.push({ term: term, text: cjk ? term : word, stop: !cjk && v.stop.has(fold(word)), cjk: cjk && n > 0 });
        });
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
        var saidText = said_(typed.slice(i, i + length));
        said.push({
          text: saidText,
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

  search.vocabulary = {
    SITE_SYNONYM: SITE_SYNONYM, BUILTIN_SYNONYM: BUILTIN_SYNONYM,
    of: of, phraseTerms: phraseTerms, parse: parse, loosened: loosened,
  };
})(window.dontpanicSearch = window.dontpanicSearch || {});
