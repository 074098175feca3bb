/* render.js warns "信息可能已过时" in popups and the list exactly for checks older than the
 * cutoff the page sends (web/pages/freshness.py computes it; the script only compares dates). */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { loadScript } = require("./load.js");

const TEXT = {
  last_verified: "信息核实于", stale: "信息可能已过时 · 最后核实 {d}", amenities: "服务设施",
  hours: "开放时间", entry: "进入方式", navigate: "导航", details: "详情", share_button: "分享",
  closed: "已关闭", always_open: "全天开放", walk: "步行约 {m} 分钟", other_apps: "其他地图",
};

function render() {
  const config = { lang: "zh", text: TEXT, amenities: {}, kinds: {}, icons: {}, districts: {},
    stale_before: "2026-06-05" };
  const document = {
    getElementById: (id) => (id === "yizhan-config" ? { textContent: JSON.stringify(config) } : null),
  };
  return loadScript("render.js", { document: document, navigator: { userAgent: "" }, URL: URL })
    .window.yizhanRender;
}

function feature(lastVerified) {
  return { id: "ty-001", properties: {
    name: "驿站", name_en: "Station", kind: "k", district: { adcode: "140106", name: "迎泽区" },
    open_now: false, next_change: null, opening_hours: "off", amenities: [], entry: "open",
    last_verified: lastVerified, distance_m: 120, walk_minutes: 2,
    links: { amap: "https://uri.amap.com/x", baidu: null, tencent: null, page: "http://h/stations/ty-001" },
  } };
}

test("a check before the cutoff is stale in the popup and the list", () => {
  const R = render();
  assert.match(R.popup(feature("2026-06-04")), /信息可能已过时 · 最后核实 2026-06-04/);
  assert.match(R.listItem(feature("2026-06-04")), /class="meta stale">信息可能已过时 · 最后核实 2026-06-04/);
});

test("a check on the cutoff day is fresh", () => {
  const R = render();
  assert.match(R.popup(feature("2026-06-05")), /信息核实于 2026-06-05/);
  assert.doesNotMatch(R.popup(feature("2026-06-05")) + R.listItem(feature("2026-06-05")), /过时/);
});

test("every popup links to its station page's report form", () => {
  TEXT.report_problem = "有问题？";
  const R = render();
  assert.match(R.popup(feature("2026-06-05")), /href="http:\/\/h\/stations\/ty-001#report">有问题？<\/a>/);
});
