/* The HTML of station popups and of the nearest list, built from the API's feature properties.
 * Every value from the API is escaped: names and addresses are typed in by people. */
(function () {
  "use strict";
  var C = JSON.parse(document.getElementById("yizhan-config").textContent);
  var T = C.text;
  var inWeChat = /MicroMessenger/i.test(navigator.userAgent);
  var SOON_MINUTES = 60;   // web/pages/text.py's SOON_MINUTES

  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function name(p) {
    return C.lang === "en" ? p.name_en : p.name;
  }

  // WeChat's in-app browser blocks custom schemes, so the hand-off from Amap's web page to the
  // Amap app fails there: inside WeChat the page stays on Amap's web route (callnative=0).
  // Baidu's and Tencent's links are web pages already. A link is null where that app's web
  // form has no such mode (Baidu and Tencent document no riding).
  function navigationUrl(p, app) {
    var link = p.links[app || "amap"];
    if (!link) return null;
    var url = new URL(link);
    if (!inWeChat || !url.searchParams.has("callnative")) return link;
    url.searchParams.set("callnative", "0");
    return url.toString();
  }

  // The travel mode the list and popups speak of (map.js sets it from the mode buttons).
  var current = { mode: "walk" };

  function travelText(p) {
    var minutes = p.travel_minutes ? p.travel_minutes[current.mode] : p.walk_minutes;
    return T[current.mode].replace("{m}", minutes);
  }

  function otherApps(p) {
    var items = ["baidu", "tencent"].map(function (app) {
      var url = navigationUrl(p, app);
      return url ? '<a class="btn other" data-app="' + app + '" href="' + esc(url) + '">' +
        esc(T[app]) + "</a>" : "";
    }).join("");
    return items ? '<p class="other-apps"><span>' + esc(T.other_apps) + "</span>" + items + "</p>" : "";
  }

  function pageUrl(p) {
    return p.links.page + (C.lang === "en" ? "?lang=en" : "");
  }

  function shanghaiDate(daysAhead) {
    var at = new Date(Date.now() + daysAhead * 864e5);
    return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(at);
  }

  // next_change is ISO 8601 in Shanghai time ("2026-03-01T18:00:00+08:00"): read it as text,
  // so the phone's own time zone cannot shift it.
  function when(iso) {
    var day = iso.slice(0, 10), clock = iso.slice(11, 16);
    if (day === shanghaiDate(0)) return clock;
    if (day === shanghaiDate(1)) return T.tomorrow + " " + clock;
    var month = Number(iso.slice(5, 7)), date = Number(iso.slice(8, 10));
    if (C.lang === "en") {
      var months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
      return date + " " + months[month - 1] + " " + clock;
    }
    return month + "月" + date + "日 " + clock;
  }

  function describeHours(p) {
    if (!p.next_change) return p.open_now ? T.always_open : T.closed;
    var minutes = Math.ceil((Date.parse(p.next_change) - Date.now()) / 60000);
    if (minutes > 0 && minutes <= SOON_MINUTES) {
      // Within the hour a count is plainer than a clock: "还有 20 分钟关门".
      return (p.open_now ? T.open : T.closed) + " · " +
        (p.open_now ? T.closes_in : T.opens_in).replace("{m}", minutes);
    }
    var change = (p.open_now ? T.closes_at : T.opens_at).replace("{t}", when(p.next_change));
    return (p.open_now ? T.open : T.closed) + " · " + change;
  }

  function distance(metres) {
    if (C.lang === "en") {
      return metres < 1000 ? Math.round(metres) + " m" : (metres / 1000).toFixed(1) + " km";
    }
    return metres < 1000 ? Math.round(metres) + " 米" : (metres / 1000).toFixed(1) + " 公里";
  }

  // Icon and word: the icon is quicker to spot, the word says what it is.
  function amenityItems(p) {
    return p.amenities.map(function (code) {
      return '<li><span aria-hidden="true">' + (C.icons[code] || "") + "</span>" +
        esc(C.amenities[code] || code) + "</li>";
    }).join("");
  }

  // The sentence and a compact table of the week, today first (week.js); where week.js cannot
  // read the hours, the OSM text as it is.
  function weekHours(p) {
    var days = window.yizhanWeek && window.yizhanWeek.weekDays(p.opening_hours, shanghaiDate(0));
    if (!days) {
      return '<p class="hours-osm"><small>' + esc(T.hours) + ": " + esc(p.opening_hours) +
        "</small></p>";
    }
    var rows = window.yizhanWeek.tableRows(days, C.week).map(function (r) {
      return "<tr" + (r[2] ? ' class="today"' : "") + '><th scope="row">' + esc(r[0]) +
        "</th><td>" + esc(r[1]) + "</td></tr>";
    }).join("");
    return '<p class="week-sentence">' + esc(window.yizhanWeek.weekSentence(days, C.week)) +
      "</p>" + '<table class="week"><caption class="visually-hidden">' + esc(T.week_hours) +
      "</caption>" + rows + "</table>";
  }

  // A closed station's directions button is not in the primary colour: an open one comes first.
  function navClass(p) { return p.open_now ? "btn nav" : "btn nav closed"; }

  // ISO dates compare as text; the cutoff comes from the page (web/pages/freshness.py).
  function isStale(p) { return p.last_verified < C.stale_before; }

  function verified(p) {
    if (!isStale(p)) {
      return '<p class="verified">' + esc(T.last_verified) + " " + esc(p.last_verified) + "</p>";
    }
    return '<p class="verified stale">' + esc(T.stale.replace("{d}", p.last_verified)) + "</p>";
  }

  function popup(feature) {
    var p = feature.properties;
    var state = p.open_now ? "open" : "closed";
    // h2: the page's headings go h1 (the bar), h2 (popup, list), never skipping a level.
    return '<div class="popup" data-id="' + esc(feature.id) + '">' +
      "<h2>" + esc(name(p)) + "</h2>" +
      (p.distance_m === undefined ? "" :
        '<p class="travel">' + esc(distance(p.distance_m)) + " · " + esc(travelText(p)) + "</p>") +
      '<p class="address">' + esc(p.address) + "</p>" +
      '<p class="kind">' + esc(C.kinds[p.kind] || p.kind) + " · " +
        esc(C.districts[p.district.adcode] || p.district.name) + "</p>" +
      '<p class="hours"><span class="badge ' + state + '">' + esc(describeHours(p)) + "</span></p>" +
      weekHours(p) +
      '<ul class="amenities" aria-label="' + esc(T.amenities) + '">' + amenityItems(p) + "</ul>" +
      "<p>" + esc(T.entry) + ": " + esc(T["entry_" + p.entry] || p.entry) + "</p>" +
      verified(p) +
      '<p class="actions"><a class="' + navClass(p) + '" href="' + esc(navigationUrl(p)) + '">' +
        esc(T.navigate) + "</a>" +
        '<a class="btn details" href="' + esc(pageUrl(p)) + '">' + esc(T.details) + "</a>" +
        '<button type="button" class="btn share" data-share-url="' + esc(pageUrl(p)) +
          '" data-share-title="' + esc(name(p)) + '">' + esc(T.share_button) + "</button></p>" +
      otherApps(p) +
      '<p class="report-link"><a class="btn report" href="' + esc(pageUrl(p)) + '#report">' +
        esc(T.report_problem) + "</a></p>" +
      "</div>";
  }

  // The number matches the station's marker on the map (map.js numbers them).
  function listItem(feature, index) {
    var p = feature.properties;
    var amenities = p.amenities.map(function (code) {
      return '<span class="amenity"><span aria-hidden="true">' + (C.icons[code] || "") +
        "</span>" + esc(C.amenities[code] || code) + "</span>";
    }).join(" ");
    return '<li class="station" data-id="' + esc(feature.id) + '">' +
      '<span class="num k-' + esc(p.kind) + (p.open_now ? "" : " closed") + '">' + (index + 1) +
        "</span>" +
      '<button type="button" class="show">' +
        '<span class="name">' + esc(name(p)) + "</span>" +
        '<span class="meta"><span class="distance">' + esc(distance(p.distance_m)) + "</span> · " +
          '<span class="time" data-mode="' + current.mode + '">' + esc(travelText(p)) +
          "</span></span>" +
        '<span class="meta"><span class="badge ' + (p.open_now ? "open" : "closed") + '">' +
          esc(describeHours(p)) + "</span></span>" +
        (isStale(p) ? '<span class="meta stale">' + esc(T.stale.replace("{d}", p.last_verified)) +
          "</span>" : "") +
        '<span class="icons">' + amenities + "</span>" +
      "</button>" +
      '<a class="' + navClass(p) + '" href="' + esc(navigationUrl(p)) + '">' + esc(T.navigate) +
      "</a></li>";
  }

  window.yizhanRender = {
    config: C, popup: popup, listItem: listItem, navigationUrl: navigationUrl, esc: esc,
    current: current, describeHours: describeHours, name: name,
  };
})();
