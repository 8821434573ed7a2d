// The service worker: keeps the pages of workouts and the static files, so a session page opened
// before the connection went stays usable without it (sets logged then wait in the page's queue).
// The server fills in VERSION (the code's fingerprint): a deploy starts with fresh caches.
"use strict";
const VERSION = "__VERSION__";
const PAGES = `pages-${VERSION}`;
const STATIC = `static-${VERSION}`;
const WORKOUT = /^\/sessions\/[0-9a-f-]{36}\/$/;
const HASHED = /^\/static\/.+\.[0-9a-f]{12}\.\w+$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== PAGES && n !== STATIC).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== location.origin) return;
  if (request.method !== "GET") {
    // Signing out forgets every page kept for the member.
    if (url.pathname === "/accounts/logout/") event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (HASHED.test(url.pathname)) {
    // Static files with the hash of their content in their names (production): kept ones never
    // change. Unhashed ones (development) always come from the server.
    event.respondWith(
      caches.match(request).then(
        (kept) =>
          kept ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              caches.open(STATIC).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
  } else if (request.mode === "navigate" && WORKOUT.test(url.pathname)) {
    // A workout's page: from the server when it answers (and kept), else the kept copy.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && !response.redirected) {
            const copy = response.clone();
            caches.open(PAGES).then((cache) => cache.put(url.pathname, copy));
          }
          return response;
        })
        .catch(() =>
          caches.match(url.pathname).then(
            (kept) =>
              kept ||
              new Response("<!doctype html><title>Offline</title><p>No connection, and this page was not kept.</p>", {
                status: 503,
                headers: { "Content-Type": "text/html; charset=utf-8" },
              }),
          ),
        ),
    );
  }
});
