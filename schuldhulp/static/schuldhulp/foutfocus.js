// After a failed submit the page comes back with an error summary (.foutsamenvatting,
// tabindex="-1"): move the focus there, so a screen reader reads it and Tab goes on to the
// first wrong field. Also when htmx swaps in a form with errors. No inline script (CSP).
//
// A form posts to the page's own address, fragment included: after the skiplink that is
// "#inhoud", and the browser then moves the focus to <main> once the page has loaded, away
// from the summary (found by tests/e2e/test_toetsenbord_browser.py). So the focus is set
// again on load when it went to the fragment's target, and the fragment is dropped.
(function () {
  "use strict";

  function focusOpFouten(binnen) {
    const samenvatting = (binnen || document).querySelector(".foutsamenvatting[tabindex]");
    if (samenvatting) {
      samenvatting.focus();
    }
    return samenvatting;
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (focusOpFouten(document) && window.location.hash) {
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
  });
  window.addEventListener("load", function () {
    const actief = document.activeElement;
    if (!actief || actief === document.body || actief.id === "inhoud") {
      focusOpFouten(document);
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    focusOpFouten(event.detail.target);
  });
})();
