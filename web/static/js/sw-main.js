/* The service worker's rules (Workbox 7, from npm; /sw.js sets self.YIZHAN_SW and imports this,
 * see web/pages/offline.py). What it keeps, so the map page works offline after one visit:
 * - precached at install: our scripts and stylesheets (content-hashed URLs), Leaflet and its
 *   plugins (versioned URLs), geographiclib-geodesic, the icons;
 * - the map page (zh and en) and the manifests: network first, the last copy when offline;
 * - the stations around where the user last looked (/offline/stations): network first, one copy
 *   only, whatever its query: the page reads the centre from the answer itself;
 * - place searches (/api/v1/search): network first, the last 60 kept.
 * Map tiles are not touched: their providers' terms (Amap's, OpenStreetMap's tile policy) do not
 * allow an app to store tiles for offline use, so they get no route here and only what the
 * browser's own HTTP cache keeps. Other API answers (nearest, the bbox listing) are not kept
 * either: offline, the page answers "find nearest" from the kept stations. */
/* global workbox */
"use strict";
var C = self.YIZHAN_SW;
// Every module from our origin (never the CDN workbox-sw would otherwise use), each loaded
// here, at the top level: a worker may import scripts only while it first runs.
workbox.setConfig({ modulePathCb: function (name) { return C.workbox[name]; } });
workbox.core.setCacheNameDetails({ prefix: "yizhan" });
var precaching = workbox.precaching, routing = workbox.routing;
var strategies = workbox.strategies, expiration = workbox.expiration;

var PAGES = "yizhan-pages", STATIONS = "yizhan-stations", SEARCH = "yizhan-search";
// gzip sets Vary: Accept-Encoding; the browser decodes before caching, so it cannot matter.
var MATCH = { ignoreVary: true };
// Past this a weak signal counts as none: the kept page is better than a blank screen.
var PAGE_TIMEOUT_S = 4;

self.skipWaiting();
workbox.core.clientsClaim();

precaching.precacheAndRoute(C.precache);
precaching.cleanupOutdatedCaches();

// The map page's URL carries the search (lon, lat, filters, mode): one copy per language and
// tile source serves them all.
function pageKey(url) {
  var u = new URL(url), keep = new URLSearchParams();
  ["lang", "tiles"].forEach(function (name) {
    if (u.searchParams.has(name)) keep.set(name, u.searchParams.get(name));
  });
  var query = keep.toString();
  return u.origin + u.pathname + (query ? "?" + query : "");
}

var oneKey = function (key) {
  return { cacheKeyWillBeUsed: function (args) { return key(args.request.url); } };
};

routing.registerRoute(function (o) {
  return o.request.mode === "navigate" && o.url.pathname === C.pages[0];
}, new strategies.NetworkFirst({
  cacheName: PAGES, networkTimeoutSeconds: PAGE_TIMEOUT_S, matchOptions: MATCH,
  plugins: [oneKey(pageKey)],
}));

routing.registerRoute(function (o) {
  return o.url.origin === self.location.origin && o.url.pathname === C.manifests[0];
}, new strategies.NetworkFirst({ cacheName: PAGES, matchOptions: MATCH }));

routing.registerRoute(function (o) {
  return o.url.origin === self.location.origin && o.url.pathname === C.stations;
}, new strategies.NetworkFirst({
  cacheName: STATIONS, matchOptions: MATCH,
  plugins: [oneKey(function (url) { return new URL(C.stations, url).href; })],
}));

routing.registerRoute(function (o) {
  return o.url.origin === self.location.origin && o.url.pathname === C.search;
}, new strategies.NetworkFirst({
  cacheName: SEARCH, matchOptions: MATCH,
  plugins: [new expiration.ExpirationPlugin({ maxEntries: 60 })],
}));

// Both pages (and their manifests) are kept at install, so the other language works offline too.
self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(PAGES).then(function (cache) {
    return cache.addAll(C.pages.concat(C.manifests));
  }));
});
