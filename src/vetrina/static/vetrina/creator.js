// The creator's metrics page: draws its charts with plotly.js from the data the page hands over
// (json_script "creator-charts"). Colours come from the page's CSS custom properties; every chart
// resizes with its box, and is drawn again when the colour scheme changes.
(function () {
  "use strict";
  const source = document.getElementById("creator-charts");
  if (!source || !window.Plotly) return;
  const data = JSON.parse(source.textContent);

  function theme() {
    const css = getComputedStyle(document.documentElement);
    const v = (name) => css.getPropertyValue(name).trim();
    return {
      text: v("--text"),
      muted: v("--muted"),
      border: v("--border"),
      surface: v("--surface"),
      accent: v("--accent"),
      font: v("--font"),
      palette: [1, 2, 3, 4, 5, 6].map((i) => v("--chart-" + i)),
    };
  }

  function layout(t, extra) {
    const axis = { gridcolor: t.border, linecolor: t.border, zerolinecolor: t.border, automargin: true };
    return Object.assign(
      {
        paper_bgcolor: "rgba(0,0,0,0)",
        plot_bgcolor: "rgba(0,0,0,0)",
        font: { family: t.font, color: t.text, size: 12 },
        separators: locale ? locale.decimal + locale.thousands : ".,",
        margin: { l: 8, r: 8, t: 8, b: 8 },
        showlegend: false,
        hoverlabel: { bgcolor: t.surface, bordercolor: t.border, font: { color: t.text } },
        xaxis: Object.assign({}, axis),
        yaxis: Object.assign({}, axis),
      },
      extra || {},
    );
  }

  const config = { responsive: true, displayModeBar: false };
  // Month and day names, and the number separators, of the viewer's language (lib.formatting.chart_locale).
  const locale = data.locale;
  if (locale) {
    Plotly.register({
      moduleType: "locale",
      name: locale.name,
      dictionary: {},
      format: {
        days: locale.days, shortDays: locale.shortDays, months: locale.months,
        shortMonths: locale.shortMonths, decimal: locale.decimal, thousands: locale.thousands,
      },
    });
    config.locale = locale.name;
  }

  function draw(key, traces, chartLayout) {
    const box = document.querySelector('[data-chart="' + key + '"]');
    if (!box) return;
    Plotly.react(box, traces, chartLayout, config).then(function () {
      box.dataset.drawn = "true";
    });
  }

  function drawAudience(t) {
    Object.keys(data.audience).forEach(function (key) {
      const chart = data.audience[key];
      if (!chart.labels.length) return;
      if (chart.kind === "donut") {
        draw("audience-" + key, [{
          type: "pie", hole: 0.55, sort: false, direction: "clockwise",
          labels: chart.labels, values: chart.values, text: chart.texts,
          textinfo: "none", hovertemplate: "%{label}: %{text}<extra></extra>",
          marker: { colors: t.palette, line: { color: t.surface, width: 2 } },
        }], layout(t, { showlegend: true, legend: { orientation: "h", y: -0.05 } }));
      } else if (chart.kind === "bars") {
        draw("audience-" + key, [{
          type: "bar", x: chart.labels, y: chart.values, text: chart.texts, textposition: "none",
          hovertemplate: "%{x}: %{text}<extra></extra>", marker: { color: t.palette[0] },
        }], layout(t, { yaxis: { tickformat: ".0%", gridcolor: t.border, automargin: true } }));
      } else {
        draw("audience-" + key, [{
          type: "bar", orientation: "h", y: chart.labels, x: chart.values, text: chart.texts,
          textposition: "none", hovertemplate: "%{y}: %{text}<extra></extra>", marker: { color: t.palette[1] },
        }], layout(t, {
          yaxis: { autorange: "reversed", automargin: true },
          xaxis: { tickformat: ".0%", gridcolor: t.border, automargin: true },
        }));
      }
    });
  }

  function drawTrends(t) {
    const followers = data.followers;
    if (followers.x.length) {
      draw("followers", [{
        type: "scatter", mode: "lines+markers", x: followers.x, y: followers.y, text: followers.texts,
        hovertemplate: "%{text}<extra></extra>", line: { color: t.accent, width: 2 }, marker: { size: 4 },
      }], layout(t, { xaxis: { type: "date", gridcolor: t.border, automargin: true } }));
    }
    const videos = data.videos;
    if (videos.x.length) {
      // One candle per video: a narrow box from 0 to the video's views, at the moment it was posted.
      draw("videos", [{
        type: "bar", x: videos.x, y: videos.y, text: videos.texts, textposition: "none",
        width: 10 * 60 * 60 * 1000, hovertemplate: "%{text}<extra></extra>",
        marker: { color: t.palette[1], line: { color: t.palette[1], width: 1 } },
      }], layout(t, { xaxis: { type: "date", gridcolor: t.border, automargin: true }, bargap: 0.1 }));
    }
    const engagement = data.engagement;
    if (engagement.x.length) {
      const shapes = [];
      const annotations = [];
      if (engagement.headline !== null) {
        shapes.push({
          type: "line", xref: "paper", x0: 0, x1: 1, y0: engagement.headline, y1: engagement.headline,
          line: { color: t.muted, width: 1, dash: "dash" },
        });
        annotations.push({
          xref: "paper", x: 1, xanchor: "right", y: engagement.headline, yanchor: "bottom",
          text: engagement.headline_text, showarrow: false, font: { color: t.muted, size: 11 },
        });
      }
      draw("engagement", [{
        type: "scatter", mode: "lines+markers", x: engagement.x, y: engagement.y, text: engagement.texts,
        hovertemplate: "%{text}<extra></extra>", connectgaps: false,
        line: { color: t.palette[2], width: 2 }, marker: { size: 6 },
      }], layout(t, {
        shapes: shapes, annotations: annotations,
        xaxis: { type: "date", gridcolor: t.border, automargin: true },
        yaxis: { tickformat: ".1%", gridcolor: t.border, automargin: true, rangemode: "tozero" },
      }));
    }
  }

  function drawAll() {
    const t = theme();
    drawAudience(t);
    drawTrends(t);
  }

  drawAll();
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", drawAll);
})();
