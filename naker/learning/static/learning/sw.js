/* Kadin for Naker: the offline service worker (served at /sw.js; see learning/offline.js).
   Network first for every page and file of this site; when the network fails, the copy that
   "Simpan untuk offline" stored in the Cache API, else the saved "you are offline" page.
   Only GET requests are answered: forms (marking a lesson done, quiz answers) go to the server,
   and offline.js queues a lesson marked done while there is no connection. */
"use strict";
var CACHE = "naker-offline-v1";
var OFFLINE_PAGE = "/belajar/offline/";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) {
        return n.indexOf("naker-offline-") === 0 && n !== CACHE;
      }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function fromCache(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request, {ignoreVary: true, ignoreSearch: request.mode !== "navigate"}).then(function (hit) {
      if (hit) { return hit; }
      if (request.mode === "navigate") {
        return cache.match(OFFLINE_PAGE, {ignoreVary: true}).then(function (page) {
          return page || new Response("Offline", {status: 503, headers: {"Content-Type": "text/plain"}});
        });
      }
      return Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) { return; }
  if (new URL(request.url).pathname.indexOf("/api/") === 0) { return; }
  event.respondWith(fetch(request).catch(function () { return fromCache(request); }));
});
