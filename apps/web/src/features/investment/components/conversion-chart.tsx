import type { LeadFigures } from "@zonedesk/contracts";
import { FunnelChart } from "echarts/charts";
import { LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import { useT } from "../../../i18n";

echarts.use([FunnelChart, TooltipComponent, LegendComponent, CanvasRenderer]);

/** The conversion funnel: how many leads reached each stage of the pipeline. */
export function ConversionChart({ figures }: { figures: LeadFigures }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const chart = echarts.init(element);
    const steps = figures.conversion;
    const data = steps.length
      ? [
          { name: t(`leadStage.${steps[0]?.fromStage ?? "lead"}`), value: steps[0]?.reached ?? 0 },
          ...steps.map((s) => ({ name: t(`leadStage.${s.toStage}`), value: s.converted })),
        ]
      : [];
    chart.setOption({
      tooltip: { trigger: "item", formatter: "{b}：{c}" },
      series: [
        {
          type: "funnel",
          left: "5%",
          width: "60%",
          sort: "none",
          minSize: "8%",
          label: { show: true, position: "right", formatter: "{b} {c}" },
          labelLine: { show: true },
          data,
        },
      ],
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [figures, t]);
  return <div ref={ref} role="img" aria-label={t("lead.funnel")} style={{ width: "100%", height: 280 }} />;
}
