import { BarChart, FunnelChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

echarts.use([
  BarChart,
  LineChart,
  FunnelChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

/** One ECharts chart that follows its container's width; the option is replaced when it changes. */
export function EChart({
  option,
  height,
  label,
}: {
  option: echarts.EChartsCoreOption;
  height: number;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const chart = echarts.init(element);
    chart.setOption(option);
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} role="img" aria-label={label} style={{ width: "100%", height }} />;
}

/** Yuan string → 万元 number for a chart axis (display only; the figures themselves stay exact strings). */
export function yuanToWanNumber(yuan: string | null | undefined): number | null {
  if (yuan === null || yuan === undefined || yuan === "") return null;
  const n = Number(yuan);
  return Number.isFinite(n) ? Math.round(n / 100) / 100 : null;
}
