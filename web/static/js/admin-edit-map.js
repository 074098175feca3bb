/* The edit form's map: one draggable marker on the configured tiles. Dragging writes the new
 * place into the form as WGS-84; typing coordinates (in the chosen system) moves the marker.
 * The form works without this script: the coordinates can always be typed. */
(function () {
  "use strict";
  var el = document.getElementById("edit-map");
  if (!el || !window.L || !window.yizhanCoords) return;
  var d = el.dataset, tileCrs = d.tileCrs, convert = window.yizhanCoords.convert;
  var lonInput = document.getElementById("lon"), latInput = document.getElementById("lat");
  var crsInput = document.getElementById("crs");
  var CENTER = [112.5665, 37.8625];

  function typed() {
    var lon = Number(lonInput.value), lat = Number(latInput.value);
    if (!lonInput.value || !latInput.value || !isFinite(lon) || !isFinite(lat)) return null;
    var p = convert(lon, lat, crsInput.value, tileCrs);
    return L.latLng(p[1], p[0]);
  }

  var start = typed(), fallback = convert(CENTER[0], CENTER[1], "wgs84", tileCrs);
  var map = L.map(el, {
    center: start || L.latLng(fallback[1], fallback[0]), zoom: start ? 17 : 13,
    maxZoom: Number(d.maxZoom), scrollWheelZoom: false
  });
  L.tileLayer(d.tiles, { subdomains: d.subdomains, maxZoom: Number(d.maxZoom), attribution: d.attribution })
    .addTo(map);
  var marker = L.marker(start || map.getCenter(), { draggable: true, autoPan: true }).addTo(map);
  el.classList.add("live");

  marker.on("dragend", function () {
    var at = marker.getLatLng(), wgs = convert(at.lng, at.lat, tileCrs, "wgs84");
    crsInput.value = "wgs84";
    lonInput.value = wgs[0].toFixed(7);
    latInput.value = wgs[1].toFixed(7);
    el.dataset.moved = String(Number(el.dataset.moved || 0) + 1);
  });

  function follow() {
    var at = typed();
    if (at) { marker.setLatLng(at); map.panTo(at); }
  }
  [lonInput, latInput, crsInput].forEach(function (input) { input.addEventListener("change", follow); });
  window.yizhanEditMap = { map: map, marker: marker };
})();
