import type { LeadFigures } from "@zonedesk/contracts";
import { useMemo } from "react";
import { EChart } from "../../../components/echart";
import { useT } from "../../../i18n";

/** The conversion funnel: how many leads reached each stage of the pipeline. */
export function ConversionChart({ figures }: { figures: LeadFigures }) {
  const t = useT();
  const option = useMemo(() => {
    const steps = figures.conversion;
    const data = steps.length
      ? [
          { name: t(`leadStage.${steps[0]?.fromStage ?? "lead"}`), value: steps[0]?.reached ?? 0 },
          ...steps.map((s) => ({ name: t(`leadStage.${s.toStage}`), value: s.converted })),
        ]
      : [];
    return {
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
    };
  }, [figures, t]);
  return <EChart option={option} height={280} label={t("lead.funnel")} />;
}
