/* coords.js converts as finder/geo.py (prcoords) does, over the shared table of cases. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { readTable, loadScript } = require("./load.js");

const table = readTable();
const coords = loadScript("coords.js", {}).window.yizhanCoords;

// Metres between two nearby (lon, lat) points: plenty exact for a few centimetres.
function gapMetres(a, b) {
  const k = 111320;
  const dx = (a[0] - b[0]) * k * Math.cos((a[1] * Math.PI) / 180);
  const dy = (a[1] - b[1]) * k;
  return Math.hypot(dx, dy);
}

function agree(got, want, what) {
  const gap = gapMetres(got, want);
  assert.ok(gap <= table.tolerance_m, what + ": " + got + " vs " + want + " (" + gap + " m)");
  return gap;
}

test("the table covers Taiyuan, China and outside it, in every system", () => {
  assert.ok(table.coordinates.length >= 50);
  for (const c of table.coordinates) {
    assert.deepEqual(Object.keys(c).sort(),
      ["bd09", "bd09_to_wgs84", "gcj02", "gcj02_to_wgs84", "wgs84"]);
  }
});

for (const to of ["gcj02", "bd09"]) {
  test("WGS-84 to " + to + " agrees with the Python", () => {
    for (const c of table.coordinates) {
      agree(coords.convert(c.wgs84[0], c.wgs84[1], "wgs84", to), c[to], "wgs84->" + to);
    }
  });

  test(to + " to WGS-84 agrees with the Python", () => {
    for (const c of table.coordinates) {
      const back = coords.convert(c[to][0], c[to][1], to, "wgs84");
      agree(back, c[to + "_to_wgs84"], to + "->wgs84");
    }
  });
}

test("GCJ-02 and BD-09 convert into each other as through the Python", () => {
  for (const c of table.coordinates) {
    agree(coords.convert(c.gcj02[0], c.gcj02[1], "gcj02", "bd09"), c.bd09, "gcj02->bd09");
    agree(coords.convert(c.bd09[0], c.bd09[1], "bd09", "gcj02"), c.gcj02, "bd09->gcj02");
  }
});

test("the shifts are real: GCJ-02 is hundreds of metres from WGS-84 in Taiyuan", () => {
  const taiyuan = table.coordinates[0];
  assert.ok(gapMetres(taiyuan.gcj02, taiyuan.wgs84) > 300);
  assert.ok(gapMetres(taiyuan.bd09, taiyuan.wgs84) > 1000);
  assert.ok(gapMetres(coords.wgs84ToGcj02(taiyuan.wgs84[0], taiyuan.wgs84[1]), taiyuan.wgs84) > 300);
});
