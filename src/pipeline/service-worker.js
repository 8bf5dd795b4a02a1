// dontpanic's service worker: stores the site on the first visit, then serves from the network
// when it answers and from the store when it does not. Written by `dontpanic build`.
"use strict";
const VERSION = "__VERSION__";
// Sites that share an origin (`/a/` and `/b/` on one host, as project pages are) share its
// stores too. Each worker has its own scope, so its store is named by that scope: it clears away
// its own site's older versions and never another site's. The name does not start with
// "dontpanic-", which workers of earlier builds removed whatever site they came from.
const OWN = "dontpanic " + self.registration.scope + " ";
const STORE = OWN + VERSION;
// Earlier builds named a store "dontpanic-" and the version only.
const UNSCOPED = /^dontpanic-[0-9a-f]{16}$/;
const FILES = [/*FILES*/];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STORE)
      .then((store) => Promise.all(FILES.map((file) => store.add(new Request(file, { cache: "reload" })).catch(() => null))))
      .then(() => self.skipWaiting())
  );
});

// Whether a store of an earlier build, named without its scope, is this site's: it holds this
// site's home page and nothing outside its scope (a site at the host's root also holds the
// addresses of the sites below it, but not their home pages).
function unscopedIsOwn(name) {
  const scope = self.registration.scope;
  return caches.open(name)
    .then((store) => store.keys())
    .then((requests) => requests.some((r) => r.url === scope + "index.html") &&
      requests.every((r) => r.url.startsWith(scope)));
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.map((k) => {
        if (k.startsWith(OWN) && k !== STORE) return caches.delete(k);
        if (UNSCOPED.test(k)) return unscopedIsOwn(k).then((own) => own && caches.delete(k));
        return null;
      })))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(STORE).then((store) => store.put(request, copy));
        }
        return response;
      })
      // Offline, only this site's own store answers.
      .catch(() => caches.open(STORE)
        .then((store) => store.match(request, { ignoreSearch: true })
          .then((hit) => hit || store.match(new URL("404.html", self.registration.scope).href))))
  );
});
