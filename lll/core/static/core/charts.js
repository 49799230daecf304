// Render every Vega-Lite spec on the page: <div data-vega-spec="ID"> reads <script id="ID">.
// Numbers and dates follow the page's language ("7 234,5" and "marzec" in Polish). A chart whose
// element has data-download-name gets buttons that save its image as PNG or SVG.
// The Content-Security-Policy allows neither eval nor inline styles (issue 19): expressions run
// in vega-interpreter (bundled in vega-embed) instead of being compiled with Function, and the
// stylesheets vega-embed and vega-tooltip would inject come as files (core/_chart_scripts.html).
(function () {
  "use strict";
  var polish = {
    format: {
      decimal: ",",
      thousands: "\u00a0",
      grouping: [3],
      currency: ["", "\u00a0zł"],
      minus: "\u2212",
    },
    time: {
      dateTime: "%A, %e %B %Y, %X",
      date: "%d.%m.%Y",
      time: "%H:%M:%S",
      periods: ["", ""],
      days: ["niedziela", "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota"],
      shortDays: ["nd", "pn", "wt", "śr", "cz", "pt", "sb"],
      months: [
        "styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec",
        "lipiec", "sierpień", "wrzesień", "październik", "listopad", "grudzień",
      ],
      shortMonths: [
        "sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru",
      ],
    },
  };
  var english = {
    format: { decimal: ".", thousands: ",", grouping: [3], currency: ["£", ""] },
    time: {
      dateTime: "%a %e %b %X %Y",
      date: "%d/%m/%Y",
      time: "%H:%M:%S",
      periods: ["AM", "PM"],
      days: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
      shortDays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
      months: [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
      ],
      shortMonths: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
      ],
    },
  };
  var locale = (document.documentElement.lang || "pl").slice(0, 2) === "en" ? english : polish;

  function downloadButtons(element, view) {
    var name = element.dataset.downloadName;
    if (!name) {
      return;
    }
    var bar = document.createElement("div");
    bar.className = "lll-chart-downloads d-print-none small mt-1";
    [["png", element.dataset.pngText || "PNG"], ["svg", element.dataset.svgText || "SVG"]].forEach(
      function (kind) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-link btn-sm p-0 me-3";
        button.textContent = kind[1];
        button.addEventListener("click", function () {
          view.toImageURL(kind[0], kind[0] === "png" ? 2 : 1).then(function (url) {
            var link = document.createElement("a");
            link.href = url;
            link.download = name + "." + kind[0];
            document.body.appendChild(link);
            link.click();
            link.remove();
          });
        });
        bar.appendChild(button);
      }
    );
    element.insertAdjacentElement("afterend", bar);
  }

  document.querySelectorAll("[data-vega-spec]").forEach(function (element) {
    var source = document.getElementById(element.dataset.vegaSpec);
    if (!source || typeof vegaEmbed === "undefined") {
      return;
    }
    vegaEmbed(element, JSON.parse(source.textContent), {
      ast: true,
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
      actions: false,
      renderer: "svg",
      formatLocale: locale.format,
      timeFormatLocale: locale.time,
    })
      .then(function (result) {
        element.dataset.rendered = "true";
        downloadButtons(element, result.view);
      })
      .catch(function (error) {
        element.textContent = element.dataset.errorText || String(error);
      });
  });
})();
