// After a failed submit the page comes back with an error summary (.foutsamenvatting,
// tabindex="-1"): move the focus there, so a screen reader reads it and Tab goes on to the
// first wrong field. Also when htmx swaps in a form with errors. No inline script (CSP).
(function () {
  "use strict";

  function focusOpFouten(binnen) {
    const samenvatting = (binnen || document).querySelector(".foutsamenvatting[tabindex]");
    if (samenvatting) {
      samenvatting.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusOpFouten(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    focusOpFouten(event.detail.target);
  });
})();
