/* The offline ranking (web/static/js/nearest-local.js, with geographiclib-geodesic from npm as
 * the page loads it) lists what the Python index lists, in the same order, for every case of
 * tests/js/offline_cases.json whenever it claims its answer is exact; it claims so for most
 * points inside the kept disc, never for a point outside it; and its distances, travel times
 * and open/closed states are the server's. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { ROOT } = require("./load.js");

const table = JSON.parse(fs.readFileSync(path.join(__dirname, "offline_cases.json"), "utf8"));

function loadRanking() {
  const geodesicFile = path.join(ROOT, "node_modules", "geographiclib-geodesic",
    "geographiclib-geodesic.min.js");
  const window = {};
  const context = vm.createContext({ window: window, console: console });
  // The page's own order: the library (a UMD that sets window.geodesic), then the ranking.
  for (const file of [geodesicFile, path.join(ROOT, "web", "static", "js", "nearest-local.js")]) {
    vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
  }
  return window.yizhanNearestLocal;
}

const local = loadRanking();
// Values made in the script's own context have that context's prototypes: compare as plain data.
const plain = (value) => JSON.parse(JSON.stringify(value));

for (const set of table.sets) {
  test("kept set capped at " + set.cap + ": exact answers are the server's", () => {
    let exact = 0, inside = 0, outside = 0;
    for (const c of set.cases) {
      const got = local.nearest(set.data, c.lon, c.lat, c.want, c.k, c.now_ms);
      const fromCentre = local.distanceM(set.data.center[0], set.data.center[1], c.lon, c.lat);
      if (fromCentre >= set.data.complete_m) {
        outside++;
        assert.ok(got.outside && !got.exact, "outside the kept disc: " + JSON.stringify(c));
        continue;
      }
      inside++;
      assert.ok(!got.outside);
      // Provable: the server's k-th station is nearer than any station left out can be.
      const reach = set.data.complete_m - fromCentre;
      const provable = c.ids.length === c.k && c.distances_m[c.k - 1] < reach - 0.01;
      if (provable) assert.ok(got.exact, "provable but not claimed: " + JSON.stringify(c));
      if (!got.exact) continue;   // honestly unsure: the page says so
      exact++;
      const ids = plain(got.features.map((f) => f.id));
      assert.deepEqual(ids, c.ids, "case " + JSON.stringify(c));
      got.features.forEach((f, i) => {
        assert.ok(Math.abs(local.distanceM(c.lon, c.lat, f.geometry.coordinates[0],
          f.geometry.coordinates[1]) - c.distances_m[i]) < 1e-5);
      });
    }
    assert.ok(outside > 0, "some points lie outside the kept disc");
    // The claim is not vacuous: many points inside have a provably exact answer.
    assert.ok(exact >= inside / 5, exact + " exact of " + inside + " inside");
  });

  test("kept set capped at " + set.cap + ": a wrong list is never claimed exact", () => {
    const kept = new Set(set.data.features.map((f) => f.id));
    for (const c of set.cases) {
      const got = local.nearest(set.data, c.lon, c.lat, c.want, c.k, c.now_ms);
      const ids = got.features.map((f) => f.id);
      if (c.ids.some((id) => !kept.has(id))) assert.ok(!got.exact, JSON.stringify(c));
      if (JSON.stringify(ids) !== JSON.stringify(c.ids)) assert.ok(!got.exact);
    }
  });
}

test("open now, next change and travel times are the server's", () => {
  const data = table.sets[0].data;
  const start = Date.parse(data.generated_at);
  // A station open at 06:00 on the Monday, one closed: their states from the server's timeline.
  const all = local.all(data, start);
  assert.ok(all.some((f) => f.properties.open_now) && all.some((f) => !f.properties.open_now));
  for (const [expr, timeline] of Object.entries(data.hours)) {
    for (let i = 0; i + 1 < timeline.length; i++) {
      const mid = (timeline[i][0] + timeline[i + 1][0]) / 2;
      assert.deepEqual(plain(local.hoursAt(timeline, mid)),
        { open: timeline[i][1], next: timeline[i + 1][0] }, expr);
    }
  }
  // finder/travel.py: travel_minutes(1000) is 16 walking, 5 riding, 3 driving; at least 1.
  assert.deepEqual(plain(local.allMinutes(1000)), { walk: 16, ride: 5, drive: 3 });
  assert.deepEqual(plain(local.allMinutes(0)), { walk: 1, ride: 1, drive: 1 });
  // Python rounds halves to even: 2.5 minutes of walking (160 m) is 2, 3.5 (224 m) is 4.
  assert.equal(local.allMinutes(160).walk, 2);
  assert.equal(local.allMinutes(224).walk, 4);
});

test("past the kept week, open now is not guessed", () => {
  const data = table.sets[0].data;
  const late = Date.parse(data.hours_until) + 1;
  const got = local.nearest(data, data.center[0], data.center[1],
    { amenities: [], kinds: [], districts: [], openNow: true }, 5, late);
  assert.ok(got.hoursStale && got.features.length === 0);
});
