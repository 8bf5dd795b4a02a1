// Ranking: themes/default/static/assets/search/scoring.js, on sets made by hand.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, loadAlone } = require("./load");

const S = load(["search/scoring.js"]).dontpanicSearch.scoring;

// A set from [doc, section, score] postings.
function set(postings, weight) { return S.setOfList([].concat(...postings), weight === undefined ? 1 : weight); }
function docs(s) { return Array.from(s.doc.slice(0, s.size)); }
function scores(s) { return Array.from(s.score.slice(0, s.size)); }

test("needs nothing but itself", () => {
  assert.equal(typeof loadAlone(["search/scoring.js"]).dontpanicSearch.scoring.rank, "function");
});

test("a term's postings become a set, scores weighted, nothing scored zero kept", () => {
  const s = set([[1, 0, 100], [4, 2, 0], [7, 1, 50]], 0.5);
  assert.deepEqual(docs(s), [1, 7]);
  assert.deepEqual(scores(s), [50, 25]);
});

test("sets merge adding (two words) or keeping the better (two forms of one word)", () => {
  const a = set([[1, 0, 10], [2, 3, 30], [5, 0, 5]]);
  const b = set([[2, 1, 40], [3, 0, 7]]);
  const sum = S.merge(a, b, true, false);
  assert.deepEqual(docs(sum), [1, 2, 3, 5]);
  assert.deepEqual(scores(sum), [10, 70, 7, 5]);
  // The section of the stronger posting is the one a result links to.
  assert.equal(sum.section[1], 1);
  assert.deepEqual(docs(S.merge(a, b, true, true)), [2]);
  const better = S.merge(a, b, false, false);
  assert.deepEqual(scores(better), [10, 40, 7, 5]);
  assert.equal(S.scoreIn(better, 2), 40);
  assert.equal(S.scoreIn(better, 4), 0);
});

// Clauses whose alternatives are sets given by hand (`setOf` is what the engine looks up).
function ranking(clauses) {
  const hits = new Set();
  const setOf = (clause, k, found) => { found.add(clause.alternatives[k].terms.join(" ")); return S.weigh(clause.given[k](), clause.alternatives[k].weight); };
  return { ranking: S.rank(clauses, hits, setOf), hits: hits };
}
function clause(text, alternatives) {
  return {
    text: text,
    alternatives: alternatives.map((a) => ({ terms: a[0].split(" "), weight: a[1] })),
    given: alternatives.map((a) => () => set(a[2])),
  };
}

test("pages matching more of the query's words rank first, then by score, then by page", () => {
  const clauses = [
    clause("disk", [["disk", 1, [[0, 0, 900], [1, 0, 100], [2, 0, 100], [3, 0, 50]]]]),
    clause("full", [["full", 1, [[1, 0, 10], [2, 0, 10], [4, 0, 999]]]]),
  ];
  const { ranking: r, hits } = ranking(clauses);
  assert.equal(r.total, 5);
  // 1 and 2 have both words (and tie, so the first page first); 0 has one word but scores most.
  assert.deepEqual(r.top(10, () => true).map((x) => [x.doc, x.covered]), [[1, 2], [2, 2], [4, 1], [0, 1], [3, 1]]);
  assert.deepEqual(r.top(2, () => true).map((x) => x.doc), [1, 2]);
  assert.deepEqual(r.top(2, (d) => d !== 1).map((x) => x.doc), [2, 4]);
  assert.equal(r.count((d) => d > 2), 2);
  assert.deepEqual(Array.from(hits).sort(), ["disk", "full"]);
  assert.equal(clauses[1].found, true);
});

test("a synonym scores below what was typed, and a clause keeps its best alternative", () => {
  const clauses = [clause("invoice", [["invoic", 1, [[0, 0, 100]]], ["bill", 0.6, [[0, 0, 300], [1, 0, 100]]]])];
  const top = ranking(clauses).ranking.top(10, () => true);
  assert.deepEqual(top.map((x) => [x.doc, x.score - x.covered * S.PER_CLAUSE]), [[0, 180], [1, 60]]);
});

test("a phrase counts only where the page has its words in a row", () => {
  const clauses = [clause("locked out", [["lock out", 1, [[0, 0, 500], [1, 0, 500]]], ["lockout", 0.5, [[1, 0, 100]]]])];
  const r = ranking(clauses).ranking;
  const [first, second] = r.top(10, () => true);
  assert.ok(r.unsure(0) && r.unsure(1));
  // Page 0 says "lock ... out" apart: it loses the clause. Page 1 says neither in a row, but
  // has "lockout": it keeps the clause at that alternative's score.
  S.verify(first, clauses, " out lock | ");
  S.verify(second, clauses, " lockout | ");
  assert.deepEqual([first.covered, second.covered], [0, 1]);
  assert.equal(second.score, S.PER_CLAUSE + 50);
  // A page that has the phrase keeps its full score.
  const whole = [clause("locked out", [["lock out", 1, [[0, 0, 500]]]])];
  const kept = ranking(whole).ranking.top(1, () => true)[0];
  S.verify(kept, whole, " the lock out | ");
  assert.deepEqual([kept.covered, kept.score], [1, S.PER_CLAUSE + 500]);
});

test("a result links to the section that holds most of the query, typed words counting double", () => {
  const clauses = [
    { text: "disk", alternatives: [{ terms: ["disk"], weight: 1 }, { terms: ["volum"], weight: 0.5 }] },
    { text: "full", alternatives: [{ terms: ["full"], weight: 1 }] },
  ];
  const sections = [" overview ", " volum full ", " disk full ", " disk "];
  assert.equal(S.bestSection(sections, clauses, 3), 2);
  // On a tie, the section the strongest word pointed to stays.
  assert.equal(S.bestSection([" disk ", " disk "], clauses, 1), 1);
  assert.equal(S.bestSection([" none "], clauses, 0), 0);
});

test("a title counts the query's words it has, the word being typed by its beginning", () => {
  const clauses = [
    { text: "eu", alternatives: [{ terms: ["eu"], weight: 1 }] },
    { text: "slo", prefix: "slo", alternatives: [{ terms: ["slo"], weight: 1 }] },
  ];
  assert.equal(S.inTitle(" region eu slowdown ", clauses), 2);
  assert.equal(S.inTitle(" latenc slo ", clauses), 1);
  assert.equal(S.inTitle(" europ ", clauses), 0);
  assert.ok(S.PER_TITLE_CLAUSE < S.PER_CLAUSE);
});
