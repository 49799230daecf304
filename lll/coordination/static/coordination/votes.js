// The vote form: "All present: for" ticks "for" for every member the attendance list has present.
(function () {
  "use strict";
  document.querySelectorAll("[data-all-for]").forEach(function (button) {
    button.addEventListener("click", function () {
      document.querySelectorAll('input[data-present][value="for"]').forEach(function (radio) {
        radio.checked = true;
      });
    });
  });
})();
