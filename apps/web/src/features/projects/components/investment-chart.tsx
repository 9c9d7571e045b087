import type { ProjectInvestment } from "@zonedesk/contracts";
import { useMemo } from "react";
import { EChart } from "../../../components/echart";
import { useT } from "../../../i18n";
import { yuanToWanNumber } from "../../../lib/amount";

/** One project's year: 当月 bars, 累计 line, the cumulative monthly plan and the annual plan as a line. */
export function InvestmentChart({ investment }: { investment: ProjectInvestment }) {
  const t = useT();
  const option = useMemo(() => {
    const planned = investment.plan ? yuanToWanNumber(investment.plan.plannedInvestment) : null;
    return {
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: {
        trigger: "axis",
        valueFormatter: (v: unknown) => (v === null || v === undefined ? "—" : `${v} ${t("money.wanYuan")}`),
      },
      xAxis: { type: "category", data: investment.months.map((m) => `${m.month}${t("figures.monthSuffix")}`) },
      yAxis: {
        type: "value",
        name: t("money.wanYuan"),
        nameTextStyle: { align: "left" },
        max: (v: { max: number }) => Math.max(v.max, planned ?? 0),
      },
      series: [
        {
          name: t("figures.completedInMonth"),
          type: "bar",
          barMaxWidth: 18,
          data: investment.months.map((m) => yuanToWanNumber(m.completedInMonth)),
          itemStyle: { color: "#91caff" },
        },
        {
          name: t("figures.completedToDate"),
          type: "line",
          connectNulls: false,
          data: investment.months.map((m) => yuanToWanNumber(m.completedToDate)),
          itemStyle: { color: "#1668dc" },
        },
        {
          name: t("figures.plannedToDate"),
          type: "line",
          lineStyle: { type: "dashed" },
          data: investment.months.map((m) => yuanToWanNumber(m.plannedToDate)),
          itemStyle: { color: "#fa8c16" },
          markLine:
            planned !== null
              ? {
                  symbol: "none",
                  label: { formatter: t("figures.annualPlan"), position: "insideEndTop" },
                  data: [{ yAxis: planned }],
                }
              : undefined,
        },
      ],
    };
  }, [investment, t]);
  return <EChart option={option} height={300} label={t("project.investmentChart")} />;
}
