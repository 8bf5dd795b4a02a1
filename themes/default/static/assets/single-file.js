// The single-file copy (`dontpanic build --single-file`): every page of the site is in this one
// document, and the address after "#" names the page shown:
// "#/runbooks/high-latency.html#first-actions". Links are turned into such addresses, so the
// back button, bookmarks and reloads work from disk. After showing a page this script sends
// `dontpanic:page`, on which the other scripts of the theme set up the new content.
// The pages and the search index are JSON in gzip-compressed chunks (#dontpanic-chunk-N, in
// base64); #dontpanic-data says which chunk holds what. A chunk is decoded when first needed.
// Loaded only into the single-file copy; the built folder never runs it.
(function () {
  "use strict";
  var holder = document.getElementById("dontpanic-data");
  var main = document.getElementById("main") || document.querySelector("main");
  if (!holder || !main) return;
  var index = JSON.parse(holder.textContent);
  var HOME = "index.html";
  // Links are resolved as if the site lived under this made-up scheme: what stays on it is a
  // path of the site, anything else leads out of the copy.
  var SCHEME = "copy:";
  // The page shown: none yet.
  var current = { path: null, query: "", anchor: "" };

  var chunks = {};
  function chunk(n) {
    if (!chunks[n]) {
      chunks[n] = new Promise(function (resolve) {
        var text = document.getElementById("dontpanic-chunk-" + n).textContent;
        var bytes = atob(text);
        var buffer = new Uint8Array(bytes.length);
        for (var i = 0; i < bytes.length; i++) buffer[i] = bytes.charCodeAt(i);
        var stream = new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"));
        resolve(new Response(stream).text().then(JSON.parse));
      });
    }
    return chunks[n];
  }
  // A key's value in one of the index's maps; not what every object inherits ("constructor").
  function own(map, key) { return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined; }

  // A page's or script's data, from its chunk; null when the copy has none.
  function entry(kind, path) {
    var n = path === null ? undefined : own(index[kind], path);
    if (n === undefined) return Promise.resolve(null);
    return chunk(n).then(function (c) { return c[path]; });
  }

  // The page a site path stands for: itself, the page an old address leads to, or a folder's
  // index page. Null when the copy has no such page.
  function lookup(path) {
    if (path === "" || /\/$/.test(path)) path += HOME;
    if (own(index.pages, path) !== undefined) return path;
    if (own(index.redirects, path) !== undefined) return index.redirects[path];
    if (own(index.pages, path + "/" + HOME) !== undefined) return path + "/" + HOME;
    return null;
  }

  // "#/path?query#anchor" → its parts.
  function parse(hash) {
    var rest = hash.replace(/^#?\/?/, "");
    var at = rest.indexOf("#");
    var anchor = at >= 0 ? rest.slice(at + 1) : "";
    if (at >= 0) rest = rest.slice(0, at);
    at = rest.indexOf("?");
    var query = at >= 0 ? rest.slice(at + 1) : "";
    if (at >= 0) rest = rest.slice(0, at);
    return { path: decode(rest), query: query, anchor: decode(anchor) };
  }
  function decode(text) { try { return decodeURIComponent(text); } catch (e) { return text; } }
  function hashOf(r) {
    return "#/" + encodeURI(r.path) + (r.query ? "?" + r.query : "") + (r.anchor ? "#" + encodeURIComponent(r.anchor) : "");
  }

  // Where a link written on the page at `base` leads inside the copy; null for other sites,
  // mail addresses and the like.
  function resolve(base, href) {
    if (href === null) return null;
    if (href.indexOf("#/") === 0) return parse(href);
    var url;
    try { url = new URL(href, SCHEME + "/" + encodeURI(base)); } catch (e) { return null; }
    if (url.protocol !== SCHEME || url.host) return null;
    return { path: decode(url.pathname.slice(1)), query: url.search.slice(1), anchor: decode(url.hash.slice(1)) };
  }

  function fileName(path) { return path.slice(path.lastIndexOf("/") + 1); }

  // Points the links, forms and images in `root`, written for the page at `base`, into the copy.
  // The frame's own "#main" stays as it is: it means the page shown, whichever that is.
  function rewrite(root, base, frame) {
    root.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (frame && href.charAt(0) === "#") return;
      var r = resolve(base, href);
      if (!r) return;
      var page = lookup(r.path);
      if (page) {
        a.setAttribute("href", hashOf({ path: page, query: r.query, anchor: r.anchor }));
        a.setAttribute("data-route", page);
      } else if (own(index.files, r.path) !== undefined) {
        a.setAttribute("href", index.files[r.path]);
        if (!a.hasAttribute("download")) a.setAttribute("download", fileName(r.path));
      } else {
        a.setAttribute("href", hashOf(r));
      }
    });
    root.querySelectorAll("form[action]").forEach(function (form) {
      var r = resolve(base, form.getAttribute("action"));
      if (r) form.setAttribute("action", hashOf({ path: lookup(r.path) || r.path, query: "", anchor: "" }));
    });
    root.querySelectorAll("img[src], source[src], video[src], audio[src]").forEach(function (el) {
      var r = resolve(base, el.getAttribute("src"));
      if (r && own(index.files, r.path) !== undefined) el.setAttribute("src", index.files[r.path]);
    });
  }

  // The navigation marks the page shown and opens the sections on the way to it.
  function markNavigation(path) {
    var nav = document.getElementById("sidebar");
    if (!nav) return;
    nav.querySelectorAll("a.active").forEach(function (a) { a.classList.remove("active"); a.removeAttribute("aria-current"); });
    nav.querySelectorAll("li.open").forEach(function (li) { li.classList.remove("open"); });
    var link = path && nav.querySelector('a[data-route="' + CSS.escape(path) + '"]');
    if (!link) return;
    link.classList.add("active");
    link.setAttribute("aria-current", "page");
    for (var li = link.closest("li"); li; li = li.parentElement && li.parentElement.closest("li")) {
      if (li.classList.contains("nav-section")) li.classList.add("open");
    }
  }

  function scrollToAnchor(anchor) {
    var target = anchor && document.getElementById(anchor);
    if (target) target.scrollIntoView(); else window.scrollTo(0, 0);
  }

  // Shows the page `r` names. `navigated`: the reader went there (not the first showing).
  var showing = 0;
  function show(r, navigated) {
    var path = lookup(r.path);
    var samePage = path && path === current.path && r.query === current.query;
    var canonical = { path: path || r.path, query: r.query, anchor: r.anchor };
    // The address names the page shown (an old address becomes the page's own); the home page
    // opened without one keeps its plain address.
    var plainHome = !location.hash && canonical.path === HOME && !r.query && !r.anchor;
    if (!plainHome && location.hash !== hashOf(canonical)) history.replaceState(null, "", hashOf(canonical));
    current = canonical;
    if (samePage) { scrollToAnchor(r.anchor); return; }
    var mine = ++showing;
    markNavigation(path);
    entry("pages", path || index.notFound).then(function (page) {
      // A later click may have asked for another page meanwhile.
      if (mine !== showing || !page) return;
      // The title comes as HTML text (entities and all): a textarea reads it as text.
      var title = document.createElement("textarea");
      title.innerHTML = page.title;
      document.title = title.value;
      var body = document.body;
      Array.prototype.slice.call(body.attributes).forEach(function (a) { body.removeAttribute(a.name); });
      // The page's <body> attributes come as written in HTML: the browser reads them.
      var probe = document.createElement("div");
      probe.innerHTML = "<div" + page.body + "></div>";
      Array.prototype.slice.call(probe.firstChild.attributes).forEach(function (a) { body.setAttribute(a.name, a.value); });
      main.innerHTML = page.main;
      // The not-found page's links are written from the site's root.
      rewrite(main, path || HOME);
      document.dispatchEvent(new CustomEvent("dontpanic:page"));
      if (navigated) main.focus({ preventScroll: true });
      scrollToAnchor(r.anchor);
    }).catch(function (error) {
      main.textContent = (window.dontpanicText || function (k, e, p) { return e.replace("{error}", p.error); })("single_file.unreadable", "This copy cannot be read in this browser ({error}). Open it in a current Chrome, Edge, Firefox or Safari.", { error: error });
    });
  }

  function go(r) { location.hash = hashOf(r); }

  // What other scripts ask of the copy: the query of the address shown, and the text of a
  // script the build wrote as a file (the search index): a promise, or null when there is none.
  window.dontpanicSingleFile = {
    query: function () { return current.query; },
    script: function (path) { return own(index.scripts, path) === undefined ? null : entry("scripts", path); }
  };

  rewrite(document.body, HOME, true);
  show(location.hash.indexOf("#/") === 0 ? parse(location.hash) : { path: HOME, query: "", anchor: decode(location.hash.slice(1)) }, false);

  window.addEventListener("hashchange", function () {
    var hash = location.hash;
    // A bare "#anchor" (written by a script) is an anchor of the page shown.
    show(hash.indexOf("#/") === 0 ? parse(hash) : { path: current.path, query: current.query, anchor: decode(hash.slice(1)) }, true);
  });

  // Links made after the page was shown (search results) are written like any page's links.
  document.addEventListener("click", function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var a = e.target.closest && e.target.closest("a[href]");
    if (!a || a.hasAttribute("download")) return;
    var href = a.getAttribute("href");
    if (href.indexOf("#/") === 0) return;
    var r = resolve(current.path, href);
    if (!r) return;
    e.preventDefault();
    go(r);
  });

  // A search form goes to the search page of the copy, with what was typed as its query.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "get") return;
    var r = resolve(current.path, form.getAttribute("action") || "");
    if (!r) return;
    e.preventDefault();
    var query = new URLSearchParams(new FormData(form)).toString();
    go({ path: lookup(r.path) || r.path, query: query, anchor: "" });
  });
})();
