/* Server clusters at low zoom (GET /api/v1/stations?zoom=... answers "clustered": true):
 * a count bubble per cluster, in markercluster's own look; a tap or Enter zooms to the
 * cluster's stations. While clusters show, the station markers' layer is off the map, so
 * nothing is counted twice; a page of stations (street zoom, or few enough) puts it back.
 * Used by map.js: window.yizhanClusters.take(body, zoom). */
(function () {
  "use strict";
  var R = window.yizhanRender, C = R.config;
  var map = window[C.names.map], stations = window[C.names.cluster];
  var layer = L.layerGroup().addTo(map);
  var en = document.documentElement.lang === "en";

  function short(n) {
    if (n < 10000) return String(n);
    return en ? Math.round(n / 1000) + "k" : (n / 10000).toFixed(n < 100000 ? 1 : 0) + "万";
  }

  function bubble(feature) {
    var p = feature.properties, c = feature.geometry.coordinates, n = p.count;
    var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    var label = en ? n.toLocaleString("en") + " stations: zoom in" : n + " 个驿站，点按放大";
    var marker = L.marker(L.latLng(c[1], c[0]), {
      icon: L.divIcon({
        className: "marker-cluster marker-cluster-" + size + " yz-server-cluster",
        html: "<div><span>" + R.esc(short(n)) + "</span></div>", iconSize: [48, 48],
      }),
      title: label, alt: label, keyboard: true,
    });
    marker.on("click", function () {
      var b = p.bbox, bounds = L.latLngBounds([b[1], b[0]], [b[3], b[2]]);
      // Fit its stations, but always in by at least one level: a cell's stations may span
      // the cell, and one spot has no extent to fit at all.
      var fit = bounds.getNorthEast().equals(bounds.getSouthWest()) ? map.getZoom() + 2 :
        map.getBoundsZoom(bounds, false, L.point(48, 48));
      var zoom = Math.min(Math.max(fit, map.getZoom() + 1), map.getMaxZoom());
      map.setView(bounds.getCenter(), zoom);
    });
    return marker;
  }

  // Returns true when `body` was clusters (map.js then has no stations to remember).
  function take(body, zoom) {
    if (!body.clustered) {
      layer.clearLayers();
      if (!map.hasLayer(stations)) map.addLayer(stations);
      return false;
    }
    if (zoom !== map.getZoom()) return true;   // the map moved on; its own request follows
    if (map.hasLayer(stations)) map.removeLayer(stations);
    layer.clearLayers();
    body.features.forEach(function (f) { layer.addLayer(bubble(f)); });
    // As map.js marks its first stations: the page benchmark times navigation to this.
    if (window.yizhanMarkersDrawn === undefined) window.yizhanMarkersDrawn = performance.now();
    document.dispatchEvent(new CustomEvent("yizhan:clusters", {
      detail: { count: body.features.length, stations: body.numberMatched },
    }));
    return true;
  }

  // Stations already loaded for a view need no request: show them rather than old clusters.
  function showStations() { take({ clustered: false }); }

  window.yizhanClusters = { take: take, showStations: showStations, layer: layer };
})();
