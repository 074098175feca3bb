/* WGS-84 to GCJ-02, for drawing the phone's position on Amap's tiles.
 * The same formula as prcoords' wgs_gcj (finder/geo.py uses it on the server); the tests check
 * that both agree. GCJ-02 is only defined inside China's rough box; outside it nothing moves. */
(function () {
  "use strict";
  var A = 6378245, EE = 0.00669342162296594323;

  function inChina(lon, lat) {
    return lat >= 0.8293 && lat <= 55.8271 && lon >= 72.004 && lon <= 137.8347;
  }

  function wgs84ToGcj02(lon, lat) {
    if (!inChina(lon, lat)) return [lon, lat];
    var x = lon - 105, y = lat - 35, PI = Math.PI;
    var dLatM = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) +
      (2 * Math.sin(x * 6 * PI) + 2 * Math.sin(x * 2 * PI) + 2 * Math.sin(y * PI) +
       4 * Math.sin(y / 3 * PI) + 16 * Math.sin(y / 12 * PI) + 32 * Math.sin(y / 30 * PI)) * 20 / 3;
    var dLonM = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) +
      (2 * Math.sin(x * 6 * PI) + 2 * Math.sin(x * 2 * PI) + 2 * Math.sin(x * PI) +
       4 * Math.sin(x / 3 * PI) + 15 * Math.sin(x / 12 * PI) + 30 * Math.sin(x / 30 * PI)) * 20 / 3;
    var radLat = lat * PI / 180;
    var magic = 1 - EE * Math.pow(Math.sin(radLat), 2);
    var latDegArclen = (A * (1 - EE)) / Math.pow(magic, 1.5) * PI / 180;
    var lonDegArclen = A * Math.cos(radLat) / Math.sqrt(magic) * PI / 180;
    return [lon + dLonM / lonDegArclen, lat + dLatM / latDegArclen];
  }

  window.yizhanCoords = { wgs84ToGcj02: wgs84ToGcj02 };
})();
