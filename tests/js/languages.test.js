// Search in the reader's language: CJK cut into pairs of characters as the build cuts it
// (src/search/text.rs), a language whose stems only the build knows read through the index's
// forms, and the default language's index searched when the page's own finds nothing.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, loadSearch } = require("./load");

const text = load(["search/text.js"]).dontpanicSearch.text;
const call = (name, ...args) => "dontpanicSearch." + name + "(" + args.map((a) => "JSON.parse(" + JSON.stringify(JSON.stringify(a)) + ")").join(",") + ");\n";

test("CJK runs are tokens of their own, read as overlapping pairs of characters", () => {
  assert.deepEqual(text.tokens("AWS账户被锁定了。请重试"), ["AWS", "账户被锁定了", "请重试"]);
  assert.deepEqual(text.textTerms("账户被锁定"), ["账户", "户被", "被锁", "锁定"]);
  assert.deepEqual(text.textTerms("锁"), ["锁"]);
  assert.deepEqual(text.textTerms("サーバー"), ["サー", "ーバ", "バー"]);
  // A decomposed voiced kana reads as the composed one; Hangul too is paired.
  assert.deepEqual(text.textTerms("カ\u3099ス"), text.textTerms("ガス"));
  assert.deepEqual(text.textTerms("계정 잠금"), ["계정", "잠금"]);
  // Latin words and identifiers beside them are read as before.
  assert.deepEqual(text.textTerms("ERR_QUOTA 超出配额 charges"), ["err_quota", "超出", "出配", "配额", "charg"]);
});

test("a language's reading uses the forms the index carries, and English keeps Porter2", () => {
  const forms = new Map([["zugriffe", "zugriff"], ["verweigern", "verweig"]]);
  const german = text.inLanguage("de", forms);
  assert.deepEqual(german.textTerms("Zugriffe verweigern"), ["zugriff", "verweig"]);
  // A word the forms do not know stays as typed, folded; identifiers stay whole.
  assert.deepEqual(german.textTerms("Überlast AccessDenied"), ["uberlast", "accessdenied"]);
  assert.equal(text.inLanguage("en", forms), text.inLanguage());
  assert.equal(text.inLanguage(undefined).termOf("charges"), "charg");
});

// Two indexes as the build writes them: English at the default folder (its files name no
// folder), German in its own folder, naming it, with forms and a fallback on the English one.
const EN = "dontpanic/search/", DE = "dontpanic/search/de/";
function doc(title, url, body) { return [title, url, "", "runbook", "", [], [], [["", title, body]], "", ""]; }
function site() {
  const files = {};
  const meta = { version: 2, docs: 1, chunk: 8, kinds: ["runbook"], severities: [], services: [], synonyms: {}, groups: [], stop_words: [], fillers: [], contractions: {}, playbooks: [] };
  files[EN + "meta.js"] = call("meta", Object.assign({}, meta, { shards: ["co", "ka"] }));
  files[EN + "t/co.js"] = call("terms", "co", { consumerlaghigh: "0,0,900" });
  files[EN + "t/ka.js"] = call("terms", "ka", { kafka: "0,0,900" });
  files[EN + "d/0.js"] = call("docs", 0, [doc("Kafka consumer lag", "kafka.html", "ConsumerLagHigh fires.")]);
  files[DE + "meta.js"] = call("meta", Object.assign({}, meta, {
    language: "de", shards: ["ko", "ve", "zu"], forms: ["ve", "zu"], fallback: EN,
    groups: [["zugriff verweigert", "kontosperr"]], fillers: ["der"],
  }), DE);
  files[DE + "t/ko.js"] = call("terms", "ko", { kontosperr: "0,0,900" }, DE);
  files[DE + "t/zu.js"] = call("terms", "zu", { zugriff: "0,0,300" }, DE);
  files[DE + "t/ve.js"] = call("terms", "ve", { verweig: "0,0,300" }, DE);
  files[DE + "f/zu.js"] = call("forms", "zu", { zugriffe: "zugriff" }, DE);
  files[DE + "f/ve.js"] = call("forms", "ve", { verweigern: "verweig" }, DE);
  files[DE + "d/0.js"] = call("docs", 0, [doc("Kontosperre", "de/kontosperre.html", "Zugriff verweigern.")], null, DE);
  return files;
}

test("an inflected German query finds its page through the forms and the stems it begins with", async () => {
  const page = loadSearch(site(), { "data-search-index": DE });
  // "verweigert" is on no page and in no form: read as the stem it begins with.
  const found = await page.window.dontpanicSearch.query("Zugriffe verweigert");
  assert.deepEqual(found.results.map((r) => r.url), ["de/kontosperre.html"]);
  assert.equal(found.results[0].other_language, undefined);
  assert.ok(page.requested.includes(DE + "f/zu.js"));
});

test("when the page's language finds nothing, the default language's results come, marked", async () => {
  const page = loadSearch(site(), { "data-search-index": DE });
  const found = await page.window.dontpanicSearch.query("ConsumerLagHigh");
  assert.deepEqual(found.results.map((r) => [r.url, r.other_language]), [["kafka.html", "en"]]);
  // The English index's files, which name no folder, went to the English index.
  assert.ok(page.requested.includes(EN + "meta.js"));
  assert.equal(page.window.dontpanicSearch.docOf(found.results[0].doc, found.results[0])[0], "Kafka consumer lag");
});
