/* The report page's map: the stored position (red) and the suggested one (blue), joined by a
 * line. The server has shifted both into the tiles' system; the page says the distance in words. */
(function () {
  "use strict";
  var el = document.getElementById("report-map");
  if (!el || !window.L) return;
  var d = el.dataset;
  function point(text) { var p = text.split(",").map(Number); return L.latLng(p[1], p[0]); }
  var stored = point(d.stored), suggested = point(d.suggested);
  var map = L.map(el, { maxZoom: Number(d.maxZoom), scrollWheelZoom: false });
  L.tileLayer(d.tiles, { subdomains: d.subdomains, maxZoom: Number(d.maxZoom), attribution: d.attribution })
    .addTo(map);
  L.polyline([stored, suggested], { color: "#555", dashArray: "4 6", weight: 2 }).addTo(map);
  L.circleMarker(stored, { radius: 10, color: "#fff", weight: 3, fillColor: "#c0392b", fillOpacity: 1 }).addTo(map);
  L.circleMarker(suggested, { radius: 10, color: "#fff", weight: 3, fillColor: "#1f5fbf", fillOpacity: 1 }).addTo(map);
  map.fitBounds(L.latLngBounds([stored, suggested]), { padding: [40, 40], maxZoom: 18 });
})();
