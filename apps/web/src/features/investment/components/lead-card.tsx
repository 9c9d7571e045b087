import { type Lead, type LeadStage, leadPipelineStages } from "@zonedesk/contracts";
import { Button, Card, Dropdown, Flex, Tag, Typography } from "antd";
import { Link } from "react-router-dom";
import { useT } from "../../../i18n";
import { formatWanYuan } from "../../../lib/money";

/** The next stage along the pipeline, or null at its end. */
export function nextLeadStage(stage: LeadStage): LeadStage | null {
  const index = (leadPipelineStages as readonly string[]).indexOf(stage);
  if (index < 0 || index >= leadPipelineStages.length - 1) return null;
  return leadPipelineStages[index + 1] ?? null;
}

/** Flags of a lead as small tags (世界500强, 央企, 上市公司, 10亿元以上, 省外). */
export function LeadFlagTags({ lead }: { lead: Lead }) {
  const t = useT();
  return (
    <>
      {lead.isFortune500 && <Tag color="gold">{t("leadFlag.fortune500")}</Tag>}
      {lead.isCentralSoe && <Tag color="red">{t("leadFlag.centralSoe")}</Tag>}
      {lead.isListed && <Tag color="blue">{t("leadFlag.listed")}</Tag>}
      {lead.isOverBillion && <Tag color="purple">{t("leadFlag.overBillion")}</Tag>}
      {lead.isOutOfProvince && <Tag color="cyan">{t("lead.outOfProvince")}</Tag>}
    </>
  );
}

interface LeadCardProps {
  lead: Lead;
  canWrite: boolean;
  onMove: (lead: Lead, toStage: LeadStage) => void;
  onSign: (lead: Lead) => void;
}

/** One lead on the board: drag it to another column, or use the buttons. */
export function LeadCard({ lead, canWrite, onMove, onSign }: LeadCardProps) {
  const t = useT();
  const next = nextLeadStage(lead.stage);
  const isOpen = lead.stage !== "signed" && lead.stage !== "terminated";
  return (
    <Card
      size="small"
      draggable={canWrite && isOpen}
      onDragStart={(e) => {
        e.dataTransfer.setData("text/lead-id", lead.id);
        e.dataTransfer.effectAllowed = "move";
      }}
      style={{ cursor: canWrite && isOpen ? "grab" : undefined }}
      data-lead-id={lead.id}
    >
      <Flex vertical gap={4}>
        <Link to={`/leads/${lead.id}`} style={{ fontWeight: 600 }} className="zd-break">
          {lead.projectName}
        </Link>
        <Typography.Text type="secondary" className="zd-break">
          {lead.investorName}
          {lead.originRegion ? ` · ${lead.originRegion}` : ""}
        </Typography.Text>
        <Typography.Text>{formatWanYuan(lead.intendedInvestment, t("money.wanYuan"))}</Typography.Text>
        <Flex wrap gap={2}>
          <LeadFlagTags lead={lead} />
        </Flex>
        {lead.ownerName && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("lead.owner")}：{lead.ownerName}
          </Typography.Text>
        )}
        {lead.stage === "signed" && lead.projectId && (
          <Link to={`/projects/${lead.projectId}`}>{t("lead.openProject")}</Link>
        )}
        {canWrite && isOpen && (
          <Flex gap={4} wrap>
            {next === "signed" ? (
              <Button size="small" type="primary" onClick={() => onSign(lead)}>
                {t("lead.sign")}
              </Button>
            ) : (
              next && (
                <Button size="small" type="primary" onClick={() => onMove(lead, next)}>
                  {t("lead.advanceTo", { stage: t(`leadStage.${next}`) })}
                </Button>
              )
            )}
            <Dropdown
              trigger={["click"]}
              menu={{
                items: [
                  ...(next !== "signed" ? [{ key: "sign", label: t("lead.sign") }] : []),
                  { key: "terminate", label: t("lead.terminate"), danger: true },
                ],
                onClick: ({ key }) => (key === "sign" ? onSign(lead) : onMove(lead, "terminated")),
              }}
            >
              <Button size="small">{t("common.more")}</Button>
            </Dropdown>
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
