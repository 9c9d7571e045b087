import { type ProjectFigures, projectStages } from "@zonedesk/contracts";
import { Card, Col, Row } from "antd";
import { useMemo } from "react";
import { EChart } from "../../../components/echart";
import { useT } from "../../../i18n";
import { yuanToWanNumber } from "../../../lib/amount";

const pct = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** Green ahead of time progress, red behind, neutral blue level with it or without a plan. */
function gapBarColor(points: number | null): string {
  if (points === null || points === 0) return "#1668dc";
  return points > 0 ? "#52c41a" : "#f5222d";
}

/** 项目看板: completion against time progress, monthly planned vs completed (cumulative), and the stage funnel. */
export function FiguresCharts({ figures }: { figures: ProjectFigures }) {
  const t = useT();
  const progress = useMemo(
    () => ({
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        valueFormatter: (v: unknown) => (typeof v === "number" ? `${v}%` : "—"),
      },
      xAxis: {
        type: "value",
        max: (v: { max: number }) => Math.max(100, Math.ceil(v.max / 10) * 10),
        axisLabel: { formatter: "{value}%" },
      },
      yAxis: { type: "category", data: [t("figures.timeProgress"), t("figures.completionRateShort")] },
      series: [
        {
          type: "bar",
          barMaxWidth: 28,
          data: [
            { value: pct(figures.timeProgress), itemStyle: { color: "#bfbfbf" } },
            // no plan: no bar and "—", never a 0% bar; the colour says ahead/behind only when there is a gap
            { value: pct(figures.completionRate), itemStyle: { color: gapBarColor(figures.gapPoints) } },
          ],
          label: {
            show: true,
            position: "right",
            formatter: (p: { value: unknown }) => (typeof p.value === "number" ? `${p.value}%` : "—"),
          },
        },
      ],
    }),
    [figures, t],
  );
  const monthly = useMemo(() => {
    const months = figures.series.map((s) => `${s.month}${t("figures.monthSuffix")}`);
    return {
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: {
        trigger: "axis",
        valueFormatter: (v: unknown) => (v === null || v === undefined ? "—" : `${v} ${t("money.wanYuan")}`),
      },
      xAxis: { type: "category", data: months },
      yAxis: {
        type: "value",
        name: t("money.wanYuan"),
        nameTextStyle: { align: "left" },
        max: (v: { max: number }) => Math.max(v.max, yuanToWanNumber(figures.plannedInvestment) ?? 0),
      },
      series: [
        {
          name: t("figures.completedInMonth"),
          type: "bar",
          barMaxWidth: 18,
          data: figures.series.map((s) => yuanToWanNumber(s.completed)),
          itemStyle: { color: "#91caff" },
        },
        {
          name: t("figures.completedToDate"),
          type: "line",
          data: figures.series.map((s) => yuanToWanNumber(s.completedToDate)),
          itemStyle: { color: "#1668dc" },
        },
        {
          name: t("figures.plannedToDate"),
          type: "line",
          lineStyle: { type: "dashed" },
          data: figures.series.map((s) => yuanToWanNumber(s.plannedToDate)),
          itemStyle: { color: "#fa8c16" },
          markLine:
            figures.plannedInvestment !== "0.00"
              ? {
                  symbol: "none",
                  label: { formatter: t("figures.annualPlan"), position: "insideEndTop" },
                  data: [{ yAxis: yuanToWanNumber(figures.plannedInvestment) }],
                }
              : undefined,
        },
      ],
    };
  }, [figures, t]);
  const funnel = useMemo(() => {
    // a funnel of "reached at least this stage": the projects now at a later stage passed this one
    let running = 0;
    const reached = [...projectStages]
      .reverse()
      .map((stage) => {
        running += figures.stageCounts[stage] ?? 0;
        return { name: t(`projectStage.${stage}`), value: running };
      })
      .reverse();
    return {
      tooltip: { trigger: "item", formatter: "{b}：{c}" },
      series: [
        {
          type: "funnel",
          left: "5%",
          width: "60%",
          sort: "none",
          minSize: "10%",
          label: { show: true, position: "right", formatter: "{b} {c}" },
          labelLine: { show: true },
          data: reached,
        },
      ],
    };
  }, [figures, t]);
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={8}>
        <Card size="small" title={t("figures.progressChart")}>
          <EChart option={progress} height={160} label={t("figures.progressChart")} />
        </Card>
        <Card size="small" title={t("figures.funnel")} style={{ marginTop: 12 }}>
          <EChart option={funnel} height={220} label={t("figures.funnel")} />
        </Card>
      </Col>
      <Col xs={24} xl={16}>
        <Card size="small" title={t("figures.monthlyChart")}>
          <EChart option={monthly} height={404} label={t("figures.monthlyChart")} />
        </Card>
      </Col>
    </Row>
  );
}
