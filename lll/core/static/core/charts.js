// Render every Vega-Lite spec on the page: <div data-vega-spec="ID"> reads <script id="ID">.
(function () {
  "use strict";
  document.querySelectorAll("[data-vega-spec]").forEach(function (element) {
    var source = document.getElementById(element.dataset.vegaSpec);
    if (!source || typeof vegaEmbed === "undefined") {
      return;
    }
    vegaEmbed(element, JSON.parse(source.textContent), {
      actions: false,
      renderer: "svg",
    }).catch(function (error) {
      element.textContent = element.dataset.errorText || String(error);
    });
  });
})();
