// Quick exit: leaves for the neutral site in the exit link, replacing this
// page in the history where the browser allows. Works as a plain link
// without JavaScript; Shift pressed three times within 5 seconds does the same.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) return;
  function leave(event) {
    if (event) event.preventDefault();
    document.body.style.display = "none";
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 5000; });
    presses.push(now);
    if (presses.length >= 3) leave();
  });
})();

// The site keeps to one entry of the tab's history: each of its pages
// replaces the one before there, so that once the quick exit has replaced
// the last, Back leads to where the reader was before the site, not to
// any page of it. Links elsewhere, to a new tab, within the page or
// opened with a modifier key behave as links do.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var a = event.target.closest ? event.target.closest("a[href]") : null;
    if (!a || (a.target && a.target !== "_self") || a.hasAttribute("download")) return;
    var url = new URL(a.href, window.location.href);
    if (url.origin !== window.location.origin) return;
    var here = window.location;
    if (url.pathname === here.pathname && url.search === here.search && url.hash) return;
    event.preventDefault();
    window.location.replace(url.href);
  });
})();

// The search box on every page: hands the query to the search page in
// session storage rather than in its address, so that what a reader looked
// for is not kept in the browser's history. Without JavaScript the form
// sends it in the address as usual.
(function () {
  "use strict";
  var form = document.querySelector("form.header-search");
  if (!form) return;
  form.addEventListener("submit", function (event) {
    var input = form.querySelector("input[name=q]");
    try {
      sessionStorage.setItem("placard-q", input ? input.value : "");
    } catch (e) {
      return; // storage off: let the form send it
    }
    event.preventDefault();
    window.location.replace(form.action);
  });
})();
