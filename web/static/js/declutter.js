/* Keeps the map's touch targets apart (WCAG 2.5.8: a target half under another cannot be hit
 * reliably). Clustering keeps most markers apart, but not all: a cluster is drawn at the mean
 * of its stations, which can drift near a neighbour, and the nearest list's numbered markers
 * are drawn outside the clusters, and five nearest stations are often within a marker's
 * width of each other at the zoom that frames them. After every change of view or markers,
 * in order of precedence (the selected station, the list's numbers in order, clusters by
 * size, single stations), a target that overlaps one already placed is displaced by the
 * smallest move that clears it, at most its own width (twice that for a listed station), as
 * a cartographer displaces a label; when no such move exists it is hidden until the view
 * changes, except a listed station, which stays where it is. The map's controls are placed
 * before every marker. */
(function () {
  "use strict";
  var HIDDEN = "yz-decluttered";

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function box(el) {
    var r = el.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  }

  function reset(el) {
    if (el.dataset.margin !== undefined) {
      var m = el.dataset.margin.split(" ");
      el.style.marginLeft = m[0];
      el.style.marginTop = m[1];
      delete el.dataset.margin;
    }
    if (el.classList.contains(HIDDEN)) {
      el.classList.remove(HIDDEN);
      el.removeAttribute("aria-hidden");
      el.tabIndex = 0;
    }
  }

  function hide(el) {
    el.classList.add(HIDDEN);
    el.setAttribute("aria-hidden", "true");
    el.tabIndex = -1;
  }

  function inside(r, b) {
    return r.left >= b.left && r.right <= b.right && r.top >= b.top && r.bottom <= b.bottom;
  }

  // The smallest move of at most `reach` that clears every target placed, and does not push a
  // target in sight out of the map.
  function nudge(el, r, placed, reach, view) {
    var keepIn = inside(r, view);
    var shifts = [];
    placed.forEach(function (o) {
      if (!overlaps(r, o)) return;
      shifts.push([o.right - r.left + 1, 0], [o.left - r.right - 1, 0],
        [0, o.bottom - r.top + 1], [0, o.top - r.bottom - 1]);
    });
    shifts = shifts.filter(function (s) { return Math.abs(s[0]) + Math.abs(s[1]) <= reach; })
      .sort(function (a, b) {
        return Math.abs(a[0]) + Math.abs(a[1]) - Math.abs(b[0]) - Math.abs(b[1]);
      });
    for (var i = 0; i < shifts.length; i++) {
      var sx = shifts[i][0], sy = shifts[i][1];
      var moved = { left: r.left + sx, right: r.right + sx, top: r.top + sy, bottom: r.bottom + sy };
      if (keepIn && !inside(moved, view)) continue;
      if (placed.some(function (p) { return overlaps(moved, p); })) continue;
      el.dataset.margin = el.style.marginLeft + " " + el.style.marginTop;
      el.style.marginLeft = (parseFloat(el.style.marginLeft) || 0) + sx + "px";
      el.style.marginTop = (parseFloat(el.style.marginTop) || 0) + sy + "px";
      return moved;
    }
    return null;
  }

  // Precedence: the selected station, the list's numbers in order, clusters by size, the rest.
  function rank(el) {
    if (el.classList.contains("selected")) return 3e9;
    if (el.classList.contains("numbered")) return 2e9 - Number(el.textContent);
    if (el.classList.contains("yz-cluster")) return 1e6 + Number(el.textContent || 0);
    return 0;
  }

  function declutter(map) {
    var icons = Array.prototype.slice.call(map.getPane("markerPane")
      .querySelectorAll(".leaflet-marker-icon.leaflet-interactive"));
    icons.forEach(reset);
    icons.sort(function (a, b) { return rank(b) - rank(a); });
    // The map's own controls (zoom, locate, attribution, in the strip under the map or on it)
    // come first: a marker reaching over the zoom buttons is as hard to hit as one half under
    // another marker.
    var placed = Array.prototype.slice.call(document.querySelectorAll(".leaflet-control")).map(box)
      .filter(function (r) { return r.right > r.left && r.bottom > r.top; });
    var view = box(map.getContainer());
    icons.forEach(function (el) {
      var r = box(el);
      if (!placed.some(function (p) { return overlaps(r, p); })) {
        placed.push(r);
        return;
      }
      var listed = rank(el) >= 2e9 - 100, size = r.right - r.left;
      var moved = nudge(el, r, placed, (listed ? 2 : 1) * (size + 1), view);
      if (moved) placed.push(moved);
      else if (listed) placed.push(r);   // a listed station is never hidden
      else hide(el);
    });
  }

  /* Declutters `map` after each change of view and whenever `document` hears `events`; the
   * function returned asks for a pass, and its `pending()` tells whether one is still to come. */
  function keepApart(map, cluster, events) {
    var pending = false;
    function soon() {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; declutter(map); });
    }
    map.on("zoomend moveend resize", soon);
    cluster.on("animationend", soon);
    events.forEach(function (name) { document.addEventListener(name, soon); });
    soon();
    soon.pending = function () { return pending; };   // a pass waits for the next frame
    return soon;
  }

  window.yizhanDeclutter = { keepApart: keepApart, declutter: declutter };
})();
