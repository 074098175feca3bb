/* Share buttons (station pages, popups): the phone's own share sheet where there is one (Web
 * Share API), else the link is copied, else shown to copy by hand. Delegated, so buttons in
 * popups drawn later work too. */
(function () {
  "use strict";
  var node = document.getElementById("yizhan-share-text");
  var T = JSON.parse(node.textContent);

  function tell(button, text) {
    var note = button.parentNode.querySelector(".share-note");
    if (!note) {
      note = document.createElement("span");
      note.className = "share-note";
      note.setAttribute("role", "status");
      button.parentNode.appendChild(note);
    }
    note.textContent = text;
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-share-url]");
    if (!button) return;
    var url = button.dataset.shareUrl, title = button.dataset.shareTitle || document.title;
    if (navigator.share) {
      navigator.share({ title: title, url: url }).catch(function () { /* closed by the user */ });
      return;
    }
    var copy = navigator.clipboard && window.isSecureContext
      ? navigator.clipboard.writeText(url) : Promise.reject(new Error("no clipboard"));
    copy.then(function () { tell(button, T.copied); })
      .catch(function () { tell(button, T.copy_failed + url); });
  });
})();
