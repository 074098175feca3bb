/* The hours editor reads and writes OSM opening_hours: every value of the reference set opens
 * in it and saves back byte-identical; what it cannot show it refuses rather than rewrites. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { ROOT, readTable } = require("./load.js");
const editor = require(path.join(ROOT, "web", "static", "js", "hours-editor.js"));

const stations = JSON.parse(
  fs.readFileSync(path.join(ROOT, "geodata", "data", "stations.geojson"), "utf8"));
const WEEK = [true, true, true, true, true, true, true];

test("every opening_hours of the reference set round-trips byte-identical", () => {
  const values = stations.features.map((f) => f.properties.opening_hours);
  assert.ok(values.length >= 166);
  for (const value of values) {
    const model = editor.parse(value);
    assert.notEqual(model, null, "the editor cannot show " + JSON.stringify(value));
    assert.equal(editor.serialise(model), value);
  }
});

test("what the rows mean", () => {
  assert.deepEqual(editor.parse("Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00").rows, [
    { days: [true, true, true, true, true, false, false], ranges: [["08:30", "18:00"]], allDay: false, bare: false },
    { days: [false, false, false, false, false, true, true], ranges: [["09:00", "17:00"]], allDay: false, bare: false },
  ]);
  assert.deepEqual(editor.parse("24/7"), {
    rows: [{ days: WEEK, ranges: [], allDay: true, bare: true }], phOff: false });
  assert.deepEqual(editor.parse("07:00-20:00").rows[0],
    { days: WEEK, ranges: [["07:00", "20:00"]], allDay: false, bare: true });
  const split = editor.parse("Mo-Sa 08:00-12:00,14:00-18:00; PH off");
  assert.equal(split.phOff, true);
  assert.deepEqual(split.rows[0].ranges, [["08:00", "12:00"], ["14:00", "18:00"]]);
  assert.deepEqual(editor.parse("").rows, []);
});

test("more round trips: several ranges, 24 hours on some days, holidays, single days", () => {
  const values = readTable().editor_values;  // each checked valid by the Python's parser
  assert.ok(values.length >= 8);
  for (const value of values) assert.equal(editor.serialise(editor.parse(value)), value);
});

test("an edited row is written as OSM writes it", () => {
  const model = editor.parse("Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00");
  model.rows[1].allDay = true;  // the weekend all day
  model.phOff = true;
  assert.equal(editor.serialise(model), "Mo-Fr 08:30-18:00; Sa,Su 00:00-24:00; PH off");
  model.rows[0].days = WEEK.slice();
  model.rows[0].allDay = true;
  model.rows[0].bare = true;  // what a change in the editor does when every day is ticked
  model.rows.pop();
  assert.equal(editor.serialise(model), "24/7; PH off");
  // A row with no days, or no times, says nothing.
  model.rows.push({ days: [false, false, false, false, false, false, false], ranges: [["08:00", "09:00"]], allDay: false, bare: false });
  model.rows.push({ days: WEEK.slice(), ranges: [], allDay: false, bare: false });
  assert.equal(editor.serialise(model), "24/7; PH off");
  assert.equal(editor.daysText([true, false, true, true, true, false, true]), "Mo,We-Fr,Su");
});

test("what the editor cannot show, it refuses", () => {
  for (const value of [
    "sunrise-sunset",
    "Mo-Fr 08:00-18:00; Su off",
    "PH off; Mo-Fr 08:00-18:00",  // holidays first are overridden: not what the toggle means
    "Mo-Fr 08:00-18:00, PH off",
    "Jan-Mar Mo-Fr 08:00-18:00",
    'Mo-Fr 08:00-18:00 "by appointment"',
    "PH 10:00-12:00",
    "Mo-Fr 08:00-1800",
    "Mo-Fr 18:00-18:00",
    "Mo-Fr 25:00-26:00",
    "mo-fr 08:00-18:00",
    "Mo-Fr",
  ]) {
    assert.equal(editor.parse(value), null, value);
  }
});

test("clock times: two digits, 24:00 only as an end", () => {
  assert.equal(editor.clock("8:30", false), "08:30");
  assert.equal(editor.clock("24:00", true), "24:00");
  assert.equal(editor.clock("24:00", false), null);
  assert.equal(editor.clock("24:30", true), null);
  assert.equal(editor.clock("18:60", true), null);
  assert.equal(editor.clock("1800", true), null);
});

test("weekdays are written as finder/hours_input.py's osm_days writes them", () => {
  const cases = readTable().weekdays;
  assert.equal(cases.length, 127);
  for (const c of cases) assert.equal(editor.daysText(c.days), c.osm, JSON.stringify(c.days));
});
