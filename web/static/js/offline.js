/* Works offline after one visit: registers the service worker (/sw.js, web/pages/offline.py)
 * and keeps the stations around where the user last looked, from one request that the worker
 * caches, so that offline the page loads, says "离线 · 数据更新于 HH:MM" and map.js can list the
 * nearest stations from them (window.yizhanOffline, ranked by nearest-local.js). Loaded after
 * map.js, which asks it only once a request has failed for want of a network. */
(function () {
  "use strict";
  var O = JSON.parse(document.getElementById("yizhan-offline-config").textContent);
  var T = O.text, Y = window.yizhan, R = window.yizhanRender, C = R.config;
  var local = window.yizhanNearestLocal;
  // Ask again for the stations around a new place once the view is this far from the kept
  // centre: a quarter of the kept radius, so the kept disc always reaches well past the view.
  var MOVED_M = O.radius_m / 4;
  var held = null, asking = null;

  function toWgs84(point) {
    if (point.crs === "wgs84") return [point.lon, point.lat];
    return window.yizhanCoords.convert(point.lon, point.lat, point.crs, "wgs84");
  }

  // "HH:MM" of the data's generation in Shanghai time (as text: the phone's zone cannot shift it),
  // with the date when it is not today's.
  function since(data) {
    var iso = data.generated_at, today = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Shanghai" }).format(new Date(Date.now()));
    var clock = iso.slice(11, 16);
    if (iso.slice(0, 10) === today) return clock;
    return C.lang === "en" ? iso.slice(0, 10) + " " + clock
      : Number(iso.slice(5, 7)) + "月" + Number(iso.slice(8, 10)) + "日 " + clock;
  }

  function line(key, data) {
    return T[key].replace("{t}", since(data)).replace("{km}", Math.round(O.radius_m / 1000));
  }

  // One request; offline the service worker answers it with the last one kept, whatever its
  // centre: what counts is the centre the answer names.
  function fetchAround(lonLat) {
    var box = O.covers;   // the server refuses a centre outside China: keep what is held
    if (lonLat[0] < box[0] || lonLat[1] < box[1] || lonLat[0] > box[2] || lonLat[1] > box[3]) {
      return Promise.resolve(held);
    }
    var url = O.stations + "?" + new URLSearchParams({
      lon: lonLat[0].toFixed(5), lat: lonLat[1].toFixed(5) });
    asking = fetch(url).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data && (!held || data.generated_at >= held.generated_at)) held = data;
        return held;
      }, function () { return held; });
    return asking;
  }

  function lookedAt() {
    if (Y.state.origin) return toWgs84(Y.state.origin);
    var c = Y.map.getCenter();
    return toWgs84({ lon: c.lng, lat: c.lat, crs: C.crs });
  }

  // A view wider than the kept disc (a province, the country) is not a place to keep: it is
  // followed only from a search point, or once the view is zoomed in that far. (Measured in the
  // map's coordinates: their shift from WGS-84 is the same at the centre and the corner.)
  function viewTooWide() {
    var view = Y.map.getBounds(), c = view.getCenter(), ne = view.getNorthEast();
    return local.distanceM(c.lng, c.lat, ne.lng, ne.lat) > O.radius_m;
  }

  // After what the user waits for: a slow phone has one busy thread.
  function whenIdle(task) {
    if (window.requestIdleCallback) window.requestIdleCallback(task, { timeout: 2000 });
    else setTimeout(task, 0);
  }

  function refreshIfMoved() {
    if (!started || navigator.onLine === false) return;
    if (!Y.state.origin && viewTooWide()) return;
    var here = lookedAt();
    if (held && local.distanceM(held.center[0], held.center[1], here[0], here[1]) < MOVED_M) return;
    whenIdle(function () { fetchAround(here); });   // after the move's own stations
  }

  window.yizhanOffline = {
    // The kept data (or null: nothing kept yet), once the request under way has settled.
    ready: function () { return asking || start(); },
    status: function () { return held ? line("offline_since", held) : T.no_data; },
    // The answer for a point {lon, lat, crs} and the chips' choice, with the words to show.
    nearest: function (point, want, k) {
      var p = toWgs84(point);
      var a = local.nearest(held, p[0], p[1], want, k, Date.now());
      a.message = a.outside ? line("outside", held) : a.hoursStale ? T.hours_stale
        : line(a.exact ? "offline_since" : "partial", held);
      return a;
    },
    all: function () { return local.all(held, Date.now()); },
  };

  // The worker caches the stations request only once it controls the page: on a first visit,
  // ask once it does, so the answer is kept for the next visit offline.
  var started = null;
  function start() {
    if (started) return started;
    if (!("serviceWorker" in navigator)) return (started = fetchAround(lookedAt()));
    // Offline (a failed load asked through ready()) the worker's script cannot be fetched:
    // register once the network is back.
    var register = function () {
      navigator.serviceWorker.register(O.sw).catch(function () { /* not kept: online only */ });
    };
    if (navigator.onLine === false) window.addEventListener("online", register, { once: true });
    else register();
    if (navigator.serviceWorker.controller) return (started = fetchAround(lookedAt()));
    navigator.serviceWorker.addEventListener("controllerchange", function once() {
      navigator.serviceWorker.removeEventListener("controllerchange", once);
      fetchAround(lookedAt());
    });
    return (started = fetchAround(lookedAt()));   // meanwhile in memory, should the network drop
  }

  // Not before the view's stations are drawn: the worker's install (it fetches the app shell
  // again) and this request's parsing would compete with them for a slow phone's one busy
  // thread and its connection. A failed load asks sooner, through ready(); a view that draws
  // nothing (a server error, a zoom too low) still asks a few seconds after the page's load.
  function afterFirstDraw() {
    document.removeEventListener("yizhan:markers", afterFirstDraw);
    document.removeEventListener("yizhan:clusters", afterFirstDraw);
    whenIdle(start);
  }
  if (window.yizhanMarkersDrawn !== undefined) afterFirstDraw();
  else {
    document.addEventListener("yizhan:markers", afterFirstDraw);
    document.addEventListener("yizhan:clusters", afterFirstDraw);
    window.addEventListener("load", function () { setTimeout(start, 5000); });
  }
  Y.map.on("moveend", refreshIfMoved);
  document.addEventListener("yizhan:nearest", refreshIfMoved);
  // Back online the kept stations are refreshed by themselves (map.js retries its own request).
  window.addEventListener("online", function () { fetchAround(lookedAt()); });
})();
