// Draws the dashboards' charts. Each figure (data, layout, config) is built on the server by
// plotly and sits in the page as a JSON block next to its placeholder; no inline script runs
// (Content-Security-Policy). Loaded with `defer` after plotly.min.js.
(function () {
  "use strict";
  function draw() {
    if (typeof window.Plotly === "undefined") {
      return;
    }
    var charts = document.querySelectorAll("[data-figure]");
    Array.prototype.forEach.call(charts, function (placeholder) {
      var source = document.getElementById(placeholder.getAttribute("data-figure"));
      if (!source) {
        return;
      }
      var figure = JSON.parse(source.textContent);
      window.Plotly.newPlot(placeholder, figure.data, figure.layout, figure.config);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
