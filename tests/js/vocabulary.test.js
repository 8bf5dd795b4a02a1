// Reading a query with the vocabulary: themes/default/static/assets/search/vocabulary.js.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, loadAlone } = require("./load");

const search = load(["search/vocabulary.js"]).dontpanicSearch;
const V = search.vocabulary;

// A meta file's vocabulary as the build ships it: the entries already as terms.
const META = {
  stop_words: ["a", "the", "i", "my", "do", "to", "can", "not", "how", "we"],
  fillers: ["a", "an", "the", "my"],
  contractions: { cant: "can not", dont: "do not" },
  synonyms: { invoic: ["bill", "charg"] },
  groups: [
    ["lock out", "lockout", "log in"],
    ["lock", "frozen"],
    ["out of memori", "oom", "memori pressur"],
  ],
};

// A clause as plain data: what was said, and each alternative's terms and weight.
function plain(clauses) {
  return clauses.map((c) => ({
    text: c.text,
    alternatives: c.alternatives.map((a) => a.terms.join(" ") + " " + a.weight),
    ...(c.prefix !== undefined ? { prefix: c.prefix } : {}),
  }));
}

test("needs search/text.js, as it says", () => {
  assert.throws(() => loadAlone(["search/vocabulary.js"]), TypeError);
  assert.equal(typeof loadAlone(["search/text.js", "search/vocabulary.js"]).dontpanicSearch.vocabulary.parse, "function");
});

test("a word is what was typed, then the site's synonyms, then the built-in group", () => {
  const clauses = V.parse("invoices ", V.of(META));
  assert.deepEqual(plain(clauses), [{ text: "invoices", alternatives: ["invoic 1", "bill 0.6", "charg 0.6"] }]);
  assert.equal(V.SITE_SYNONYM > V.BUILTIN_SYNONYM, true);
});

test("the longest phrase of the vocabulary wins, and fillers between its words are skipped", () => {
  const v = V.of(META);
  assert.deepEqual(plain(V.parse("locked out now", v)), [
    { text: "locked out", alternatives: ["lock out 1", "lockout 0.5", "log in 0.5"] },
    { text: "now", alternatives: ["now 1"], prefix: "now" },
  ]);
  // "lock" alone is its own group's key.
  assert.deepEqual(plain(V.parse("lock ", v)), [{ text: "lock", alternatives: ["lock 1", "frozen 0.5"] }]);
  // "out of my memory": the filler "my" inside the phrase does not break it.
  const oom = V.parse("out of my memory ", v);
  assert.deepEqual(plain(oom), [{ text: "out of my memory", alternatives: ["out of memori 1", "oom 0.5", "memori pressur 0.5"] }]);
  // Its words, stop words left out, for when no page has the phrase.
  assert.deepEqual(oom[0].words.map((w) => w.term), ["out", "of", "memori"]);
});

test("contractions become their words, with or without the apostrophe, and stop words go", () => {
  const v = V.of(META);
  for (const query of ["can't log in ", "cant log in ", "can\u2019t log in "]) {
    assert.deepEqual(plain(V.parse(query, v)), [{ text: "log in", alternatives: ["log in 1", "lock out 0.5", "lockout 0.5"] }], query);
  }
  // Only stop words: they are what there is to look for.
  assert.deepEqual(plain(V.parse("how do ", v)), [
    { text: "how", alternatives: ["how 1"] },
    { text: "do", alternatives: ["do 1"] },
  ]);
});

test("a quoted phrase is one clause, without its fillers", () => {
  assert.deepEqual(plain(V.parse('"the disk filling" fast', V.of(META))), [
    { text: "the disk filling", alternatives: ["disk fill 1"] },
    { text: "fast", alternatives: ["fast 1"], prefix: "fast" },
  ]);
});

test("the last word may still be typed, unless a space or a quote ends the query", () => {
  const v = V.of(META);
  assert.equal(V.parse("rotate AWS", v).pop().prefix, "aws");
  assert.equal(V.parse("rotate aws ", v).pop().prefix, undefined);
  // A phrase is not begun.
  assert.equal(V.parse("locked out", v).pop().prefix, undefined);
});

test("a phrase no page has is read again as the words it shares with its group", () => {
  const v = V.of(META);
  const clauses = V.parse("out of memory", v);
  clauses[0].found = false;
  assert.deepEqual(plain(V.loosened(clauses, true)), [{ text: "memory", alternatives: ["memori 1"] }]);
  clauses[0].found = true;
  assert.equal(V.loosened(clauses, false), null);
});

test("fillers leave a phrase unless it has nothing else", () => {
  const fillers = V.of(META).fillers;
  assert.deepEqual(V.phraseTerms(["after", "the", "incid"], fillers), ["after", "incid"]);
  assert.deepEqual(V.phraseTerms(["the"], fillers), ["the"]);
});

test("words that name an object's own properties are words like any other", () => {
  // As the build writes them: JSON.parse makes "__proto__" an own key, not a prototype.
  const meta = JSON.parse(JSON.stringify(META).replace('"synonyms":{', '"synonyms":{"__proto__":["prototyp"],"constructor":["builder"],'));
  assert.ok(Object.prototype.hasOwnProperty.call(meta.synonyms, "__proto__"));
  const v = V.of(meta);
  assert.deepEqual(plain(V.parse("__proto__ ", v)), [{ text: "__proto__", alternatives: ["__proto__ 1", "prototyp 0.6"] }]);
  assert.deepEqual(plain(V.parse("constructor ", v)), [{ text: "constructor", alternatives: ["constructor 1", "builder 0.6"] }]);
  // Without such a synonym, neither word finds anything of Object.prototype.
  const bare = V.of(META);
  for (const word of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
    const clauses = V.parse(word + " ", bare);
    assert.equal(clauses.length, 1, word);
    assert.equal(clauses[0].alternatives.length, 1, word);
  }
  // Nor is a contraction of those names: "constructor" is not a contraction.
  assert.deepEqual(plain(V.parse("constructor toString ", bare)).map((c) => c.text), ["constructor", "toString"]);
});
