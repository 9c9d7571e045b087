import type { CoverageRow } from "@zonedesk/contracts";
import { BarChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** Coverage rate per org unit as horizontal bars (0–100%). */
export function CoverageChart({ rows, rateLabel }: { rows: CoverageRow[]; rateLabel: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const height = Math.max(160, rows.length * 36 + 40);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const chart = echarts.init(element);
    const ordered = [...rows].reverse(); // echarts draws the first category at the bottom
    chart.setOption({
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        valueFormatter: (v: unknown) => (typeof v === "number" ? `${v.toFixed(1)}%` : "—"),
      },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: {
        type: "category",
        data: ordered.map((r) => r.label),
        axisLabel: { width: 120, overflow: "truncate" },
      },
      series: [
        {
          name: rateLabel,
          type: "bar",
          barMaxWidth: 22,
          data: ordered.map((r) => (r.coverageRate === null ? null : Math.round(r.coverageRate * 1000) / 10)),
          itemStyle: { color: "#1668dc", borderRadius: [0, 4, 4, 0] },
          label: { show: true, position: "right", formatter: "{c}%" },
        },
      ],
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [rows, rateLabel]);

  return <div ref={ref} role="img" aria-label={rateLabel} style={{ width: "100%", height }} />;
}
