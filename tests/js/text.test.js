// The words of search: themes/default/static/assets/search/text.js, the browser's copy of
// src/search/text.rs.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, loadAlone } = require("./load");

const text = load(["search/text.js"]).dontpanicSearch.text;

test("needs nothing but itself", () => {
  assert.equal(typeof loadAlone(["search/text.js"]).dontpanicSearch.text.termOf, "function");
});

test("tokens keep words joined by one hyphen or dot, and nothing else", () => {
  assert.deepEqual(text.tokens("Check eu-west-1, then on-call. Then - next 10.0.0.1"),
    ["Check", "eu-west-1", "then", "on-call", "Then", "next", "10.0.0.1"]);
  assert.deepEqual(text.tokens("a--b .c d."), ["a", "b", "c", "d"]);
  assert.deepEqual(text.tokens("ERR_QUOTA_EXCEEDED: über"), ["ERR_QUOTA_EXCEEDED", "über"]);
  assert.deepEqual(text.tokens("!!! ..."), []);
  assert.deepEqual(text.words("eu-west-1"), ["eu", "west", "1"]);
});

test("case and accents fold away", () => {
  assert.equal(text.fold("Ärger CAFÉ naïve"), "arger cafe naive");
  // Decomposed input (e + combining acute) folds the same as composed.
  assert.equal(text.fold("Cafe\u0301"), "cafe");
  assert.deepEqual(text.textTerms("CAFÉ Ärger"), ["cafe", "arger"]);
  // Only the combining marks go: other letters stay as they are, lowered.
  assert.equal(text.fold("Straße Ωmega"), "straße ωmega");
});

test("identifiers stay whole, English words are stemmed", () => {
  assert.equal(text.termOf("AccessDenied"), "accessdenied");
  assert.equal(text.termOf("ERR_QUOTA_EXCEEDED"), "err_quota_exceeded");
  assert.equal(text.termOf("sev1"), "sev1");
  assert.equal(text.termOf("503"), "503");
  assert.equal(text.termOf("Charges"), "charg");
  assert.ok(text.isIdentifier("p95") && text.isIdentifier("iPhone") && !text.isIdentifier("HTTP"));
  // Joined words with a digit are one term; without a digit they are their words.
  assert.deepEqual(text.tokenTerms("eu-west-1"), ["eu-west-1"]);
  assert.deepEqual(text.tokenTerms("on-call"), ["on", "call"]);
  assert.deepEqual(text.textTerms("Rotating keys for eu-west-1"), ["rotat", "key", "for", "eu-west-1"]);
});

test("inflections share a stem, as the build's", () => {
  for (const [a, b] of [["charges", "charged"], ["charging", "charge"], ["locked", "lock"], ["policies", "policy"],
    ["invoices", "invoice"], ["stopped", "stop"], ["escalation", "escalate"], ["rotating", "rotation"]]) {
    assert.equal(text.termOf(a), text.termOf(b), a + " / " + b);
  }
  // Only plain ASCII letters are stemmed.
  assert.equal(text.stem("naïve"), "naïve");
  assert.equal(text.stem("caching"), "cach");
});

test("every shared word case gives the build's term (tests/js/terms.json)", () => {
  const cases = require("./terms.json").terms;
  assert.ok(cases.length > 100);
  const differ = cases
    .filter(([word, term]) => text.tokenTerms(word)[0] !== term)
    .map(([word, term]) => word + ": browser " + text.tokenTerms(word)[0] + ", build " + term);
  assert.deepEqual(differ, []);
});

test("a typo is one edit: a letter changed, added, dropped, or two swapped", () => {
  assert.ok(text.closeEnough("latency", "latency"));
  assert.ok(text.closeEnough("latancy", "latency"), "changed");
  assert.ok(text.closeEnough("latenccy", "latency"), "added");
  assert.ok(text.closeEnough("latncy", "latency"), "dropped");
  assert.ok(text.closeEnough("latnecy", "latency"), "swapped");
  assert.ok(!text.closeEnough("latnecyy", "latency"), "two edits");
  assert.ok(!text.closeEnough("ltanecy", "latency"), "two swaps");
  assert.ok(!text.closeEnough("late", "latency"));
});

test("a misspelt word may mean a stem its typed form begins with, give or take one edit", () => {
  // "incidnet" stems to itself, three letters from "incid", but begins with it.
  assert.ok(text.misspelling(text.termOf("incidnet"), "incidnet")("incid"));
  assert.ok(text.misspelling(text.termOf("certficate"), "certficate")("certif"));
  // One edit from the stem.
  assert.ok(text.misspelling("rotaton", true)("rotation"));
  // A stem shorter than five letters is too short to guess from, and more than five letters
  // after the stem is more than stemming takes off.
  assert.ok(!text.misspelling("diskss", "diskss")("disk"));
  assert.ok(!text.misspelling("certifxxxxxx", "certifxxxxxx")("certif"));
  assert.ok(!text.misspelling("billing", "billing")("rotat"));
});
