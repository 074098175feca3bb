/* The map page: stations in view from the API into folium's cluster, the filter chips, the
 * position fix (shifted onto the tiles' coordinate system) and the nearest list.
 * Debug and test handle: window.yizhan. */
(function () {
  "use strict";
  var R = window.yizhanRender, C = R.config, T = C.text;
  var map = window[C.names.map], cluster = window[C.names.cluster];
  var locate = window[C.names.locate];
  // Below the street zoom a crowded view comes back as server clusters (clusters.js).
  var MIN_LOAD_ZOOM = 3, PAGE_LIMIT = 1000, MOVED_M = 30;
  var UNCLUSTERED_ZOOM = 16;   // where a station's popup opens
  var MARKER_PX = 48;          // web/pages/mapview.py's MARKER_PX: a touch target

  var stations = new Map();   // id -> {feature (in the map's crs), marker}
  var loadedBoxes = [];       // boxes whose every station is in `stations`
  var chips = Array.prototype.slice.call(document.querySelectorAll(".chip"));
  var sheet = document.getElementById("sheet");
  var status = document.getElementById("status");
  var heading = document.getElementById("sheet-title");
  var list = document.getElementById("nearest");
  var toggle = document.getElementById("list-toggle");
  var wrap = document.querySelector(".map-wrap");
  var chipsBar = document.querySelector(".chips");   // the top bars grow with the text size
  var state = {
    origin: null, lastFix: null, tapMode: false, lastQuery: null, searches: 0, mode: "walk",
    nearest: new Map(),   // id -> feature of the last nearest answer (links from the query point)
    numbers: new Map(),   // id -> its number in the nearest list (1..5), on marker and item
    selected: null,       // the id whose popup is open: highlighted on the map and in the list
  };
  var modeButtons = Array.prototype.slice.call(document.querySelectorAll(".mode"));
  var queryMarker = null;

  function say(text) { status.textContent = text; }

  // Positions arrive in WGS-84 (GPS) or in the API's crs; the tiles want C.crs.
  function toMap(lon, lat, crs) {
    if (crs === C.crs || C.crs === "wgs84") return L.latLng(lat, lon);
    var shifted = window.yizhanCoords.wgs84ToGcj02(lon, lat);
    return L.latLng(shifted[1], shifted[0]);
  }

  /* ---- chips ---- */
  function chosen() {
    var out = { amenities: [], openNow: false };
    chips.forEach(function (chip) {
      if (chip.getAttribute("aria-pressed") !== "true") return;
      if (chip.dataset.chip === "open_now") out.openNow = true;
      else out.amenities.push(chip.dataset.chip);
    });
    return out;
  }

  function passes(p, want) {
    if (want.openNow && !p.open_now) return false;
    return want.amenities.every(function (code) { return p.amenities.indexOf(code) >= 0; });
  }

  chips.forEach(function (chip) {
    chip.addEventListener("click", function () {
      var on = chip.getAttribute("aria-pressed") !== "true";
      chip.setAttribute("aria-pressed", on ? "true" : "false");
      try {
        localStorage.setItem("yizhan.chips", JSON.stringify(chosenCodes()));
      } catch (e) { /* private mode: the choice just is not remembered */ }
      drawMarkers();
      if (state.origin) searchNearest(state.origin);
    });
  });

  function chosenCodes() {
    return chips.filter(function (c) { return c.getAttribute("aria-pressed") === "true"; })
      .map(function (c) { return c.dataset.chip; });
  }

  function restoreChips() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem("yizhan.chips")); } catch (e) { saved = null; }
    if (!Array.isArray(saved)) return;
    chips.forEach(function (chip) {
      chip.setAttribute("aria-pressed", saved.indexOf(chip.dataset.chip) >= 0 ? "true" : "false");
    });
  }

  /* ---- markers ---- */
  // A station in the nearest list shows its number there instead of its kind's character, so
  // marker and list item match; the selected one (its popup open) is drawn larger and ringed.
  function iconFor(p, number, selected) {
    return L.divIcon({
      className: "yz-marker k-" + p.kind + (p.open_now ? "" : " closed") +
        (number ? " numbered" : "") + (selected ? " selected" : ""),
      html: '<span class="yz-disc">' + R.esc(number || C.glyphs[p.kind] || "•") + "</span>",
      iconSize: [MARKER_PX, MARKER_PX], iconAnchor: [MARKER_PX / 2, MARKER_PX / 2],
      popupAnchor: [0, -18],
    });
  }

  function restyle(id) {
    var s = stations.get(id);
    if (!s) return;
    var number = state.numbers.get(id), p = s.feature.properties;
    s.marker.options.title = (number ? number + " · " : "") + R.name(p);   // read by setIcon
    s.marker.setIcon(iconFor(p, number, state.selected === id));
    if (apart) apart();
  }

  function markerFor(feature) {
    var p = feature.properties, c = feature.geometry.coordinates;
    var marker = L.marker(L.latLng(c[1], c[0]), { icon: iconFor(p), title: R.name(p) });
    marker.stationId = feature.id;
    marker.on("popupopen", function () { select(feature.id); });
    marker.on("popupclose", function () { if (state.selected === feature.id) select(null); });
    // A station in the nearest list has links from the query point; others, links without one.
    marker.bindPopup(function () {
      return R.popup(state.nearest.get(feature.id) || stations.get(feature.id).feature);
    }, {
      maxWidth: 300, minWidth: 220, autoPanPaddingTopLeft: [8, 64], autoPanPaddingBottomRight: [8, 8],
    });
    return marker;
  }

  function select(id) {
    var before = state.selected;
    state.selected = id;
    if (before) restyle(before);
    if (id) restyle(id);
    Array.prototype.forEach.call(list.children, function (li) {
      var on = li.dataset.id === id;
      li.classList.toggle("selected", on);
      if (on) li.setAttribute("aria-current", "true");
      else li.removeAttribute("aria-current");
    });
  }

  // The nearest list's stations, numbered on the map: the last list's numbers go first.
  function numberMarkers(features) {
    var old = Array.from(state.numbers.keys());
    state.numbers = new Map();
    old.forEach(restyle);
    drawMarkers();   // back into the cluster before the new ones leave it
    features.forEach(function (f, i) {
      known(f);
      state.numbers.set(f.id, i + 1);
      restyle(f.id);
    });
    drawMarkers();
  }

  // A station of the list, as a marker in the map's crs (the list may be in WGS-84).
  function known(feature) {
    var s = stations.get(feature.id);
    if (s) return s;
    var c = feature.geometry.coordinates, here = toMap(c[0], c[1], feature.crs);
    return remember({ type: "Feature", id: feature.id, properties: feature.properties,
      geometry: { type: "Point", coordinates: [here.lng, here.lat] } });
  }

  function remember(feature) {
    var known = stations.get(feature.id);
    if (known) known.feature = feature;   // a reload for another mode brings that mode's links
    else stations.set(feature.id, { feature: feature, marker: markerFor(feature) });
    return stations.get(feature.id);
  }

  // Only the difference is applied: clearing the cluster and filling it again would close an
  // open popup, and cut short a zoom to a station that a fresh batch of markers lands during.
  // The nearest list's stations are drawn outside the cluster, on top, so their numbers are
  // always in sight; every other station goes in the cluster.
  var numbered = L.layerGroup().addTo(map);

  function drawMarkers() {
    var want = chosen(), shown = [], add = [], remove = [];
    stations.forEach(function (s) {
      var pass = passes(s.feature.properties, want), listed = state.numbers.has(s.feature.id);
      if (listed !== numbered.hasLayer(s.marker)) {
        if (listed) numbered.addLayer(s.marker.setZIndexOffset(1000));
        else numbered.removeLayer(s.marker.setZIndexOffset(0));
      }
      var on = pass && !listed, has = cluster.hasLayer(s.marker);
      if (pass) shown.push(s.marker);
      if (on && !has) add.push(s.marker);
      else if (!on && has) remove.push(s.marker);
    });
    if (remove.length) cluster.removeLayers(remove);
    if (add.length) cluster.addLayers(add);
    // The page benchmark (bench/bench_page.py) measures navigation start to this moment.
    if (window.yizhanMarkersDrawn === undefined) window.yizhanMarkersDrawn = performance.now();
    document.dispatchEvent(new CustomEvent("yizhan:markers", { detail: { count: shown.length } }));
  }

  var boxLoads = 0;   // station requests for the view still on their way

  function loadVisible() {
    if (map.getZoom() < MIN_LOAD_ZOOM) { say(T.zoom_in); return; }
    var view = map.getBounds();
    if (loadedBoxes.some(function (box) { return box.contains(view); })) {
      window.yizhanClusters.showStations();
      return;
    }
    // A view's worth around it (small pans need no new request), kept on the globe: padded,
    // a low zoom's view reaches past the poles, and the API refuses such a box (a 400).
    var padded = view.pad(1);
    var box = L.latLngBounds(
      [Math.max(padded.getSouth(), -90), Math.max(padded.getWest(), -180)],
      [Math.min(padded.getNorth(), 90), Math.min(padded.getEast(), 180)]);
    var bbox = [box.getWest(), box.getSouth(), box.getEast(), box.getNorth()]
      .map(function (v) { return v.toFixed(5); }).join(",");
    var url = C.api.stations + "?" + new URLSearchParams({
      bbox: bbox, limit: PAGE_LIMIT, crs: C.crs, mode: state.mode, zoom: map.getZoom(),
    });
    var zoom = map.getZoom();
    boxLoads += 1;
    fetch(url).then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (body) {
        if (window.yizhanClusters.take(body, zoom)) return;
        body.features.forEach(remember);
        // Past one page the box is not complete: ask the user to zoom rather than page through.
        if (body.numberMatched > body.numberReturned) say(T.zoom_in);
        else loadedBoxes.push(box);
        drawMarkers();
      })
      .catch(function (why) {
        heldInstead(why, loadVisible, function (held) {
          held.all().forEach(function (f) { remember(inMapCrs(f)); });
          drawMarkers();
          return state.origin ? null : held.status();   // else the nearest answer speaks
        });
      })
      .finally(function () { boxLoads -= 1; });
  }

  /* ---- failures: offline and a server problem are told apart, and either can be retried ---- */
  var retry = document.getElementById("retry");
  var retryAction = null;

  // fetch rejects with a TypeError when no answer came at all; a status means the server spoke.
  function isOffline(why) { return navigator.onLine === false || why instanceof TypeError; }

  function failed(why, again) {
    var offline = isOffline(why);
    say(offline ? T.offline : T.server_error);
    status.dataset.failure = offline ? "offline" : "server";
    retryAction = again;
    retry.hidden = false;
  }

  // Offline, the stations kept on this phone answer instead (offline.js): `use(held)` shows
  // them and returns what to say (null: nothing, the status line stays as it is). Retry, and
  // coming back online, still ask the server again.
  function heldInstead(why, again, use) {
    var held = window.yizhanOffline;
    if (!held || !isOffline(why)) { failed(why, again); return; }
    held.ready().then(function (data) {
      var words = data ? use(held) : undefined;
      if (words === null) return;
      failed(why, again);
      if (words) say(words);
    });
  }

  // A kept (WGS-84) feature with its point on the tiles' coordinate system, as the API sends it.
  function inMapCrs(f) {
    var c = f.geometry.coordinates, p = toMap(c[0], c[1], "wgs84");
    return Object.assign({}, f, { geometry: { type: "Point", coordinates: [p.lng, p.lat] } });
  }

  retry.addEventListener("click", function () {
    retry.hidden = true;
    delete status.dataset.failure;
    var again = retryAction;
    retryAction = null;
    if (again) again();
  });

  window.addEventListener("online", function () {
    if (!retry.hidden) retry.click();   // back online: try again by itself
  });

  /* ---- the position fix and the nearest list ---- */
  // Registered before the locate control's own handler, so the control draws the shifted fix.
  map.on("locationfound", function (e) {
    var fix = { lon: e.latlng.lng, lat: e.latlng.lat, crs: "wgs84" };
    e.latlng = toMap(fix.lon, fix.lat, "wgs84");
    if (e.bounds) {
      e.bounds = L.latLngBounds(
        toMap(e.bounds.getWest(), e.bounds.getSouth(), "wgs84"),
        toMap(e.bounds.getEast(), e.bounds.getNorth(), "wgs84"));
    }
    state.lastFix = fix;
    state.tapMode = false;
    map.getContainer().classList.remove("tap-mode");
    var prev = state.origin;
    if (prev && prev.crs === "wgs84" &&
        L.latLng(prev.lat, prev.lon).distanceTo(L.latLng(fix.lat, fix.lon)) < MOVED_M) return;
    searchNearest(fix);
  });

  function noFix() {
    state.tapMode = true;
    map.getContainer().classList.add("tap-mode");
    say(T.no_fix);
  }

  locate.options.onLocationError = noFix;
  map.on("locationtimeout", noFix);

  map.on("click", function (e) {
    if (!state.tapMode) return;
    searchFrom({ lon: e.latlng.lng, lat: e.latlng.lat, crs: C.crs });
  });

  // A point chosen without GPS (a tap, a search result), in the map's crs: marked, then searched.
  function searchFrom(point) {
    if (queryMarker) queryMarker.remove();
    queryMarker = L.circleMarker(toMap(point.lon, point.lat, point.crs), {
      radius: 9, color: "#c0392b", weight: 3,
    }).addTo(map);
    searchNearest(point);
  }

  function searchNearest(point) {
    state.origin = point;
    retry.hidden = true;
    keepInUrl(point);
    var want = chosen();
    var params = new URLSearchParams({
      lon: point.lon.toFixed(6), lat: point.lat.toFixed(6), k: 5, crs: point.crs, mode: state.mode,
    });
    if (want.amenities.length) params.set("amenities", want.amenities.join(","));
    if (want.openNow) params.set("open_now", "true");
    state.lastQuery = params.toString();
    var search = ++state.searches;
    say(T.searching);
    fetch(C.api.nearest + "?" + params).then(function (r) {
      return r.ok ? r.json() : Promise.reject(r.status);
    }).then(function (body) {
      if (search !== state.searches) return;   // a newer search has started
      body.features.forEach(function (f) { f.crs = body.crs; });
      return inServiceArea(body.features, point, want).then(function (inArea) {
        if (search !== state.searches) return;
        if (inArea) showList(body.features, point);
        else showOutOfArea(point);
      });
    }).catch(function (why) {
      if (search !== state.searches) return;
      map.setView(toMap(point.lon, point.lat, point.crs), 15);
      heldInstead(why, function () { searchNearest(point); }, function (held) {
        if (search !== state.searches) return null;   // a newer search has started
        var answer = held.nearest(point, want, 5);
        if (answer.outside || answer.hoursStale) showOutOfArea(point);
        else showList(answer.features, point);
        return answer.message;
      });
    });
  }

  // Beyond SERVICE_RADIUS_M from every station the point is outside the area served: say so
  // rather than list a station a 100-hour walk away. With filters on, the nearest match may be
  // far while other stations are near, so that case asks once more without them.
  function inServiceArea(features, point, want) {
    var radius = C.service_radius_m;
    if (features.length && features[0].properties.distance_m <= radius) return Promise.resolve(true);
    if (!want.amenities.length && !want.openNow) return Promise.resolve(false);
    var params = new URLSearchParams({
      lon: point.lon.toFixed(6), lat: point.lat.toFixed(6), k: 1, crs: point.crs,
      max_distance_m: radius,
    });
    return fetch(C.api.nearest + "?" + params).then(function (r) {
      return r.ok ? r.json() : Promise.reject(r.status);
    }).then(function (body) { return body.features.length > 0; });
  }

  function showOutOfArea(point) {
    state.nearest = new Map();
    numberMarkers([]);
    sheet.classList.remove("collapsed");
    toggle.hidden = true;
    heading.hidden = true;
    list.innerHTML = "";
    sheet.classList.remove("has-list");
    say(T.out_of_area.replace("{km}", Math.round(C.service_radius_m / 1000)));
    status.classList.add("out-of-area");
    list.dataset.query = state.lastQuery;
    list.dataset.search = String(state.searches);
    fitMapToSheet();
    map.setView(toMap(point.lon, point.lat, point.crs), 9);
    document.dispatchEvent(new CustomEvent("yizhan:nearest", { detail: { count: 0 } }));
  }

  // The map fills what the sheet leaves, so the fix, the results and popups stay in sight.
  function fitMapToSheet() {
    wrap.style.top = chipsBar.getBoundingClientRect().bottom + "px";
    wrap.style.bottom = sheet.offsetHeight + "px";
    map.invalidateSize({ pan: false });
  }

  function showList(features, point) {
    state.nearest = new Map(features.map(function (f) { return [f.id, f]; }));
    status.classList.remove("out-of-area");
    sheet.classList.remove("collapsed");
    toggle.hidden = true;
    heading.textContent = point.crs === "wgs84" ? T.nearest_here : T.nearest_point;
    heading.hidden = false;
    list.innerHTML = features.map(R.listItem).join("");
    say(features.length ? (state.tapMode ? T.tap_map : "") : T.none_found);
    sheet.classList.add("has-list");
    list.dataset.query = state.lastQuery;
    list.dataset.search = String(state.searches);   // lets tests wait for this very answer
    features.forEach(function (f) { list.querySelector('[data-id="' + CSS.escape(f.id) + '"] .show')
      .addEventListener("click", function () { showStation(f); }); });
    numberMarkers(features);
    fitMapToSheet();
    var points = [toMap(point.lon, point.lat, point.crs)];
    features.forEach(function (f) {
      var c = f.geometry.coordinates;
      points.push(toMap(c[0], c[1], f.crs));
    });
    // More room at the bottom: the attribution sits there, over the map.
    map.fitBounds(L.latLngBounds(points), {
      paddingTopLeft: [40, 40], paddingBottomRight: [40, 64], maxZoom: 16,
    });
    document.dispatchEvent(new CustomEvent("yizhan:nearest", { detail: { count: features.length } }));
  }

  function showStation(feature) {
    var s = known(feature);
    drawMarkers();
    // Make room for the popup: fold the list away behind a "List" button.
    sheet.classList.add("collapsed");
    toggle.hidden = false;
    fitMapToSheet();
    // Leaflet ignores a new view while a zoom animation runs (a tap soon after the list
    // appears lands while the map still flies to frame it), so wait for the flight to end.
    // Centred at the zoom where clustering stops, without animation: markercluster's own
    // zoomToShowLayer loses a marker that a batch from loadVisible lands on mid-zoom.
    whenSettled(function () {
      map.setView(s.marker.getLatLng(), Math.max(map.getZoom(), UNCLUSTERED_ZOOM), { animate: false });
      if (s.marker._icon) s.marker.openPopup();
      else cluster.zoomToShowLayer(s.marker, function () { s.marker.openPopup(); });
    });
  }

  // A resize ends a move at once, mid-zoom, so zooms are tracked apart from moves.
  var zooming = false, moving = false;
  map.on("zoomstart", function () { zooming = true; });
  map.on("zoomend", function () { zooming = false; });
  map.on("movestart", function () { moving = true; });
  map.on("moveend", function () { moving = false; });

  function whenSettled(then) {
    if (zooming || moving) {
      map.once(zooming ? "zoomend" : "moveend", function () { setTimeout(then, 0); });
    } else {
      then();
    }
  }

  // Browsers only locate on HTTPS (or localhost): say so, rather than a generic failure.
  var locateButton = document.getElementById("locate-btn");
  var secure = window.isSecureContext !== false;
  if (!secure) {
    locateButton.textContent = T.locate_insecure;
    locateButton.classList.add("insecure");
  }

  locateButton.addEventListener("click", function () {
    if (!secure) {
      say(T.insecure);
      document.dispatchEvent(new CustomEvent("yizhan:search-instead"));
      return;
    }
    if (state.lastFix && locate._active) {
      searchNearest(state.lastFix);   // already following the position: search from it again
      return;
    }
    say(T.locating);
    locate.start();
  });

  toggle.addEventListener("click", function () {
    sheet.classList.remove("collapsed");
    toggle.hidden = true;
    fitMapToSheet();
  });

  /* ---- the search in the URL: Back, reload and a shared link bring the same list back ---- */
  function keepInUrl(point) {
    var params = new URLSearchParams(location.search);
    params.set("lon", point.lon.toFixed(6));
    params.set("lat", point.lat.toFixed(6));
    params.set("crs", point.crs);
    params.set("mode", state.mode);
    params.set("filters", chosenCodes().join(","));
    history.replaceState(null, "", location.pathname + "?" + params);
  }

  // Page parameters are lenient (a shared link may carry anything): what does not parse is
  // ignored, and the page starts as if it were not there.
  function pointFromUrl() {
    var params = new URLSearchParams(location.search);
    var lon = Number(params.get("lon")), lat = Number(params.get("lat"));
    var crs = params.get("crs");
    if (!params.has("lon") || !params.has("lat") || !isFinite(lon) || !isFinite(lat)) return null;
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;
    if (crs !== "wgs84" && crs !== C.crs) return null;   // a GPS fix, or a point on these tiles
    if (params.has("filters")) {
      var codes = params.get("filters").split(",");
      chips.forEach(function (chip) {
        chip.setAttribute("aria-pressed", codes.indexOf(chip.dataset.chip) >= 0 ? "true" : "false");
      });
    }
    return { lon: lon, lat: lat, crs: crs };
  }

  /* ---- travel mode: walk, e-bike or car; remembered like the chips ---- */
  function setMode(mode) {
    if (C.modes.indexOf(mode) < 0) mode = C.modes[0];
    state.mode = R.current.mode = mode;
    modeButtons.forEach(function (b) {
      b.setAttribute("aria-pressed", b.dataset.mode === mode ? "true" : "false");
    });
  }

  modeButtons.forEach(function (button) {
    button.addEventListener("click", function () {
      if (button.dataset.mode === state.mode) return;
      setMode(button.dataset.mode);
      try { localStorage.setItem("yizhan.mode", state.mode); } catch (e) { /* not remembered */ }
      map.closePopup();
      loadedBoxes = [];   // the stations in view come again, with this mode's links
      loadVisible();
      if (state.origin) searchNearest(state.origin);
    });
  });

  var savedMode = null;
  try { savedMode = localStorage.getItem("yizhan.mode"); } catch (e) { savedMode = null; }
  setMode(new URLSearchParams(location.search).get("mode") || savedMode || C.modes[0]);

  // The map's controls (attribution, locate, zoom) go in a strip under the map rather than over
  // it: a marker half under a control is a target one cannot reliably hit (WCAG 2.5.8), and
  // the map moves markers under the corners all the time.
  (function moveControlsOutOfTheMap() {
    var strip = document.createElement("div");
    strip.className = "map-strip leaflet-touch";
    [".leaflet-control-attribution", ".leaflet-control-locate", ".leaflet-control-zoom"]
      .forEach(function (selector) {
        var control = map.getContainer().querySelector(selector);
        if (control) strip.appendChild(control);
      });
    wrap.appendChild(strip);
    map.invalidateSize({ pan: false });
  })();

  // Touch targets kept apart after every change (declutter.js).
  var apart = window.yizhanDeclutter.keepApart(map, cluster,
    ["yizhan:markers", "yizhan:clusters", "yizhan:nearest"]);

  if (window.ResizeObserver) {
    var resized = new ResizeObserver(fitMapToSheet);
    [sheet, chipsBar, document.querySelector(".topbar")].forEach(function (el) { resized.observe(el); });
  }
  fitMapToSheet();
  restoreChips();
  var fromUrl = pointFromUrl();
  map.on("moveend", loadVisible);
  loadVisible();
  if (fromUrl) searchFrom(fromUrl);

  window.yizhan = {
    map: map, cluster: cluster, locate: locate, stations: stations, state: state,
    searchFrom: searchFrom, say: say,
    // Tests wait for this before reading what is loaded: a fit after a search moves the map,
    // and the move asks for its view's stations after the list has already appeared; and the
    // touch targets are kept apart one frame after the markers are drawn.
    settled: function () { return !zooming && !moving && boxLoads === 0 && !apart.pending(); },
    markerIds: function () {
      return cluster.getLayers().concat(numbered.getLayers())
        .map(function (m) { return m.stationId; }).sort();
    },
  };
})();
