/* A station's week of opening hours in the browser, day by day from today, and in words: the
 * popup's sentence and compact table. finder/week_hours.py and web/pages/week_text.py are the
 * rule (the station page's table and sentence); tests/js/week.test.js checks this against
 * them case by case (tests/js/parity_cases.json).
 *
 * It reads the weekly part of OSM syntax that stations use: "24/7", rules of weekdays and
 * time ranges ("Mo-Fr 08:30-18:00; Sa,Su 09:00-17:00"), rules without days, "Su off"; a later
 * rule replaces earlier ones on its days, as OSM says. For anything more (holidays, months,
 * ranges past midnight, comments) weekDays answers null and the popup shows the OSM text as
 * it is, rather than guess. The words come from the page's config (week_text.words). */
(function () {
  "use strict";
  var DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
  var DAY_PART = /^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$/;
  var RANGE = /^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
  var DAY_MINUTES = 24 * 60;

  function parseDays(text) {
    var days = [], parts = text.split(",");
    for (var i = 0; i < parts.length; i++) {
      var m = DAY_PART.exec(parts[i]);
      if (!m) return null;
      var from = DAYS.indexOf(m[1]), to = m[2] ? DAYS.indexOf(m[2]) : from;
      for (var d = from; ; d = (d + 1) % 7) { days.push(d); if (d === to) break; }
    }
    return days;
  }

  // Time ranges as [start, end] minutes of the day, merged where they touch; null when one
  // is not a plain range within the day.
  function parseRanges(text) {
    var ranges = [], parts = text.split(",");
    for (var i = 0; i < parts.length; i++) {
      var m = RANGE.exec(parts[i].trim());
      if (!m) return null;
      var a = 60 * Number(m[1]) + Number(m[2]), b = 60 * Number(m[3]) + Number(m[4]);
      if (a >= b || b > DAY_MINUTES) return null;
      ranges.push([a, b]);
    }
    ranges.sort(function (x, y) { return x[0] - y[0]; });
    return ranges.reduce(function (out, r) {
      var last = out[out.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else out.push([r[0], r[1]]);
      return out;
    }, []);
  }

  // Each weekday's open ranges (Monday first), or null.
  function weekly(expr) {
    var week = [[], [], [], [], [], [], []];
    var rules = String(expr).trim().split(/\s*;\s*/);
    for (var i = 0; i < rules.length; i++) {
      var rule = rules[i], days = null, rest = rule;
      if (rule === "24/7") { rest = "00:00-24:00"; }
      else {
        var space = rule.indexOf(" ");
        if (space > 0) days = parseDays(rule.slice(0, space));
        if (days) rest = rule.slice(space + 1).trim();
      }
      var ranges = rest === "off" || rest === "closed" ? (days ? [] : null) : parseRanges(rest);
      if (!ranges) return null;
      (days || [0, 1, 2, 3, 4, 5, 6]).forEach(function (d) { week[d] = ranges; });
    }
    return week;
  }

  function clock(minutes) {
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
  }

  /* Seven days from today ("2026-03-02", Shanghai): {weekday (0 = Monday), spans [["08:30",
   * "18:00"]]}, or null when the expression is beyond what this reads. */
  function weekDays(expr, today) {
    var week = weekly(expr);
    if (!week) return null;
    var p = today.split("-").map(Number);
    var first = (new Date(Date.UTC(p[0], p[1] - 1, p[2])).getUTCDay() + 6) % 7;
    var out = [];
    for (var n = 0; n < 7; n++) {
      var weekday = (first + n) % 7;
      out.push({ weekday: weekday, spans: week[weekday].map(function (r) {
        return [clock(r[0]), clock(r[1])];
      }) });
    }
    return out;
  }

  function dayText(day, w) {
    if (!day.spans.length) return w.closed;
    if (day.spans.length === 1 && day.spans[0][0] === "00:00" && day.spans[0][1] === "24:00") {
      return w.all_day;
    }
    return day.spans.map(function (s) { return s[0] + "–" + s[1]; }).join(w.and);
  }

  /* [day name, hours, is today] for each day, today first (week_text.table_rows). */
  function tableRows(days, w) {
    return days.map(function (d, i) { return [w.days[d.weekday], dayText(d, w), i === 0]; });
  }

  /* Today's hours, then the week in runs of days alike, Monday first (week_text.week_sentence). */
  function weekSentence(days, w) {
    var byWeekday = {};
    days.slice(0, 7).forEach(function (d) { byWeekday[d.weekday] = dayText(d, w); });
    var today = w.today + " " + dayText(days[0], w);
    var texts = Object.keys(byWeekday).map(function (k) { return byWeekday[k]; });
    if (texts.every(function (t) { return t === texts[0]; })) {
      return today + w.today_sep + w.every_day + " " + byWeekday[0];
    }
    var runs = [];
    for (var d = 0; d < 7; d++) {
      var last = runs[runs.length - 1];
      if (last && byWeekday[last[last.length - 1]] === byWeekday[d]) last.push(d);
      else runs.push([d]);
    }
    var parts = runs.map(function (run) {
      var names = run.length >= 3 ? w.days[run[0]] + w.through + w.days[run[run.length - 1]]
        : run.map(function (x) { return w.days[x]; }).join(w.and);
      return names + " " + (byWeekday[run[0]] === undefined ? w.closed : byWeekday[run[0]]);
    });
    return today + w.today_sep + parts.join(w.sep);
  }

  var api = { weekDays: weekDays, tableRows: tableRows, weekSentence: weekSentence };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof window !== "undefined") window.yizhanWeek = api;
})();
