/* The opening-hours editor of the station form: rows of weekdays with their time ranges, a
 * "24 小时" toggle per row and "节假日关闭" (PH off), written into the form's opening_hours text
 * field as OSM syntax. The text stays the stored form and stays editable by hand: the editor
 * writes it only when the person changes something in the editor, and when the text says more
 * than the editor can show (sunrise, months, "off" days, comments, ...) the editor says so and
 * leaves it alone. Without JavaScript the text field is all there is.
 *
 * The part that reads and writes the text (parse, serialise) has no DOM and is tested in node
 * (tests/js/hours_editor.test.js): every value of the reference set reads and writes back
 * byte-identical. */
(function () {
  "use strict";
  var DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
  var TIME = /^([01]?\d|2[0-4]):([0-5]\d)$/;
  var RANGE = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/;
  var DAY_PART = /^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$/;

  /* "8:00" as "08:00", or null when it is not a clock time (24:00 is, as an end). */
  function clock(text, isEnd) {
    var m = TIME.exec(text);
    if (!m || (m[1] === "24" && (m[2] !== "00" || !isEnd))) return null;
    return (m[1].length === 1 ? "0" : "") + m[1] + ":" + m[2];
  }

  function parseDays(text) {
    var days = [false, false, false, false, false, false, false];
    var parts = text.split(",");
    for (var i = 0; i < parts.length; i++) {
      var m = DAY_PART.exec(parts[i]);
      if (!m) return null;
      var from = DAYS.indexOf(m[1]), to = m[2] ? DAYS.indexOf(m[2]) : from;
      for (var d = from; ; d = (d + 1) % 7) { days[d] = true; if (d === to) break; }
    }
    return days;
  }

  function parseRanges(text) {
    var ranges = [], parts = text.split(",");
    for (var i = 0; i < parts.length; i++) {
      var m = RANGE.exec(parts[i]);
      var from = m && clock(m[1], false), to = m && clock(m[2], true);
      if (!from || !to || from === to) return null;
      ranges.push([from, to]);
    }
    return ranges;
  }

  function parseRule(text) {
    if (text === "24/7") return { days: allDays(), ranges: [], allDay: true, bare: true };
    var space = text.indexOf(" ");
    var days = space < 0 ? null : parseDays(text.slice(0, space));
    var ranges = parseRanges(space < 0 ? text : text.slice(space + 1));
    if (!ranges || (space >= 0 && !days)) return null;
    var bare = days === null;
    var allDay = !bare && ranges.length === 1 && ranges[0][0] === "00:00" && ranges[0][1] === "24:00";
    return { days: days || allDays(), ranges: allDay ? [] : ranges, allDay: allDay, bare: bare };
  }

  /* The editor's model of an OSM value ({rows, phOff}), or null when it cannot show it all. */
  function parse(text) {
    var model = { rows: [], phOff: false };
    if (text.trim() === "") return model;
    var rules = text.trim().split(/\s*;\s*/);
    if (rules[rules.length - 1] === "PH off") { model.phOff = true; rules.pop(); }
    for (var i = 0; i < rules.length; i++) {
      var row = parseRule(rules[i]);
      if (!row) return null;
      model.rows.push(row);
    }
    return model;
  }

  function allDays() { return [true, true, true, true, true, true, true]; }
  function every(days) { return days.every(function (d) { return d; }); }

  /* Weekdays as OSM writes them: runs of three or more as a range (Mo-Fr), else listed (Sa,Su),
   * as finder/hours_input.py's osm_days does. */
  function daysText(days) {
    var parts = [], d = 0;
    while (d < 7) {
      if (!days[d]) { d++; continue; }
      var end = d;
      while (end + 1 < 7 && days[end + 1]) end++;
      if (end - d >= 2) parts.push(DAYS[d] + "-" + DAYS[end]);
      else for (var k = d; k <= end; k++) parts.push(DAYS[k]);
      d = end + 1;
    }
    return parts.join(",");
  }

  function rowText(row) {
    var whole = every(row.days);
    if (row.allDay) return whole && row.bare ? "24/7" : daysText(row.days) + " 00:00-24:00";
    var times = row.ranges.map(function (r) { return r[0] + "-" + r[1]; }).join(",");
    return (whole && row.bare ? "" : daysText(row.days) + " ") + times;
  }

  /* The OSM value of a model: rows without days or times say nothing, so they are left out. */
  function serialise(model) {
    var rules = model.rows.filter(function (row) {
      return row.days.some(function (d) { return d; }) && (row.allDay || row.ranges.length > 0);
    }).map(rowText);
    if (model.phOff) rules.push("PH off");
    return rules.join("; ");
  }

  var api = { parse: parse, serialise: serialise, daysText: daysText, clock: clock };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;
  window.yizhanHoursEditor = api;

  /* The DOM part: built from the model on every change of the text, read back on every change
   * of the editor. */
  var box = document.getElementById("hours-editor");
  var input = box && document.getElementById(box.dataset.for);
  if (!input) return;
  var L = JSON.parse(box.dataset.labels);
  var model = parse(input.value);

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k in node && typeof attrs[k] === "boolean") node[k] = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  function button(text, cls, onClick) {
    var b = el("button", { type: "button", class: "btn small " + cls, text: text });
    b.addEventListener("click", onClick);
    return b;
  }

  function check(text, checked, cls, onChange) {
    var box = el("input", { type: "checkbox", checked: checked });
    box.addEventListener("change", function () { onChange(box.checked); });
    return el("label", { class: "check " + cls }, [box, document.createTextNode(" " + text)]);
  }

  function timeInput(value, isEnd, label, onChange) {
    var t = el("input", { type: "text", value: value, inputmode: "numeric", size: "5",
      maxlength: "5", placeholder: isEnd ? "18:00" : "08:00", "aria-label": label,
      class: "hours-time" });
    t.addEventListener("input", function () {
      var ok = clock(t.value.trim(), isEnd);
      t.setCustomValidity(ok ? "" : L.bad_time);
      if (ok) onChange(ok);
    });
    return t;
  }

  /* Any change made in the editor: the row no longer keeps how its days were first written. */
  function changed(row) {
    if (row) row.bare = every(row.days);
    input.value = serialise(model);
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function rangeNode(row, range, index) {
    return el("span", { class: "hours-range" }, [
      timeInput(range[0], false, L.from, function (v) { range[0] = v; changed(row); }),
      document.createTextNode(" – "),
      timeInput(range[1], true, L.to, function (v) { range[1] = v; changed(row); }),
      button("×", "hours-remove-range", function () {
        row.ranges.splice(index, 1); changed(row); draw();
      }),
    ]);
  }

  function rowNode(row, index) {
    var days = el("div", { class: "hours-days", role: "group", "aria-label": L.days },
      L.day_names.map(function (name, d) {
        return check(name, row.days[d], "hours-day", function (on) { row.days[d] = on; changed(row); });
      }));
    var times = el("div", { class: "hours-times" }, row.allDay ? [] :
      row.ranges.map(function (r, i) { return rangeNode(row, r, i); }));
    if (!row.allDay) {
      times.appendChild(button(L.add_range, "hours-add-range", function () {
        var last = row.ranges[row.ranges.length - 1];
        row.ranges.push(last ? [last[1], "22:00" > last[1] ? "22:00" : "24:00"] : ["08:00", "18:00"]);
        changed(row); draw();
      }));
    }
    var allDay = check(L.all_day, row.allDay, "hours-24h", function (on) {
      row.allDay = on;
      if (!on && row.ranges.length === 0) row.ranges.push(["08:00", "18:00"]);
      changed(row); draw();
    });
    var remove = button(L.remove_row, "hours-remove-row", function () {
      model.rows.splice(index, 1); changed(null); draw();
    });
    return el("div", { class: "hours-row" }, [days, times, el("div", { class: "hours-row-end" }, [allDay, remove])]);
  }

  function draw() {
    box.textContent = "";
    if (model === null) {
      box.appendChild(el("p", { class: "hint hours-cannot", role: "status", text: L.cannot }));
      box.appendChild(button(L.start_over, "hours-start-over", function () {
        model = { rows: [{ days: [true, true, true, true, true, false, false],
          ranges: [["08:00", "18:00"]], allDay: false, bare: false }], phOff: false };
        changed(null); draw();
      }));
      return;
    }
    model.rows.forEach(function (row, i) { box.appendChild(rowNode(row, i)); });
    box.appendChild(el("div", { class: "hours-end" }, [
      button(L.add_row, "hours-add-row", function () {
        model.rows.push({ days: [false, false, false, false, false, true, true],
          ranges: [["09:00", "17:00"]], allDay: false, bare: false });
        changed(null); draw();
      }),
      check(L.ph_off, model.phOff, "hours-ph-off", function (on) { model.phOff = on; changed(null); }),
    ]));
  }

  // Typing in the text field redraws the editor from what is typed.
  input.addEventListener("input", function () { model = parse(input.value); draw(); });
  box.hidden = false;
  draw();
})();
