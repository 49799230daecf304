// A text field that suggests values as one types (the ARIA 1.2 combobox with a list box):
// <input data-combobox="URL">, where URL answers ?q=<the field's text> with JSON
// {"options": [{"value": "723103", "label": "723103 Mechanik ..."}], "status": "1 found."}.
// The field holds a list separated by commas: the fragment after the last comma is searched,
// and choosing an option puts its value there. Arrow keys move through the options, Enter
// chooses, Escape closes; the number found is announced. Without this file the field is a plain
// text field.
(function () {
  "use strict";

  function setUp(input) {
    var url = input.getAttribute("data-combobox");
    var listId = input.id + "_options";
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var active = -1;
    var timer = null;
    var asked = 0;

    list.id = listId;
    list.className = "lll-combobox-list list-unstyled";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent.replace("*", "").trim() : "");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.insertAdjacentElement("afterend", status);
    input.insertAdjacentElement("afterend", list);
    input.parentElement.classList.add("lll-combobox");

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = options();
      if (!items.length) {
        return;
      }
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({block: "nearest"});
    }

    function choose(item) {
      var parts = input.value.split(/[,;]/);
      parts[parts.length - 1] = " " + item.getAttribute("data-value");
      input.value = parts.join(",").replace(/^\s+/, "") + ", ";
      status.textContent = item.textContent;
      close();
      input.focus();
    }

    function show(data) {
      list.textContent = "";
      data.options.forEach(function (option, i) {
        var item = document.createElement("li");
        item.id = listId + "_" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.setAttribute("data-value", option.value);
        item.textContent = option.label;
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep the focus in the field
        });
        item.addEventListener("click", function () {
          choose(item);
        });
        list.appendChild(item);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.hidden = data.options.length === 0;
      input.setAttribute("aria-expanded", data.options.length ? "true" : "false");
      status.textContent = data.status;
    }

    function search() {
      var fragment = input.value.split(/[,;]/).pop().trim();
      var number = ++asked;
      if (!fragment) {
        close();
        status.textContent = "";
        return;
      }
      fetch(url + "?q=" + encodeURIComponent(fragment), {headers: {Accept: "application/json"}})
        .then(function (response) { return response.ok ? response.json() : {options: [], status: ""}; })
        .then(function (data) {
          if (number === asked && document.activeElement === input) {
            show(data);
          }
        })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!open) {
          search();
          return;
        }
        highlight(event.key === "ArrowDown" ? active + 1 : active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();  // choosing must not send the form
        choose(options()[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-combobox]").forEach(setUp);
  });
})();
