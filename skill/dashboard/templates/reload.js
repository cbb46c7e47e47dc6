(function () {
  "use strict";
  var root = document.documentElement;
  var page = root.getAttribute("data-page");
  var version = root.getAttribute("data-version");
  var base = root.getAttribute("data-base") || "";
  window.ipLive = function (manifest) {
    var now = manifest && manifest.pages ? manifest.pages[page] : null;
    if (now && now !== version) {
      window.location.reload();
    }
  };
  function poll() {
    if (document.hidden) {
      return;
    }
    var tag = document.createElement("script");
    tag.src = base + "live.js?" + Date.now();
    tag.onload = tag.onerror = function () { tag.remove(); };
    document.head.appendChild(tag);
  }
  window.setInterval(poll, 2000);
}());
