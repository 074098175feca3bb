/* The nearest stations ranked in the browser, from the stations kept for offline use
 * (/offline/stations, web/pages/offline.py), as the server's index ranks them
 * (finder/index.py): the exact geodesic distance on the WGS-84 ellipsoid (Karney's algorithm,
 * geographiclib-geodesic from npm, the same one pyproj uses), ties broken by station id; the
 * same filters (amenities: all of; kinds and districts: any of; open now: from the server's own
 * hours evaluation, sent as each expression's changes for the week ahead); the same travel
 * times (finder/travel.py). Every point here is WGS-84 (lon, lat).
 * tests/js/nearest_local.test.js checks it against the Python index over many random points. */
(function () {
  "use strict";
  var Geodesic = window.geodesic.Geodesic.WGS84;
  // finder/travel.py's detour factor over metres a minute, by mode.
  var MINUTES_PER_METRE = { walk: 1.25 / 80, ride: 1.3 / 250, drive: 1.4 / (25000 / 60) };
  // Floating-point slack for the triangle inequality below (its terms are exact to ~1e-9 m).
  var SLACK_M = 0.001;

  function distanceM(lon1, lat1, lon2, lat2) {
    return Geodesic.Inverse(lat1, lon1, lat2, lon2, window.geodesic.Geodesic.DISTANCE).s12;
  }

  // Python's round(): halves go to the even neighbour.
  function roundHalfEven(x) {
    var r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  }

  function allMinutes(metres) {
    var out = {};
    Object.keys(MINUTES_PER_METRE).forEach(function (mode) {
      out[mode] = Math.max(1, roundHalfEven(metres * MINUTES_PER_METRE[mode]));
    });
    return out;
  }

  // The state of one expression at `nowMs` and its next change, from [[epoch_ms, open], ...].
  function hoursAt(timeline, nowMs) {
    var i = 0;
    while (i + 1 < timeline.length && timeline[i + 1][0] <= nowMs) i++;
    var next = timeline[i + 1];
    return { open: timeline[i][1], next: next ? next[0] : null };
  }

  // Epoch ms as the server writes next_change: ISO 8601 in Shanghai time (UTC+8, no DST).
  function shanghaiIso(ms) {
    return new Date(ms + 8 * 3600e3).toISOString().slice(0, 19) + "+08:00";
  }

  function passes(p, want) {
    var amenities = want.amenities || [], kinds = want.kinds || [];
    var districts = want.districts || [];
    if (!amenities.every(function (code) { return p.amenities.indexOf(code) >= 0; })) return false;
    if (kinds.length && kinds.indexOf(p.kind) < 0) return false;
    return !districts.length || districts.indexOf(p.district.adcode) >= 0;
  }

  // Whether the kept hours can answer at nowMs: until the window's end. (A phone clock a
  // little behind the server's reads the state at generation.)
  function hoursKnown(data, nowMs) {
    return nowMs < Date.parse(data.hours_until);
  }

  // A kept feature as the API would give it now, `metres` from the query point (or none).
  function asOfNow(data, feature, nowMs, metres) {
    var p = Object.assign({}, feature.properties);
    var state = hoursAt(data.hours[p.opening_hours], nowMs);
    p.open_now = state.open;
    p.next_change = state.next === null ? null : shanghaiIso(state.next);
    if (metres !== undefined) {
      p.distance_m = Math.round(metres * 10) / 10;
      p.travel_minutes = allMinutes(metres);
      p.walk_minutes = p.travel_minutes.walk;
    }
    return { type: "Feature", id: feature.id, geometry: feature.geometry, properties: p, crs: "wgs84" };
  }

  /* The k nearest kept stations passing `want` ({amenities, kinds, districts, openNow}) from
   * (lon, lat) at nowMs. `exact` says the list is provably the server's: every station not kept
   * is at least complete_m from the centre, so at least complete_m - |centre, point| from the
   * point (the triangle inequality, which geodesic distance obeys); if the k-th found is nearer
   * than that, no station left out can be among the k. `outside`: the point is beyond what is
   * kept, so nothing can be said. `hoursStale`: "open now" was asked past the kept week. */
  function nearest(data, lon, lat, want, k, nowMs) {
    var reach = data.complete_m - distanceM(data.center[0], data.center[1], lon, lat);
    if (reach <= 0) return { features: [], exact: false, outside: true, hoursStale: false };
    if (want.openNow && !hoursKnown(data, nowMs)) {
      return { features: [], exact: false, outside: false, hoursStale: true };
    }
    var found = [];
    data.features.forEach(function (f) {
      if (!passes(f.properties, want)) return;
      if (want.openNow && !hoursAt(data.hours[f.properties.opening_hours], nowMs).open) return;
      var c = f.geometry.coordinates;
      found.push({ d: distanceM(lon, lat, c[0], c[1]), f: f });
    });
    found.sort(function (a, b) { return a.d - b.d || (a.f.id < b.f.id ? -1 : a.f.id > b.f.id ? 1 : 0); });
    found = found.slice(0, k);
    var exact = found.length === k && found[k - 1].d < reach - SLACK_M;
    return {
      features: found.map(function (m) { return asOfNow(data, m.f, nowMs, m.d); }),
      exact: exact, outside: false, hoursStale: false,
    };
  }

  // Every kept station as of now (for the markers while offline).
  function all(data, nowMs) {
    return data.features.map(function (f) { return asOfNow(data, f, nowMs); });
  }

  window.yizhanNearestLocal = {
    nearest: nearest, all: all, distanceM: distanceM, allMinutes: allMinutes, hoursAt: hoursAt,
  };
})();
