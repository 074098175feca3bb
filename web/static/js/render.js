/* The HTML of station popups and of the nearest list, built from the API's feature properties.
 * Every value from the API is escaped: names and addresses are typed in by people. */
(function () {
  "use strict";
  var C = JSON.parse(document.getElementById("yizhan-config").textContent);
  var T = C.text;
  var inWeChat = /MicroMessenger/i.test(navigator.userAgent);

  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function name(p) {
    return C.lang === "en" ? p.name_en : p.name;
  }

  // WeChat's in-app browser usually blocks the hand-off to the Amap app, so there the button
  // opens Amap's web route page instead (callnative=0), which works inside WeChat.
  function navigationUrl(p) {
    if (!inWeChat) return p.links.amap;
    var url = new URL(p.links.amap);
    url.searchParams.set("callnative", "0");
    return url.toString();
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
    var change = (p.open_now ? T.closes_at : T.opens_at).replace("{t}", when(p.next_change));
    return (p.open_now ? T.open : T.closed) + " · " + change;
  }

  function distance(metres) {
    if (C.lang === "en") {
      return metres < 1000 ? Math.round(metres) + " m" : (metres / 1000).toFixed(1) + " km";
    }
    return metres < 1000 ? Math.round(metres) + " 米" : (metres / 1000).toFixed(1) + " 公里";
  }

  function amenityItems(p) {
    return p.amenities.map(function (code) {
      return '<li><span aria-hidden="true">' + (C.icons[code] || "") + "</span>" +
        esc(C.amenities[code] || code) + "</li>";
    }).join("");
  }

  function popup(feature) {
    var p = feature.properties;
    var state = p.open_now ? "open" : "closed";
    return '<div class="popup" data-id="' + esc(feature.id) + '">' +
      "<h3>" + esc(name(p)) + "</h3>" +
      '<p class="kind">' + esc(C.kinds[p.kind] || p.kind) + " · " +
        esc(C.districts[p.district.adcode] || p.district.name) + "</p>" +
      '<p class="hours"><span class="badge ' + state + '">' + esc(describeHours(p)) + "</span>" +
        "<br><small>" + esc(T.hours) + ": " + esc(p.opening_hours) + "</small></p>" +
      '<ul class="amenities" aria-label="' + esc(T.amenities) + '">' + amenityItems(p) + "</ul>" +
      "<p>" + esc(T.entry) + ": " + esc(T["entry_" + p.entry] || p.entry) + "</p>" +
      '<p class="verified">' + esc(T.last_verified) + " " + esc(p.last_verified) + "</p>" +
      '<p class="actions"><a class="btn nav" href="' + esc(navigationUrl(p)) + '">' +
        esc(T.navigate) + "</a>" +
        '<a class="btn" href="' + esc(pageUrl(p)) + '">' + esc(T.details) + "</a></p>" +
      "</div>";
  }

  function listItem(feature) {
    var p = feature.properties;
    var labels = p.amenities.map(function (code) { return C.amenities[code] || code; });
    var icons = p.amenities.map(function (code) { return C.icons[code] || ""; }).join("");
    return '<li class="station" data-id="' + esc(feature.id) + '">' +
      '<button type="button" class="show">' +
        '<span class="name">' + esc(name(p)) + "</span>" +
        '<span class="meta"><span class="distance">' + esc(distance(p.distance_m)) + "</span> · " +
          '<span class="walk">' + esc(T.walk.replace("{m}", p.walk_minutes)) + "</span></span>" +
        '<span class="meta"><span class="badge ' + (p.open_now ? "open" : "closed") + '">' +
          esc(describeHours(p)) + "</span></span>" +
        '<span class="icons" role="img" aria-label="' + esc(T.amenities + ": " +
          labels.join(C.lang === "en" ? ", " : "、")) + '">' + icons + "</span>" +
      "</button>" +
      '<a class="btn nav" href="' + esc(navigationUrl(p)) + '">' + esc(T.navigate) + "</a>" +
      "</li>";
  }

  window.yizhanRender = {
    config: C, popup: popup, listItem: listItem, navigationUrl: navigationUrl, esc: esc,
    describeHours: describeHours,
  };
})();
