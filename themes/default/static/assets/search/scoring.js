// Search, offline, the ranking: sets of matching documents with their scores, merged clause by
// clause, and the order of the results. The scores themselves (BM25F, per term and document)
// are worked out by the build (src/search/scoring.rs) and stored in the index; a query only
// adds them up. Knows nothing of how the index is loaded, nor of the page.
// Gives `window.dontpanicSearch.scoring`.
(function (search) {
  "use strict";

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
  // A term's postings ([doc, section, score, …], documents ascending) as a set, each score
  // times `weight`.
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

  // ---- ranking ----
  // A page's rank: the clauses it matches first, then its score.
  var PER_CLAUSE = 1e7;

  // Ranks the documents matching any clause. `setOf(clause, k, hits)` is the set of the
  // clause's alternative `k` (marking the words it found in `hits`). A clause's value in a
  // document is its best alternative's score; an alternative of several words (a phrase) is
  // assumed to be there as a phrase when its words are, and checked once the document's text is
  // loaded (`verify`).
  function rank(clauses, hits, setOf) {
    var total = null;
    clauses.forEach(function (clause) {
      var found = new Set();
      clause.sets = clause.alternatives.map(function (alt, k) { return setOf(clause, k, found); });
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

  // Whether `text` (terms between spaces) holds alternative `k` of clause `c`: its words in a
  // row, the last one only begun when it is what is being typed.
  function holds(text, c, k) {
    return text.indexOf(" " + c.alternatives[k].terms.join(" ") + (c.prefix && k === 0 ? "" : " ")) >= 0;
  }
  // The section a result links to, of its sections as terms (`texts`): the one whose text holds
  // most of the query's words (what was typed counting more than a synonym); the section its
  // strongest word points to (`current`) on a tie.
  function bestSection(texts, clauses, current) {
    var best = current, most = 0;
    texts.forEach(function (text, i) {
      var points = 0;
      clauses.forEach(function (c) {
        c.alternatives.some(function (alt, k) {
          var there = holds(text, c, k);
          if (there) points += k === 0 ? 2 : 1;
          return there;
        });
      });
      if (points > most || (points === most && i === current)) { most = points; best = i; }
    });
    return best;
  }

  // Among pages that match as many of the query's words, those whose title has more of them
  // (as typed, as a synonym, or begun by the word being typed) come first, whatever the words'
  // counts in the text: "Regional performance slowdown" is about "eu slow" more than a page on
  // latency that says "slow" five times. `title` is the title as terms between spaces.
  var PER_TITLE_CLAUSE = 1e5;
  function inTitle(title, clauses) {
    return clauses.filter(function (c) {
      return c.alternatives.some(function (alt, k) { return holds(title, c, k); });
    }).length;
  }

  search.scoring = {
    EMPTY: EMPTY, PER_CLAUSE: PER_CLAUSE, PER_TITLE_CLAUSE: PER_TITLE_CLAUSE,
    setOfList: setOfList, weigh: weigh, merge: merge, scoreIn: scoreIn,
    rank: rank, verify: verify, bestSection: bestSection, inTitle: inTitle,
  };
})(window.dontpanicSearch = window.dontpanicSearch || {});
