/* render.js says "营业中 · 18:00 关门" exactly as web/pages/text.py's describe_hours does, for
 * every case of the shared table, with the phone's clock set to the case's moment. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const vm = require("node:vm");
const { readTable, loadScript } = require("./load.js");

const table = readTable().hours_text;

function renderAt(lang, nowIso) {
  const config = { lang: lang, text: table.texts[lang], amenities: {}, kinds: {}, icons: {} };
  const document = {
    getElementById: (id) => (id === "yizhan-config" ? { textContent: JSON.stringify(config) } : null),
  };
  const { window, context } = loadScript("render.js", {
    document: document,
    navigator: { userAgent: "Mozilla/5.0 (Linux; Android 14) Chrome/120 Mobile" },
  });
  // The page reads "today" from the phone's clock: stop it at the case's moment.
  vm.runInContext("Date.now = function () { return " + Date.parse(nowIso) + "; };", context);
  return window.yizhanRender;
}

test("the table has open, closed, always-open and never-open cases in both languages", () => {
  const texts = new Set(table.cases.map((c) => c.text));
  assert.ok(texts.has("全天开放") && texts.has("Always open"));
  assert.ok(table.cases.some((c) => c.next_change === null && !c.open_now));
  assert.ok(table.cases.some((c) => c.text.includes("明天")));
  assert.ok(table.cases.some((c) => /\d月\d+日/.test(c.text)));
});

for (const c of table.cases) {
  test(c.lang + " " + c.opening_hours + " at " + c.now, () => {
    const render = renderAt(c.lang, c.now);
    const said = render.describeHours({ open_now: c.open_now, next_change: c.next_change });
    assert.equal(said, c.text);
  });
}
