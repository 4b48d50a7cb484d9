// Adds an empty row to an inline formset without a round trip to the server
// (templates/fiches/includes/formset.html): each formset with a <template data-formset-empty> (its empty_form,
// whose names carry __prefix__) gets its « Ajouter … » button shown; a click appends a copy of the template
// numbered after the last row and raises the management form's TOTAL_FORMS. Without JavaScript, the form's
// « Ajouter des lignes » submit button asks the server for more rows instead.
(function () {
  "use strict";

  function addRow(fieldset) {
    var prefix = fieldset.getAttribute("data-formset");
    var total = fieldset.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = fieldset.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    var template = fieldset.querySelector("template[data-formset-empty]");
    var rows = fieldset.querySelector("[data-formset-rows]");
    var index = parseInt(total.value, 10) || 0;
    if (max && max.value && index >= parseInt(max.value, 10)) {
      return null;
    }
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = String(index + 1);
    return row;
  }

  function setUp() {
    var fieldsets = document.querySelectorAll("fieldset[data-formset]");
    if (!fieldsets.length) {
      return;
    }
    Array.prototype.forEach.call(fieldsets, function (fieldset) {
      var button = fieldset.querySelector("[data-formset-add]");
      if (!button || !fieldset.querySelector("template[data-formset-empty]")) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        var row = addRow(fieldset);
        if (!row) {
          button.disabled = true;
          return;
        }
        var first = row.querySelector("input:not([type=hidden]), textarea, select");
        if (first) {
          first.focus();
        }
      });
    });
    // The buttons above do what the server-side « Ajouter des lignes » does: one way is enough.
    Array.prototype.forEach.call(document.querySelectorAll("[data-formset-more]"), function (more) {
      more.hidden = true;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
