// Asks the plausibility question while the director types: the server computes the plausible range of each value
// (indicateurs/plausibility.py) into data-plausible-low / data-plausible-high; this only compares the typed number
// with it and shows or hides the question, never blocking the form.
(function () {
  "use strict";

  function parse(raw) {
    var cleaned = raw.replace(/[\s\u00a0\u202f]/g, "").replace(/[€%]+$/, "").replace(",", ".");
    if (!/^-?\d+(\.\d+)?$/.test(cleaned)) {
      return null;
    }
    return parseFloat(cleaned);
  }

  function update(input) {
    var question = document.querySelector('[data-question-for="' + input.id + '"]');
    if (!question) {
      return;
    }
    var number = parse(input.value);
    var low = parseFloat(input.dataset.plausibleLow);
    var high = parseFloat(input.dataset.plausibleHigh);
    question.hidden = number === null || (number >= low && number <= high);
  }

  function init() {
    var inputs = document.querySelectorAll("input[data-plausible-low]");
    inputs.forEach(function (input) {
      update(input);
      input.addEventListener("input", function () {
        update(input);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
