import { type ProjectFigures, projectStages } from "@zonedesk/contracts";
import { Card, Col, Flex, Row, Statistic, Tag, Tooltip, Typography } from "antd";
import { useT } from "../../../i18n";
import { formatPercent } from "../../../lib/money";
import { formatAmount } from "./amount";

function gapColor(points: number | null): string | undefined {
  if (points === null) return undefined;
  return points >= 0 ? "#389e0d" : "#cf1322";
}

/** The headline figures of the key projects in the filter: completion against time progress and the stage rates. */
export function ProjectFiguresPanel({ figures }: { figures: ProjectFigures }) {
  const t = useT();
  const units = { wan: t("money.wanYuan"), yi: t("figures.yiYuan") };
  const rateCards = [
    {
      key: "landing",
      title: t("figures.landingRate"),
      rate: figures.landing.rate,
      hint: t("figures.ofCount", { part: figures.landing.landed, whole: figures.landing.signed }),
    },
    {
      key: "starting",
      title: t("figures.startingRate"),
      rate: figures.starting.rate,
      hint: t("figures.ofCount", { part: figures.starting.started, whole: figures.starting.landed }),
    },
    {
      key: "startedInvestment",
      title: t("figures.startedInvestmentRate"),
      rate: figures.startedInvestment.rate,
      hint: `${formatAmount(figures.startedInvestment.completed, units)} / ${formatAmount(figures.startedInvestment.planned, units)}`,
    },
    {
      key: "output",
      title: t("figures.outputRate"),
      rate: figures.output.rate,
      hint: t("figures.ofCount", { part: figures.output.reached, whole: figures.output.inProduction }),
    },
  ];
  return (
    <Flex vertical gap={12}>
      <Card size="small">
        <Row gutter={[16, 16]} align="middle">
          <Col xs={24} md={10}>
            <Statistic
              title={t("figures.completionRate", { year: figures.year, month: figures.month })}
              value={formatPercent(figures.completionRate)}
              styles={{ content: { fontSize: 36, color: "#1668dc" } }}
            />
            <div data-testid="completion-rate" hidden>
              {formatPercent(figures.completionRate)}
            </div>
            <Flex wrap gap={8} align="center">
              <Typography.Text type="secondary">
                {t("figures.timeProgress")} {formatPercent(figures.timeProgress)}
              </Typography.Text>
              {figures.gapText ? (
                <Typography.Text strong style={{ color: gapColor(figures.gapPoints) }}>
                  {figures.gapText}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              )}
            </Flex>
          </Col>
          <Col xs={12} md={5}>
            <Statistic title={t("figures.projectCount")} value={figures.projectCount} />
          </Col>
          <Col xs={12} md={5}>
            <Statistic title={t("figures.planned")} value={formatAmount(figures.plannedInvestment, units)} />
          </Col>
          <Col xs={24} md={4}>
            <Statistic title={t("figures.completed")} value={formatAmount(figures.completedInvestment, units)} />
          </Col>
        </Row>
      </Card>
      <Row gutter={[12, 12]}>
        {rateCards.map((card) => (
          <Col key={card.key} xs={12} md={6}>
            <Card size="small">
              <Statistic title={card.title} value={formatPercent(card.rate)} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {card.hint}
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small">
        <Flex wrap gap={8} align="center">
          <Typography.Text type="secondary">{t("figures.stageCounts")}：</Typography.Text>
          {projectStages.map((stage) => (
            <Tag key={stage}>
              {t(`projectStage.${stage}`)} {figures.stageCounts[stage] ?? 0}
            </Tag>
          ))}
          <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
            {t("figures.warnings")}：
          </Typography.Text>
          <Tooltip
            title={figures.warnings.byRule
              .filter((r) => r.color === "red")
              .map((r) => `${r.text}：${r.count}`)
              .join("；")}
          >
            <Tag color="red">
              {t("figures.red")} {figures.warnings.red}
            </Tag>
          </Tooltip>
          <Tooltip
            title={figures.warnings.byRule
              .filter((r) => r.color === "yellow")
              .map((r) => `${r.text}：${r.count}`)
              .join("；")}
          >
            <Tag color="gold">
              {t("figures.yellow")} {figures.warnings.yellow}
            </Tag>
          </Tooltip>
        </Flex>
      </Card>
    </Flex>
  );
}
