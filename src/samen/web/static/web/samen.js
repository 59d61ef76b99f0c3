/* samen: small enhancements; every page works without this file. */
(function () {
  "use strict";
  // After htmx swaps part of a page, move focus to the first error or to the result heading,
  // so keyboard and screen-reader users land on what changed.
  // A wide table scrolls inside its own region (.samen-table-scroll) instead of widening the page (WCAG 1.4.10).
  // When it does scroll, the region can be reached and scrolled with the keyboard and is named after its table's
  // caption; when it fits, it is no extra stop in the tab order.
  function markScrollRegions(root) {
    var regions = (root || document).querySelectorAll(".samen-table-scroll");
    for (var i = 0; i < regions.length; i++) {
      var region = regions[i];
      if (region.scrollWidth > region.clientWidth + 1) {
        var caption = region.querySelector("caption");
        region.setAttribute("tabindex", "0");
        region.setAttribute("role", "region");
        var label = caption ? caption.textContent.trim() : "";
        region.setAttribute("aria-label", label || (document.documentElement.lang === "en" ? "Table" : "Tabel"));
      } else if (region.getAttribute("role") === "region") {
        region.removeAttribute("tabindex");
        region.removeAttribute("role");
        region.removeAttribute("aria-label");
      }
    }
  }
  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(function () { markScrollRegions(document); }, 100);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { markScrollRegions(document); });
  } else {
    markScrollRegions(document);
  }
  document.addEventListener("htmx:afterSettle", function () { markScrollRegions(document); });
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail && event.detail.elt ? event.detail.elt : document;
    var target = root.querySelector("[data-focus-after-swap]");
    if (target) {
      target.focus();
    }
  });
})();
