/* samen: small enhancements; every page works without this file. */
(function () {
  "use strict";
  // After htmx swaps part of a page, move focus to the first error or to the result heading,
  // so keyboard and screen-reader users land on what changed.
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail && event.detail.elt ? event.detail.elt : document;
    var target = root.querySelector("[data-focus-after-swap]");
    if (target) {
      target.focus();
    }
  });
})();
