// dontpanic's service worker: stores the site on the first visit, then serves from the network
// when it answers and from the store when it does not. Written by `dontpanic build`.
"use strict";
const VERSION = "__VERSION__";
const STORE = "dontpanic-" + VERSION;
const FILES = [/*FILES*/];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STORE)
      .then((store) => Promise.all(FILES.map((file) => store.add(new Request(file, { cache: "reload" })).catch(() => null))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("dontpanic-") && k !== STORE).map((k) => caches.delete(k))))
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
      .catch(() => caches.match(request, { ignoreSearch: true })
        .then((hit) => hit || caches.match(new URL("404.html", self.registration.scope).href)))
  );
});
