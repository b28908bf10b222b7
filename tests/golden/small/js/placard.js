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
    window.location.assign(form.action);
  });
})();
