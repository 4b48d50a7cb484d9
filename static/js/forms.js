// Moves the focus to the summary of a form's errors (templates/layout/error_summary.html) when the page opens on
// one, so that keyboard and screen-reader users start from it (RGAA 11.10); its links lead to each field.
(function () {
  "use strict";

  function focusSummary() {
    var summary = document.querySelector(".avs-error-summary");
    if (summary) {
      summary.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
