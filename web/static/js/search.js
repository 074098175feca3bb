/* Finding a place without GPS: the search box (names, addresses, streets, districts, pinyin,
 * answered by /api/v1/search) and the list of stations by district. Choosing a place lists the
 * nearest stations from it, as a tap on the map does (map.js: window.yizhan.searchFrom). */
(function () {
  "use strict";
  var R = window.yizhanRender, C = R.config, T = C.text, Y = window.yizhan;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var results = document.getElementById("search-results");
  var browse = document.getElementById("browse");
  var districtList = document.getElementById("district-list");
  var districtTitle = document.getElementById("district-title");
  var districtStations = document.getElementById("district-stations");
  var searches = 0;

  function placeName(p) { return C.lang === "en" && p.name_en ? p.name_en : p.name; }

  function placeButton(place, index) {
    var kind = T["place_" + place.type];
    var district = place.type !== "district" && C.districts[place.district];
    var meta = [kind, district, place.type !== "station" && place.count
      ? T.place_count.replace("{n}", place.count) : ""].filter(Boolean).join(" · ");
    return '<li><button type="button" class="place" data-index="' + index + '">' +
      '<span class="name">' + R.esc(placeName(place)) + "</span>" +
      '<span class="meta">' + R.esc(meta) + "</span></button></li>";
  }

  function choose(place) {
    results.hidden = true;
    browse.open = false;
    input.blur();
    Y.searchFrom({ lon: place.lon, lat: place.lat, crs: C.crs });
  }

  function show(list, items, empty) {
    list.innerHTML = items.map(placeButton).join("");
    list.hidden = false;
    Array.prototype.forEach.call(list.querySelectorAll("button.place"), function (button) {
      button.addEventListener("click", function () { choose(items[Number(button.dataset.index)]); });
    });
    if (!items.length) Y.say(empty);
    else Y.say("");
  }

  function getJson(url) {
    return fetch(url).then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = input.value.trim();
    if (!q) { input.focus(); return; }
    var search = ++searches;
    Y.say(T.searching);
    getJson(C.api.search + "?" + new URLSearchParams({ q: q, crs: C.crs }))
      .then(function (body) {
        if (search !== searches) return;
        show(results, body.items, T.search_none.replace("{q}", q));
        results.dataset.search = String(search);   // lets tests wait for this very answer
      })
      .catch(function () { if (search === searches) Y.say(T.search_error); });
  });

  /* ---- browsing by district: every station of one district, by name, no position needed ---- */
  Object.keys(C.districts).forEach(function (adcode) {
    var li = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn district";
    button.dataset.district = adcode;
    button.textContent = C.districts[adcode];
    button.addEventListener("click", function () { showDistrict(adcode); });
    li.appendChild(button);
    districtList.appendChild(li);
  });

  function showDistrict(adcode) {
    var params = new URLSearchParams({ districts: adcode, limit: 1000, crs: C.crs });
    Y.say(T.searching);
    getJson(C.api.stations + "?" + params).then(function (body) {
      var items = body.features.map(function (f) {
        var p = f.properties;
        return { type: "station", name: p.name, name_en: p.name_en, district: adcode,
          lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], count: 1 };
      });
      items.sort(function (a, b) { return placeName(a).localeCompare(placeName(b), C.lang); });
      districtTitle.textContent = T.district_stations.replace("{d}", C.districts[adcode]);
      districtTitle.hidden = false;
      show(districtStations, items, T.none_found);
      districtStations.dataset.district = adcode;
    }).catch(function () { Y.say(T.load_error); });
  }

  // The locate button, where the browser cannot locate (no HTTPS), sends the user here.
  document.addEventListener("yizhan:search-instead", function () { input.focus(); });
})();
