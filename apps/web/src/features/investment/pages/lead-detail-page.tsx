import { ArrowLeftOutlined, EditOutlined } from "@ant-design/icons";
import type { Lead, LeadStage } from "@zonedesk/contracts";
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Result,
  Row,
  Space,
  Steps,
  Tag,
  Timeline,
  Typography,
} from "antd";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { LinkButton } from "../../../components/link-button";
import { PageSpin } from "../../../components/page-spin";
import { useT } from "../../../i18n";
import { isApiError } from "../../../lib/api";
import { useCan } from "../../../lib/current-user";
import { formatDate, formatDateTime } from "../../../lib/dates";
import { formatWanYuan } from "../../../lib/money";
import { useIsMobile } from "../../../lib/use-is-mobile";
import { useLead } from "../api/leads-api";
import { LeadActivitiesCard } from "../components/lead-activities-card";
import { LeadFlagTags, nextLeadStage } from "../components/lead-card";
import { MoveStageModal } from "../components/move-stage-modal";
import { SignLeadModal } from "../components/sign-lead-modal";

const pipeline: LeadStage[] = ["lead", "contact", "site_visit", "negotiation", "signed"];

/** One lead: facts, where it stands in the pipeline, its activity log and stage history; advance, terminate, sign. */
export function LeadDetailPage() {
  const { id = "" } = useParams();
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const lead = useLead(id);
  // the lead as it was when a dialog opened: a refetch behind the dialog must not reset what the user typed
  const [moving, setMoving] = useState<{ lead: Lead; toStage: LeadStage } | null>(null);
  const [signing, setSigning] = useState<Lead | null>(null);

  if (lead.isPending) return <PageSpin />;
  if (lead.isError) {
    const notFound = isApiError(lead.error) && (lead.error.status === 404 || lead.error.status === 403);
    return (
      <Result
        status={notFound ? "404" : "error"}
        title={notFound ? t("common.notFound") : t("common.loadFailed")}
        subTitle={lead.error.message}
        extra={<Button onClick={() => navigate(-1)}>{t("common.back")}</Button>}
      />
    );
  }
  const l = lead.data;
  const canWrite = can("lead.write");
  const isOpen = l.stage !== "signed" && l.stage !== "terminated";
  const next = nextLeadStage(l.stage);
  const current = pipeline.indexOf(l.stage);

  return (
    <Flex vertical gap={isMobile ? 12 : 16}>
      <div>
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ paddingInline: 0 }}>
          {t("common.back")}
        </Button>
      </div>
      <Flex justify="space-between" align="flex-start" wrap gap={12}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={4} style={{ margin: 0 }} className="zd-break">
            {l.projectName}
          </Typography.Title>
          <Space wrap size={4} style={{ marginTop: 4 }}>
            <Tag color={l.stage === "terminated" ? "default" : l.stage === "signed" ? "green" : "blue"}>
              {t(`leadStage.${l.stage}`)}
            </Tag>
            <LeadFlagTags lead={l} />
          </Space>
        </div>
        {canWrite && (
          <Space wrap>
            {isOpen && next === "signed" && (
              <Button type="primary" onClick={() => setSigning(l)}>
                {t("lead.sign")}
              </Button>
            )}
            {isOpen && next && next !== "signed" && (
              <Button type="primary" onClick={() => setMoving({ lead: l, toStage: next })}>
                {t("lead.advanceTo", { stage: t(`leadStage.${next}`) })}
              </Button>
            )}
            {isOpen && next !== "signed" && <Button onClick={() => setSigning(l)}>{t("lead.sign")}</Button>}
            {isOpen && (
              <Button danger onClick={() => setMoving({ lead: l, toStage: "terminated" })}>
                {t("lead.terminate")}
              </Button>
            )}
            <LinkButton to={`/leads/${l.id}/edit`} icon={<EditOutlined />}>
              {t("common.edit")}
            </LinkButton>
          </Space>
        )}
      </Flex>
      {l.stage === "signed" && l.projectId && (
        <Card size="small">
          <Flex gap={8} wrap align="center">
            <Typography.Text>{t("lead.signedOnText", { date: formatDate(l.signedOn) })}</Typography.Text>
            <Link to={`/projects/${l.projectId}`}>{t("lead.openProject")}</Link>
          </Flex>
        </Card>
      )}
      {l.stage === "terminated" && (
        <Card size="small">
          <Typography.Text type="secondary">
            {t("lead.terminatedText", { date: formatDate(l.terminatedOn), reason: l.terminationReason ?? "—" })}
          </Typography.Text>
        </Card>
      )}
      <Card size="small">
        <Steps
          size="small"
          current={current < 0 ? undefined : current}
          status={l.stage === "terminated" ? "error" : undefined}
          orientation={isMobile ? "vertical" : "horizontal"}
          items={pipeline.map((s) => ({ title: t(`leadStage.${s}`) }))}
        />
      </Card>
      <Card size="small" title={t("lead.facts")} styles={{ body: { padding: isMobile ? 8 : 16 } }}>
        <Descriptions
          size="small"
          column={isMobile ? 1 : 3}
          bordered={!isMobile}
          items={[
            { key: "investor", label: t("lead.investor"), children: l.investorName },
            { key: "orgUnit", label: t("lead.orgUnit"), children: l.orgUnitName },
            {
              key: "amount",
              label: t("lead.intendedInvestment"),
              children: formatWanYuan(l.intendedInvestment, t("money.wanYuan")),
            },
            {
              key: "region",
              label: t("lead.originRegion"),
              children: `${l.originRegion ?? "—"}${l.originProvince ? ` · ${l.originProvince}` : ""}`,
            },
            { key: "source", label: t("lead.source"), children: t(`leadSource.${l.source}`) },
            { key: "chain", label: t("lead.industryChain"), children: l.industryChain ?? "—" },
            {
              key: "industry",
              label: t("lead.industry"),
              children: l.industryCode ? `${l.industryCode} ${l.industryName ?? ""}` : "—",
            },
            { key: "owner", label: t("lead.owner"), children: l.ownerName ?? "—" },
            {
              key: "contact",
              label: t("lead.contactName"),
              children: `${l.contactName ?? "—"} ${l.contactPhone ?? ""}`,
            },
            { key: "description", label: t("lead.description"), children: l.description ?? "—", span: 3 },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <LeadActivitiesCard lead={l} canWrite={canWrite} />
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t("lead.stageHistory")}>
            {l.stageEvents.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Timeline
                items={l.stageEvents.map((e) => ({
                  key: e.id,
                  color: e.toStage === "terminated" ? "red" : e.toStage === "signed" ? "green" : "blue",
                  content: (
                    <Flex vertical>
                      <Typography.Text>
                        {e.fromStage ? `${t(`leadStage.${e.fromStage}`)} → ` : ""}
                        {t(`leadStage.${e.toStage}`)} · {formatDate(e.occurredOn)}
                      </Typography.Text>
                      {e.note && <Typography.Text type="secondary">{e.note}</Typography.Text>}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {e.actorName} · {formatDateTime(e.createdAt)}
                      </Typography.Text>
                    </Flex>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      {canWrite && (
        <>
          <MoveStageModal target={moving} onClose={() => setMoving(null)} />
          <SignLeadModal
            lead={signing}
            onClose={() => setSigning(null)}
            onSigned={(projectId) => navigate(`/projects/${projectId}`)}
          />
        </>
      )}
    </Flex>
  );
}
