/* Draws every <canvas data-chart="ID"> from the JSON in <script id="ID" type="application/json">
   ({labels: [...], series: [{label, data, colour}], type?}). Data never goes through inline script (CSP). */
(function () {
  "use strict";

  function draw(canvas) {
    if (!window.Chart || canvas.dataset.drawn) { return; }
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      type: spec.type || "bar",
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (series) {
          return { label: series.label, data: series.data, backgroundColor: series.colour, borderColor: series.colour, borderRadius: 3 };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: spec.series.length > 1, position: "bottom" } },
        scales: { y: { beginAtZero: (spec.type || "bar") !== "line", ticks: { precision: 0 } } }
      }
    });
  }

  function drawAll(root) { (root || document).querySelectorAll("canvas[data-chart]").forEach(draw); }
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { drawAll(event.target); });
})();
