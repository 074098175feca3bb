/* The station page's small map: one marker on the configured tiles. The page is complete
 * without it; the coordinates are already shifted to the tiles' system by the server. */
(function () {
  "use strict";
  var el = document.getElementById("station-map");
  if (!el || !window.L) return;
  var d = el.dataset, here = L.latLng(Number(d.lat), Number(d.lon));
  el.textContent = "";
  el.classList.add("live");
  var map = L.map(el, { center: here, zoom: 16, maxZoom: Number(d.maxZoom), scrollWheelZoom: false });
  L.tileLayer(d.tiles, { subdomains: d.subdomains, maxZoom: Number(d.maxZoom), attribution: d.attribution })
    .addTo(map);
  L.circleMarker(here, { radius: 10, color: "#fff", weight: 3, fillColor: "#c0392b", fillOpacity: 1 })
    .addTo(map);
})();
