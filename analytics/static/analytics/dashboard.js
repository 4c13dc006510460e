// Dashboards: the print button of the printable report. Charts draw themselves (plotly).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
