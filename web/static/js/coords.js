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

  // The inverse by fixed-point iteration (the shift changes slowly: a few steps reach 1e-9 deg).
  function gcj02ToWgs84(lon, lat) {
    var x = lon, y = lat;
    for (var i = 0; i < 8; i++) {
      var g = wgs84ToGcj02(x, y);
      x -= g[0] - lon;
      y -= g[1] - lat;
    }
    return [x, y];
  }

  var XPI = Math.PI * 3000 / 180;

  function gcj02ToBd09(lon, lat) {
    var z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * XPI);
    var theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * XPI);
    return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
  }

  // Baidu's closed-form inverse is off by up to ~7 cm; fixed-point steps on gcj02ToBd09 take it
  // to the exact inverse, as finder/geo.py does, so both give the same WGS-84 point.
  function bd09ToGcj02(lon, lat) {
    var x = lon - 0.0065, y = lat - 0.006;
    var z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * XPI);
    var theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * XPI);
    var g = [z * Math.cos(theta), z * Math.sin(theta)];
    for (var i = 0; i < 8; i++) {
      var b = gcj02ToBd09(g[0], g[1]), dx = b[0] - lon, dy = b[1] - lat;
      g = [g[0] - dx, g[1] - dy];
      if (Math.abs(dx) < 1e-9 && Math.abs(dy) < 1e-9) break;
    }
    return g;
  }

  /* [lon, lat] from system `from` to system `to` (wgs84, gcj02 or bd09). */
  function convert(lon, lat, from, to) {
    if (from === to) return [lon, lat];
    var gcj = from === "gcj02" ? [lon, lat]
      : from === "bd09" ? bd09ToGcj02(lon, lat) : wgs84ToGcj02(lon, lat);
    if (to === "gcj02") return gcj;
    if (to === "bd09") return gcj02ToBd09(gcj[0], gcj[1]);
    return gcj02ToWgs84(gcj[0], gcj[1]);
  }

  window.yizhanCoords = { wgs84ToGcj02: wgs84ToGcj02, gcj02ToWgs84: gcj02ToWgs84, convert: convert };
})();
