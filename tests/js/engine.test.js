// Answering queries: themes/default/static/assets/search/engine.js on a tiny index written as
// the build writes one (search/meta.js, shards of terms, chunks of documents), loaded by the
// engine through script tags as a browser would.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const zlib = require("node:zlib");
const { loadSearch } = require("./load");

const DIR = "dontpanic/search/";
// As the build writes its files: JSON.parse of the text, so that a key "__proto__" is a key.
const call = (name, ...args) => "dontpanicSearch." + name + "(" + args.map((a) => "JSON.parse(" + JSON.stringify(JSON.stringify(a)) + ")").join(",") + ");\n";

// A document: [title, url, path, kind, severity, services, names, sections, description, first step].
function doc(title, url, sections, description) {
  return [title, url, "Runbooks", "runbook", "", [], [], sections, description || "", ""];
}
const DOCS = [
  doc("Disk full", "runbooks/disk-full.html", [["", "Disk full", "The disk is full."], ["free-space", "Free space", "Delete old logs to free space."]]),
  doc("High latency", "runbooks/latency.html", [["", "High latency", "Requests are slow; the disk may be full of logs."]]),
  doc("Account lockout", "playbooks/lockout.html", [["", "Account lockout", "A responder is locked out of the console."]]),
  doc("Constructor errors", "runbooks/constructor.html", [["", "Constructor errors", "The constructor of __proto__ fails."]]),
  doc("Certificate expiry", "runbooks/certificate.html", [["", "Certificate expiry", "Renew it."]]),
];
DOCS[2][3] = "playbook";
// Postings: document (relative to the one before), section, score.
const SHARDS = {
  // A computed key: written plainly, `__proto__:` would set the prototype, not make a term.
  __: { ["__proto__"]: "3,0,500" },
  ce: { certif: "4,0,900" },
  co: { constructor: "3,0,900", consol: "2,0,50" },
  di: { disk: "0,0,900,1,0,300" },
  ex: { expiri: "4,0,600" },
  fr: { free: "0,1,500" },
  fu: { full: "0,0,800,1,0,100" },
  hi: { high: "1,0,700" },
  la: { latenc: "1,0,900" },
  lo: { lockout: "2,0,900", lock: "2,0,400", log: "0,1,200,1,0,100" },
  ou: { out: "2,0,100" },
};
const META = {
  version: 2, docs: DOCS.length, chunk: 4, shards: Object.keys(SHARDS).sort(),
  kinds: ["runbook", "playbook"], severities: [], services: [],
  synonyms: {}, groups: [["lock out", "lockout", "log in"]],
  stop_words: ["the", "a", "is", "of", "i", "my"], fillers: ["the", "a"], contractions: { cant: "can not" },
  playbooks: [["Account lockout", "playbooks/lockout.html"]],
};

function index(shards) {
  shards = shards || SHARDS;
  const files = {};
  files[DIR + "meta.js"] = call("meta", Object.assign({}, META, { shards: Object.keys(shards).sort() }));
  Object.keys(shards).forEach((key) => {
    // The shard's object made with JSON.parse, as the build does, so "__proto__" is a term.
    const json = "{" + Object.keys(shards[key]).map((t) => JSON.stringify(t) + ":" + JSON.stringify(shards[key][t])).join(",") + "}";
    // The build deflates and base64s a large shard: the "di" and "ce" shards are written so.
    const arg = key === "di" || key === "ce"
      ? JSON.stringify(zlib.deflateRawSync(Buffer.from(json)).toString("base64"))
      : "JSON.parse(" + JSON.stringify(json) + ")";
    files[DIR + "t/" + key.replace(/_/g, "_5f") + ".js"] = "dontpanicSearch.terms(" + JSON.stringify(key) + "," + arg + ");\n";
  });
  files[DIR + "d/0.js"] = call("docs", 0, DOCS.slice(0, 4));
  // The build deflates and base64s its chunks: the second is written so.
  const packed = zlib.deflateRawSync(Buffer.from(JSON.stringify(DOCS.slice(4)))).toString("base64");
  files[DIR + "d/1.js"] = "dontpanicSearch.docs(1," + JSON.stringify(packed) + ");\n";
  files[DIR + "attributes.js"] = call("attributes", DOCS.map((d) => [META.kinds.indexOf(d[3]), 0, []]));
  files[DIR + "words.js"] = call("words", ["disk", "full", "latency", "lockout", "certificate", "constructor"]);
  return files;
}

