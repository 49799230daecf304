// Small behaviours every page shares. Pages work without this file.
(function () {
  "use strict";

  // After a failed submit, take keyboard and screen-reader users to the first problem.
  function focusFirstError() {
    var invalid = document.querySelector("main [aria-invalid=true]");
    var summary = document.querySelector("main .form-errors");
    (invalid || summary || {focus: function () {}}).focus();
  }

  // A live search changes the address; forms and links that return "here" must follow it.
  function syncReturnAddress() {
    var here = window.location.pathname + window.location.search;
    document.querySelectorAll("input[name=next]").forEach(function (input) {
      if (input.form && input.form.matches("[data-return-here]")) {
        input.value = here;
      }
    });
    document.querySelectorAll("a[data-return-here]").forEach(function (link) {
      var url = new URL(link.href, window.location.origin);
      url.searchParams.set("next", here);
      link.href = url.pathname + url.search;
    });
  }

  // Forms that destroy or freeze something ask first (data-confirm holds the question), on the
  // form or on the one button of a form with several. It listens in the capture phase, so a
  // refusal also stops an htmx form before htmx sends it.
  function confirmSubmit(event) {
    var submitter = event.submitter;
    var question = (submitter && submitter.getAttribute("data-confirm")) ||
      (event.target.getAttribute && event.target.getAttribute("data-confirm"));
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }

  // After an action that returns to "#item-12", keyboard users continue from that item.
  function focusTarget() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.hasAttribute("tabindex") && !document.querySelector("main .form-errors")) {
      target.focus();
    }
  }

  // Long checkbox lists of people: a box narrows the list (the chosen stay in view) and the
  // number chosen follows the ticks. Without this file the whole list shows.
  function plain(text) {
    return text.toLocaleLowerCase("pl").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function setUpPickers() {
    document.querySelectorAll("[data-picker]").forEach(function (picker) {
      var filter = picker.querySelector("[data-picker-filter]");
      var count = picker.querySelector("[data-picker-count] span");
      var options = picker.querySelectorAll("[data-picker-option]");
      filter.hidden = false;
      filter.addEventListener("input", function () {
        var words = plain(filter.value.trim());
        options.forEach(function (option) {
          var box = option.querySelector("input");
          option.hidden = words !== "" && !box.checked && plain(option.textContent).indexOf(words) === -1;
        });
      });
      filter.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();  // narrowing the list must not send the form
        }
      });
      picker.addEventListener("change", function () {
        count.textContent = picker.querySelectorAll("input[type=checkbox]:checked").length;
      });
    });
  }

  // A "Print" button (data-print): the policy allows no inline onclick.
  function printOnClick(event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      window.print();
    }
  }

  document.addEventListener("DOMContentLoaded", setUpPickers);
  document.addEventListener("click", printOnClick);
  document.addEventListener("DOMContentLoaded", focusFirstError);
  document.addEventListener("DOMContentLoaded", focusTarget);
  document.addEventListener("submit", confirmSubmit, true);
  document.addEventListener("htmx:pushedIntoHistory", syncReturnAddress);
})();
