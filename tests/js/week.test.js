/* week.js gives the popups the same week, table and sentence as finder/week_hours.py and
 * web/pages/week_text.py give the station page, for every case of the shared table; and says
 * null, rather than guess, for what it does not read. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { ROOT, readTable } = require("./load.js");

const week = require(path.join(ROOT, "web", "static", "js", "week.js"));
const table = readTable().week;

test("the table covers closed days, all-day days and both languages", () => {
  const sentences = table.cases.map((c) => c.sentence).join("\n");
  assert.ok(sentences.includes("全天开放") && sentences.includes("open all day"));
  assert.ok(sentences.includes("休息") && sentences.includes("closed"));
  assert.ok(table.cases.some((c) => c.rows.some((r) => r[1].includes("、"))));
});

for (const c of table.cases) {
  test(c.lang + " " + c.opening_hours + " from " + c.today, () => {
    const days = week.weekDays(c.opening_hours, c.today);
    assert.deepEqual(days, c.days);
    assert.deepEqual(week.tableRows(days, table.words[c.lang]), c.rows);
    assert.equal(week.weekSentence(days, table.words[c.lang]), c.sentence);
  });
}

for (const value of table.unread) {
  test("not read: " + value, () => {
    assert.equal(week.weekDays(value, "2026-03-02"), null);
  });
}
