/* The large-text switch in the top bar: bigger type on every page, remembered on this phone.
 * The class is put on <html> before the first paint by a line in the page's head. */
(function () {
  "use strict";
  var KEY = "yizhan.largeText", root = document.documentElement;
  var button = document.querySelector(".text-size");
  if (!button) return;

  function show() {
    button.setAttribute("aria-pressed", root.classList.contains("large-text") ? "true" : "false");
  }

  button.addEventListener("click", function () {
    var on = root.classList.toggle("large-text");
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* not remembered */ }
    show();
    window.dispatchEvent(new Event("resize"));   // Leaflet measures the map again
  });
  show();
})();
