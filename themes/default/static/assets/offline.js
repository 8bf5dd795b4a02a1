// Registers the site's service worker, so that pages visited once keep working offline.
// Browsers allow it over http(s) only; from disk the site needs no network anyway.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var root = document.body.getAttribute("data-root") || "";
  // Pages name the worker only where the build wrote one (not in the single-file copy).
  var worker = document.body.getAttribute("data-service-worker");
  if (!worker) return;
  navigator.serviceWorker.register(root + worker).catch(function () { /* offline copies are a bonus */ });
})();
