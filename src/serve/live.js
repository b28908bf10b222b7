// placard serve: reloads the page after each rebuild, swaps stylesheets
// when only CSS changed, and shows a build error over the page until it is
// fixed. Served as a file so that it runs under a strict
// Content-Security-Policy; styles are set through the DOM, not markup.
(function () {
  "use strict";
  var box = null;
  function show(text) {
    if (!box) {
      box = document.createElement("div");
      box.id = "placard-error";
      box.setAttribute("role", "alert");
      var s = box.style;
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.top = "0"; s.zIndex = "2147483647";
      s.maxHeight = "80vh"; s.overflow = "auto"; s.padding = "1rem 1.5rem";
      s.background = "#3b0a0a"; s.color = "#ffffff"; s.font = "15px/1.5 monospace";
      s.borderBottom = "4px solid #ff5c5c"; s.whiteSpace = "pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "placard could not build the site; the last good version is shown below.\n\n" + text;
  }
  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var href = links[i].href.split("?")[0];
      links[i].href = href + "?v=" + Date.now();
    }
  }
  var source = new EventSource("/__placard/events");
  source.addEventListener("reload", function () { window.location.reload(); });
  source.addEventListener("css", function () {
    if (box) { window.location.reload(); } else { swapStylesheets(); }
  });
  source.addEventListener("problem", function (event) { show(event.data); });
})();
