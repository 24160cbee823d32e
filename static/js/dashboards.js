/* Draws every dashboard chart (canvas[data-chart]) with Chart.js from the numbers the
   server put in a json_script block; the same numbers are in the table next to it. */
(function () {
  "use strict";
  var palette = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#ffc107", "#0dcaf0", "#d63384"];

  function colorsFor(kind, index, count) {
    if (kind === "doughnut") {
      return Array.from({ length: count }, function (_, i) { return palette[i % palette.length]; });
    }
    return palette[index % palette.length];
  }

  function draw(canvas) {
    if (typeof Chart === "undefined") { return; }
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var opts = spec.options || {};
    var unit = opts.unit ? " " + opts.unit : "";
    var datasets = spec.series.map(function (s, i) {
      var color = colorsFor(spec.kind, i, spec.labels.length);
      return {
        label: s.label, data: s.values, backgroundColor: color, borderColor: color,
        tension: 0.25, spanGaps: true, fill: false
      };
    });
    // `line_series`: indexes of series drawn as a line on a right-hand 0-100 % axis
    // over the bars (e.g. the cumulative share of a Pareto chart).
    var lines = opts.line_series || [];
    lines.forEach(function (i) {
      Object.assign(datasets[i], { type: "line", yAxisID: "share", order: -1, pointRadius: 3 });
    });
    var options = {
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: {
        legend: { display: spec.kind === "doughnut" || datasets.length > 1, position: "bottom" },
        tooltip: { callbacks: { label: function (ctx) {
          var v = ctx.raw === null ? "—" : ctx.raw.toLocaleString(document.documentElement.lang);
          return (ctx.dataset.label ? ctx.dataset.label + ": " : "") + v + unit;
        } } }
      }
    };
    // A click on a bar or slice opens the queue listing the PQRs it counts.
    if (opts.links || opts.series_links) {
      options.onClick = function (_evt, elements) {
        var el = elements[0];
        var link = !el ? null : opts.series_links
          ? opts.series_links[el.datasetIndex][el.index] : opts.links[el.index];
        if (link) { window.location.href = link; }
      };
      options.onHover = function (evt, elements) {
        evt.native.target.classList.toggle("cursor-pointer", elements.length > 0);
      };
    }
    if (spec.kind !== "doughnut") {
      var valueAxis = { beginAtZero: true, stacked: !!opts.stacked };
      if (opts.percent) { valueAxis.max = 100; }
      // Counts of PQRs step by whole numbers (no "2,5 PQR" tick on a short axis).
      if (!opts.percent && !opts.measure) { valueAxis.ticks = { precision: 0 }; }
      var categoryAxis = { stacked: !!opts.stacked };
      options.indexAxis = opts.horizontal ? "y" : "x";
      options.scales = opts.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis };
      if (lines.length) {
        options.scales.share = { position: "right", beginAtZero: true, max: 100, grid: { drawOnChartArea: false } };
      }
    }
    new Chart(canvas, { type: spec.kind, data: { labels: spec.labels, datasets: datasets }, options: options });
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  // Printed pages show the data tables next to the charts.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.dashboard-chart-table").forEach(function (d) { d.open = true; });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
