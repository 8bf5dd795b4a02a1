// Runs queries on an index the build wrote to disk, as a page opened from disk would: the
// engine (search/engine.js) loads the index's scripts by their paths under the site's root.
// Used by tests/integration/search_languages.rs; not a test file of its own.
//   node tests/js/run_index.js SITE_ROOT INDEX_FOLDER QUERIES_JSON
//   node tests/js/run_index.js SITE_ROOT INDEX_FOLDER QUERIES_JSON terms
// QUERIES_JSON is a JSON list of queries; prints, for each, the URLs of the first five results
// and the language each result was marked with (null: the page's own); with `terms`, the term
// the engine makes of each word of each query.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { loadSearch } = require("./load");

function filesUnder(root) {
  const files = {};
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".js")) files[path.relative(root, full).split(path.sep).join("/")] = fs.readFileSync(full, "utf8");
    }
  };
  walk(root);
  return files;
}

async function main() {
  const [root, folder, queries, mode] = process.argv.slice(2);
  const page = loadSearch(filesUnder(root), { "data-search-index": folder });
  const search = page.window.dontpanicSearch;
  const out = [];
  for (const query of JSON.parse(queries)) {
    const found = await search.query(query, 5);
    // "terms": each word of the query as the engine reads it, once the query has run (and
    // loaded what reading it needs).
    if (mode === "terms") { out.push({ query, terms: search.text.words(query).map(search.term) }); continue; }
    out.push({ query, urls: found.results.map((r) => r.url), other: found.results.map((r) => r.other_language || null) });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
