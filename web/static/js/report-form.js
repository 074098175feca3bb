/* The station page's report form, made easier with script (it works without): only the fields
 * the chosen reason needs are shown; "wrong location" gets a pin to drag on a small map and
 * "我就在门口" (the phone's position). The pin writes the tiles' system (GCJ-02 on Amap's tiles,
 * WGS-84 on OpenStreetMap's) into the form's crs field; the phone's position is WGS-84. The
 * server converts either to WGS-84 before storing. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) return;
  var T = JSON.parse(document.getElementById("yizhan-report-text").textContent);
  var lon = document.getElementById("report-lon"), lat = document.getElementById("report-lat");
  var crs = document.getElementById("report-crs"), source = document.getElementById("report-source");
  var accuracy = document.getElementById("report-accuracy");
  var mapEl = document.getElementById("report-map"), note = document.getElementById("door-note");
  var map = null, pin = null;

  function reason() {
    var checked = form.querySelector('input[name="reason"]:checked');
    return checked ? checked.value : "";
  }

  function showFields() {
    var chosen = reason();
    form.querySelectorAll("[data-for]").forEach(function (el) {
      el.hidden = el.dataset.for.split(" ").indexOf(chosen) < 0;
    });
    if (chosen === "wrong_location") showMap();
  }

  function setPoint(x, y, system) {
    lon.value = x.toFixed(7);
    lat.value = y.toFixed(7);
    crs.value = system;
  }

  function showMap() {
    if (map || !window.L) return;
    var d = mapEl.dataset, here = L.latLng(Number(d.lat), Number(d.lon));
    mapEl.hidden = false;
    map = L.map(mapEl, { center: here, zoom: 18, maxZoom: Number(d.maxZoom), scrollWheelZoom: false });
    L.tileLayer(d.tiles, { subdomains: d.subdomains, maxZoom: Number(d.maxZoom), attribution: d.attribution })
      .addTo(map);
    pin = L.marker(here, { draggable: true, autoPan: true, title: T.report_pin_hint }).addTo(map);
    pin.on("dragend", function () {
      var at = pin.getLatLng();
      setPoint(at.lng, at.lat, d.crs);
      source.value = "pin";
      accuracy.value = "";
    });
    if (navigator.geolocation) document.getElementById("at-door").hidden = false;
  }

  function atDoor() {
    note.textContent = T.report_locating;
    navigator.geolocation.getCurrentPosition(function (pos) {
      var c = pos.coords;
      setPoint(c.longitude, c.latitude, "wgs84");  // the Geolocation API's system
      source.value = "door";
      accuracy.value = String(Math.round(c.accuracy));
      note.textContent = T.report_located.replace("{m}", Math.round(c.accuracy));
      var shown = mapEl.dataset.crs === "gcj02" && window.yizhanCoords ?
        window.yizhanCoords.wgs84ToGcj02(c.longitude, c.latitude) : [c.longitude, c.latitude];
      if (pin) { pin.setLatLng([shown[1], shown[0]]); map.panTo([shown[1], shown[0]]); }
    }, function () {
      note.textContent = T.report_no_fix;
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 });
  }

  form.addEventListener("change", function (e) {
    if (e.target.name === "reason") showFields();
  });
  document.getElementById("at-door").addEventListener("click", atDoor);
  showFields();
})();
