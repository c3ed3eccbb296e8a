// Dashboard charts (Apache ECharts, vendored). Data comes from the page's json_script block.
(function () {
  "use strict";
  function start() {
    var node = document.getElementById("dashboard-data");
    if (!node || !window.echarts) return;
    var d = JSON.parse(node.textContent);
    var charts = [];
    var narrow = window.matchMedia("(max-width: 600px)").matches;
    var palette = ["#a8071a", "#d46b08", "#1d4ed8", "#389e0d", "#722ed1", "#08979c", "#595959"];
    function draw(id, option) {
      var el = document.getElementById(id);
      if (!el) return;
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      option.color = palette;
      option.animation = false;
      option.textStyle = { fontFamily: "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif" };
      chart.setOption(option);
      charts.push(chart);
    }
    // Long unit names: rotated and cut to a width; the tooltip (trigger "axis") shows the full name.
    var axisLabel = { interval: 0, rotate: narrow ? 60 : 30, fontSize: 11, width: narrow ? 70 : 110, overflow: "truncate", ellipsis: "…" };
    draw("chart-ranking", {
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 10, bottom: 90, top: 20 },
      xAxis: { type: "category", data: d.ranking.units, axisLabel: axisLabel },
      yAxis: { type: "value", name: "积分" },
      series: [{ type: "bar", data: d.ranking.points, label: { show: !narrow, position: "top" } }]
    });
    draw("chart-category", {
      tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
      legend: { bottom: 0, type: "scroll" },
      series: [{ type: "pie", radius: ["35%", "65%"], data: d.by_category, label: { formatter: "{b}\n{c}" } }]
    });
    draw("chart-level", {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 10, bottom: 90, top: 40 },
      xAxis: { type: "category", data: d.by_level.units, axisLabel: axisLabel },
      yAxis: { type: "value", name: "篇" },
      series: d.by_level.series.map(function (s) { return { name: s.name, type: "bar", stack: "level", data: s.data }; })
    });
    draw("chart-compare", {
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: ["本期", "去年同期"] },
      grid: { left: 40, right: 10, bottom: 90, top: 40 },
      xAxis: { type: "category", data: d.compared.map(function (r) { return r.name; }), axisLabel: axisLabel },
      yAxis: { type: "value" },
      series: [
        { name: "本期", type: "bar", data: d.compared.map(function (r) { return r.current; }) },
        { name: "去年同期", type: "bar", data: d.compared.map(function (r) { return r.last_year; }) }
      ]
    });
    draw("chart-quota", {
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
      legend: { top: 0, data: ["完成率", "应达进度"] },
      grid: { left: 10, right: 40, bottom: 20, top: 40, containLabel: true },
      xAxis: { type: "value", max: function (v) { return Math.max(100, v.max); }, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", data: d.quota_chart.names, inverse: true, axisLabel: { interval: 0, width: narrow ? 110 : 220, overflow: "truncate" } },
      series: [
        { name: "完成率", type: "bar", data: d.quota_chart.percent, label: { show: true, position: "right", formatter: "{c}%" } },
        { name: "应达进度", type: "scatter", symbol: "rect", symbolSize: [4, 18], data: d.quota_chart.expected }
      ]
    });
    draw("chart-completeness", {
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
      grid: { left: 40, right: 10, bottom: 90, top: 20 },
      xAxis: { type: "category", data: d.completeness.map(function (r) { return r.unit; }), axisLabel: axisLabel },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: [{ type: "bar", data: d.completeness.map(function (r) { return r.percent; }), label: { show: !narrow, position: "top", formatter: "{c}%" } }]
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
    document.body.dataset.chartsReady = String(charts.length);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
