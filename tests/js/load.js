// Loads the theme's scripts into Node for the unit tests, as the bundle orders them: each
// file after the files its opening comment says it `needs:` (the rule src/theme/scripts.rs
// applies). A script runs in this process with a `window` (and a `document`, when the test
// gives one) of its own, so each test starts from nothing.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const ASSETS = path.join(__dirname, "..", "..", "themes", "default", "static", "assets");

// The names on the `// needs:` lines of a script's opening comment.
function needsOf(source) {
  const out = [];
  for (const raw of source.split("\n")) {
    const line = raw.trim().replace(/^\uFEFF/, "");
    if (!line) continue;
    if (!line.startsWith("//")) break;
    const m = /^\/\/\s*needs:(.*)$/.exec(line);
    if (m) out.push(...m[1].split(/[\s,]+/).filter(Boolean));
  }
  return out;
}

function source(name) { return fs.readFileSync(path.join(ASSETS, name), "utf8"); }

// Runs the scripts `names` (paths under assets/), each after what it needs, in a new window;
// returns the window. `document` is what the scripts see as the page.
function load(names, document) {
  const window = {};
  const done = new Set();
  const run = (name, chain) => {
    if (done.has(name)) return;
    if (chain.includes(name)) throw new Error("scripts need each other: " + chain.concat(name).join(" -> "));
    const text = source(name);
    needsOf(text).forEach((need) => run(need, chain.concat(name)));
    // The file's own lines keep their numbers in stack traces.
    const script = vm.runInThisContext("(function (window, document) {" + text + "\n})", {
      filename: path.join(ASSETS, name),
    });
    script.call(window, window, document);
    done.add(name);
  };
  names.forEach((name) => run(name, []));
  return window;
}

// Runs `names` alone, without what they need: for checking that a script's needs are declared.
function loadAlone(names, document) {
  const window = {};
  names.forEach((name) => {
    const script = vm.runInThisContext("(function (window, document) {" + source(name) + "\n})", {
      filename: path.join(ASSETS, name),
    });
    script.call(window, window, document);
  });
  return window;
}

// A page with a search box, whose index is `files` (path under the site's root → the script's
// text, as the build writes it). A script the engine adds runs a moment later, as a browser
// runs it, and a file that is not there fails to load. `window` is set once the scripts run.
function searchPage(files, attributes) {
  const body = Object.assign({ "data-root": "", "data-search-index": "dontpanic/search/" }, attributes || {});
  const page = {
    window: null,
    requested: [],
    body: { getAttribute: (name) => (name in body ? body[name] : null) },
    head: {
      appendChild(script) {
        page.requested.push(script.src);
        setTimeout(() => {
          const text = script.textContent || files[script.src];
          if (text === undefined) return script.onerror && script.onerror();
          new Function("dontpanicSearch", text)(page.window.dontpanicSearch);
          if (script.onload) script.onload();
        }, 0);
      },
    },
    querySelectorAll(selector) {
      if (selector !== ".search-box input[type=search]") return [];
      return [{ getAttribute: (name) => (name === "data-root" ? "" : null) }];
    },
    createElement: (tag) => ({ tagName: tag, src: "", textContent: "" }),
    addEventListener() {},
  };
  return page;
}

function loadSearch(files, attributes) {
  const page = searchPage(files, attributes);
  page.window = load(["search/engine.js"], page);
  return page;
}

module.exports = { ASSETS, needsOf, load, loadAlone, searchPage, loadSearch };