function urls(found) { return found.results.map((r) => r.url); }

test("the page named for the query's words ranks above one that only mentions them", async () => {
  const page = loadSearch(index());
  const found = await page.window.dontpanicSearch.query("disk full");
  assert.deepEqual(urls(found), ["runbooks/disk-full.html", "runbooks/latency.html"]);
  assert.equal(found.matched, 2);
  assert.equal(found.total, 2);
  assert.deepEqual(Array.from(found.hits).sort(), ["disk", "full"]);
  // Only the shards of its words and the chunk of its results were loaded.
  assert.deepEqual(page.window.dontpanicSearch.loaded.sort(), [DIR + "d/0.js", DIR + "meta.js", DIR + "t/di.js", DIR + "t/fu.js"]);
});

test("a result links to the section that has the query", async () => {
  const found = await loadSearch(index()).window.dontpanicSearch.query("free space logs");
  assert.equal(found.results[0].url, "runbooks/disk-full.html");
  assert.equal(found.results[0].section, 1);
});

test("the word being typed finds the words it begins", async () => {
  const store = loadSearch(index()).window.dontpanicSearch;
  assert.deepEqual(urls(await store.query("late")), ["runbooks/latency.html"]);
  // Once a space ends it, it is a whole word, which no page has.
  assert.deepEqual(urls(await store.query("lat ")), []);
});

test("a misspelt word finds what was meant, from a deflated chunk", async () => {
  const found = await loadSearch(index()).window.dontpanicSearch.query("certficate ");
  assert.deepEqual(urls(found), ["runbooks/certificate.html"]);
  assert.deepEqual(found.results[0].title, "Certificate expiry");
});

test("a phrase of the vocabulary finds the page that says it, and its group's words", async () => {
  const found = await loadSearch(index()).window.dontpanicSearch.query("cant log in");
  // "log in" is in the group of "lock out" and "lockout": the lockout page, whose text says
  // "locked out", comes first; the pages that only say "log" are not about it.
  assert.deepEqual(urls(found), ["playbooks/lockout.html"]);
});

test("nothing found: a suggestion one edit away, and the playbooks to start from", async () => {
  const found = await loadSearch(index()).window.dontpanicSearch.query("dsik ");
  assert.deepEqual(urls(found), []);
  assert.equal(found.suggestion, "disk");
  assert.deepEqual(found.fallback, META.playbooks);
  assert.deepEqual(found.missing, ["dsik"]);
});

test("filters keep the pages of a kind", async () => {
  const store = loadSearch(index()).window.dontpanicSearch;
  const all = await store.search("lockout log ", { kind: [], severity: [], service: [] }, 8);
  assert.equal(all.results.length, 3);
  const playbooks = await store.search("lockout log ", { kind: ["playbook"], severity: [], service: [] }, 8);
  assert.deepEqual(playbooks.results.map((r) => r.doc), [2]);
  assert.equal(playbooks.total, 1);
});

test("words named like an object's own properties are searched as words", async () => {
  const store = loadSearch(index()).window.dontpanicSearch;
  assert.deepEqual(urls(await store.query("constructor ")), ["runbooks/constructor.html"]);
  assert.deepEqual(urls(await store.query("__proto__ ")), ["runbooks/constructor.html"]);
  // Where no page has them, but other words share their shard: nothing found, nothing
  // thrown, and no property of an object taken for a word's postings.
  const without = Object.assign({}, SHARDS, { co: { consol: "2,0,50" }, __: { __init__: "3,0,500" } });
  const bare = loadSearch(index(without)).window.dontpanicSearch;
  for (const query of ["constructor ", "__proto__ ", "constructor", "__proto__"]) {
    const found = await bare.query(query);
    assert.deepEqual(urls(found), [], query);
    assert.deepEqual(found.missing, [query.trim()], query);
  }
});

test("the terms the build would make are exposed for the site's own parity test", () => {
  const store = loadSearch(index()).window.dontpanicSearch;
  assert.equal(store.term("Charges"), "charg");
  assert.equal(store.phraseTerms("after the incident"), "after the incid", "no fillers before the vocabulary is read");
});

test("a page without a search box loads no index", () => {
  const page = loadSearch(index());
  const { load } = require("./load");
  const bare = load(["search/engine.js"], Object.assign({}, page, { querySelectorAll: () => [] }));
  assert.equal(bare.dontpanicSearch.search, undefined);
  assert.equal(bare.dontpanicSearch.loaded, undefined);
});
