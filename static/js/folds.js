// Filter forms sit in a <details class="avs-fold"> rendered open, so that they show on a desktop, with or without
// JavaScript. On a phone they would push the results below the screen: folded here unless a filter is in use
// (data-active), which the person then sees at once. Without JavaScript the form simply stays open.
(function () {
  "use strict";

  function fold() {
    if (!window.matchMedia("(max-width: 767.98px)").matches) {
      return;
    }
    document.querySelectorAll("details.avs-fold:not([data-active])").forEach(function (details) {
      details.open = false;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fold);
  } else {
    fold();
  }
})();
