// dontpanic serve: live reload. Injected by the preview server only, never part of a build.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = script ? script.getAttribute("data-generation") : null;
  var scrollKey = "dontpanic-scroll:" + location.pathname;

  // A reload keeps the reader where they were.
  try {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved !== null) {
      sessionStorage.removeItem(scrollKey);
      var restore = function () { window.scrollTo(0, Number(saved)); };
      if (document.readyState === "complete") { restore(); } else { window.addEventListener("load", restore); }
    }
  } catch (e) { /* storage may be off */ }

  function reload() {
    try { sessionStorage.setItem(scrollKey, String(window.scrollY)); } catch (e) { /* ignore */ }
    location.reload();
  }

  function swapStylesheets() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href, location.href);
      url.searchParams.set("dontpanic-reload", String(Date.now()));
      var fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.addEventListener("load", function () { link.remove(); });
      link.after(fresh);
    });
  }

  function showErrors(errors) {
    var overlay = document.getElementById("dontpanic-overlay");
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "dontpanic-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#2b0d0d;color:#ffe5e5;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;" +
        "padding:12px 16px;border-top:4px solid #ff5c5c;box-shadow:0 -4px 16px rgba(0,0,0,.4)";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "The build failed — showing the last good version. Fix these and save:";
    title.style.cssText = "display:block;margin-bottom:6px;color:#fff";
    overlay.appendChild(title);
    errors.forEach(function (line) {
      var row = document.createElement("pre");
      row.style.cssText = "margin:0 0 4px;white-space:pre-wrap";
      row.textContent = line;
      overlay.appendChild(row);
    });
  }

  var initial = document.getElementById("dontpanic-errors");
  if (initial) {
    try { showErrors(JSON.parse(initial.textContent)); } catch (e) { /* ignore */ }
  }

  if (!window.EventSource) return;
  var events = new EventSource("/__dontpanic/events");
  events.addEventListener("hello", function (e) {
    // The server restarted or rebuilt since this page was served.
    if (generation !== null && e.data !== generation) reload();
  });
  events.addEventListener("reload", reload);
  events.addEventListener("css", function (e) { generation = e.data; swapStylesheets(); });
  events.addEventListener("errors", function (e) {
    if (e.lastEventId) generation = e.lastEventId;
    try { showErrors(JSON.parse(e.data)); } catch (err) { /* ignore */ }
  });
})();
