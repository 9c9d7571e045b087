import { type ProjectFigures, projectStages } from "@zonedesk/contracts";
import { Card, Col, Flex, Row, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import { LabeledStatistic } from "../../../components/labeled-statistic";
import { useT } from "../../../i18n";
import { formatAmount } from "../../../lib/amount";
import { formatPercent } from "../../../lib/money";

/** Green ahead of time progress, red behind; no colour when there is no plan to compare with. */
function gapColor(points: number | null): string | undefined {
  if (points === null || points === 0) return undefined;
  return points > 0 ? "#389e0d" : "#cf1322";
}

/** One figure with its name (a labelled group) and what it is made of under it. */
function Figure({
  title,
  value,
  hint,
  big,
}: {
  title: string;
  value: string | number;
  hint?: ReactNode;
  big?: boolean;
}) {
  return (
    <>
      <LabeledStatistic
        title={title}
        value={value}
        styles={big ? { content: { fontSize: 36, color: "#1668dc" } } : undefined}
      />
      {hint}
    </>
  );
}

interface ProjectFiguresPanelProps {
  figures: ProjectFigures;
  /** The list below is also filtered by search or stage, which the figures do not follow. */
  hasListOnlyFilters: boolean;
}

/**
 * The headline figures of the key projects in the filter: completion against time progress and the stage
 * rates, with the scope (统计口径) they are computed over written out.
 */
export function ProjectFiguresPanel({ figures, hasListOnlyFilters }: ProjectFiguresPanelProps) {
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
  const firedRules = figures.warnings.byRule.filter((r) => r.count > 0);
  return (
    <Flex vertical gap={12}>
      <Typography.Text type={hasListOnlyFilters ? "warning" : "secondary"} style={{ fontSize: 12 }}>
        {t("figures.scope", { year: figures.year, month: figures.month })}
        {hasListOnlyFilters && ` ${t("figures.scopeListOnly")}`}
      </Typography.Text>
      <Card size="small">
        <Row gutter={[16, 16]} align="middle">
          <Col xs={24} md={10}>
            <Figure
              big
              title={t("figures.completionRate", { year: figures.year, month: figures.month })}
              value={formatPercent(figures.completionRate)}
              hint={
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
              }
            />
          </Col>
          <Col xs={12} md={5}>
            <Figure title={t("figures.projectCount")} value={figures.projectCount} />
          </Col>
          <Col xs={12} md={5}>
            <Figure title={t("figures.planned")} value={formatAmount(figures.plannedInvestment, units)} />
          </Col>
          <Col xs={24} md={4}>
            <Figure title={t("figures.completed")} value={formatAmount(figures.completedInvestment, units)} />
          </Col>
        </Row>
      </Card>
      <Row gutter={[12, 12]}>
        {rateCards.map((card) => (
          <Col key={card.key} xs={12} md={6}>
            <Card size="small">
              <Figure
                title={card.title}
                value={formatPercent(card.rate)}
                hint={
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {card.hint}
                  </Typography.Text>
                }
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small">
        <Flex vertical gap={8}>
          <Flex wrap gap={8} align="center">
            <Typography.Text type="secondary">{t("figures.stageCounts")}：</Typography.Text>
            <ul
              aria-label={t("figures.stageCounts")}
              style={{ display: "flex", flexWrap: "wrap", gap: 8, margin: 0, padding: 0 }}
            >
              {projectStages.map((stage) => (
                <li key={stage} style={{ listStyle: "none" }}>
                  <Tag style={{ marginInlineEnd: 0 }}>
                    {t(`projectStage.${stage}`)} {figures.stageCounts[stage] ?? 0}
                  </Tag>
                </li>
              ))}
            </ul>
          </Flex>
          <Flex wrap gap={8} align="center">
            <Typography.Text type="secondary">{t("figures.warnings")}：</Typography.Text>
            <Tag color="red">
              {t("figures.red")} {figures.warnings.red}
            </Tag>
            <Tag color="gold">
              {t("figures.yellow")} {figures.warnings.yellow}
            </Tag>
          </Flex>
          {firedRules.length > 0 && (
            <ul aria-label={t("figures.warningRules")} style={{ margin: 0, paddingInlineStart: 16 }}>
              {firedRules.map((r) => (
                <li key={r.code}>
                  <Typography.Text type={r.color === "red" ? "danger" : "warning"} style={{ fontSize: 12 }}>
                    {t("figures.ruleCount", { rule: r.text, count: r.count })}
                  </Typography.Text>
                </li>
              ))}
            </ul>
          )}
        </Flex>
      </Card>
    </Flex>
  );
}
