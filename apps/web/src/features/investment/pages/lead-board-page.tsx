import { BarChartOutlined, DownloadOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { type Lead, type LeadStage, leadStages } from "@zonedesk/contracts";
import { Alert, App, Badge, Button, Col, Empty, Flex, Input, Row, Spin, Typography } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { LinkButton } from "../../../components/link-button";
import { PageHeader } from "../../../components/page-header";
import { OrgUnitTreeSelect } from "../../../components/pickers/org-unit-tree-select";
import { useT } from "../../../i18n";
import { formatAmount } from "../../../lib/amount";
import { downloadFile } from "../../../lib/api";
import { useCan } from "../../../lib/current-user";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useIsMobile } from "../../../lib/use-is-mobile";
import { useQueryParams } from "../../../lib/use-query-params";
import { useLeadBoard } from "../api/leads-api";
import { LeadCard } from "../components/lead-card";
import { MoveStageModal } from "../components/move-stage-modal";
import { SignLeadModal } from "../components/sign-lead-modal";

const columnColors: Record<LeadStage, string> = {
  lead: "#8c8c8c",
  contact: "#1677ff",
  site_visit: "#13c2c2",
  negotiation: "#fa8c16",
  signed: "#52c41a",
  terminated: "#bfbfbf",
};

/** 招商引资 pipeline board: one column per stage with counts and Σ intended investment; drag or click to advance. */
export function LeadBoardPage() {
  const t = useT();
  const can = useCan();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [params, patchParams] = useQueryParams();
  const orgUnitId = params.get("orgUnitId") ?? undefined;
  const q = params.get("q") ?? undefined;
  const board = useLeadBoard({ orgUnitId, q });
  const [moving, setMoving] = useState<{ lead: Lead; toStage: LeadStage } | null>(null);
  const [signing, setSigning] = useState<Lead | null>(null);
  const [dragOver, setDragOver] = useState<LeadStage | null>(null);
  const [exporting, setExporting] = useState(false);
  const canWrite = can("lead.write");
  const columns = board.data?.columns ?? [];
  const allLeads = columns.flatMap((c) => c.leads);

  const onDrop = (stage: LeadStage, leadId: string) => {
    setDragOver(null);
    const lead = allLeads.find((l) => l.id === leadId);
    if (!lead || lead.stage === stage) return;
    const backward = stage !== "terminated" && leadStages.indexOf(stage) < leadStages.indexOf(lead.stage);
    if (backward && !can("lead.move_back")) {
      message.warning(t("lead.moveBackAdminOnly"));
      return;
    }
    if (stage === "signed") setSigning(lead);
    else setMoving({ lead, toStage: stage });
  };

  const onExport = async () => {
    setExporting(true);
    try {
      await downloadFile("/leads/export", { orgUnitId, q }, "招商线索.xlsx");
    } catch (e) {
      handleError(e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t("lead.boardTitle")}
        extra={
          <>
            {canWrite && (
              <LinkButton to="/leads/new" type="primary" icon={<PlusOutlined />}>
                {t("lead.new")}
              </LinkButton>
            )}
            {canWrite && (
              <LinkButton to="/leads/import" icon={<UploadOutlined />}>
                {t("lead.import")}
              </LinkButton>
            )}
            <LinkButton to="/leads/figures" icon={<BarChartOutlined />}>
              {t("lead.figuresTitle")}
            </LinkButton>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={onExport}>
              {t("common.export")}
            </Button>
          </>
        }
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={24} sm={12} lg={8}>
          <Input.Search
            aria-label={t("common.search")}
            placeholder={t("lead.searchPlaceholder")}
            allowClear
            defaultValue={q}
            enterButton={t("common.search")}
            onSearch={(v) => patchParams({ q: v.trim() })}
          />
        </Col>
        <Col xs={24} sm={12} lg={8}>
          <OrgUnitTreeSelect
            placeholder={t("common.orgUnit")}
            value={orgUnitId}
            onChange={(v) => patchParams({ orgUnitId: v })}
          />
        </Col>
      </Row>
      {board.isError && <Alert type="error" showIcon title={board.error.message} style={{ marginBottom: 16 }} />}
      <Spin spinning={board.isFetching}>
        <div
          style={{
            display: "grid",
            gridTemplateColumns: isMobile ? "1fr" : `repeat(${leadStages.length}, minmax(170px, 1fr))`,
            gap: 12,
            overflowX: isMobile ? undefined : "auto",
            paddingBottom: 8,
          }}
        >
          {leadStages.map((stage) => {
            const column = columns.find((c) => c.stage === stage);
            const leads = column?.leads ?? [];
            return (
              <section
                key={stage}
                aria-label={t(`leadStage.${stage}`)}
                data-stage={stage}
                onDragOver={(e) => {
                  if (!canWrite) return;
                  e.preventDefault();
                  setDragOver(stage);
                }}
                onDragLeave={() => setDragOver((s) => (s === stage ? null : s))}
                onDrop={(e) => {
                  e.preventDefault();
                  onDrop(stage, e.dataTransfer.getData("text/lead-id"));
                }}
                style={{
                  background: dragOver === stage ? "#e6f4ff" : "#f5f5f5",
                  borderRadius: 8,
                  borderTop: `3px solid ${columnColors[stage]}`,
                  padding: 8,
                  minHeight: isMobile ? undefined : 320,
                }}
              >
                <Flex justify="space-between" align="baseline" style={{ marginBottom: 8 }} wrap>
                  <Typography.Text strong>
                    {t(`leadStage.${stage}`)} <Badge count={column?.count ?? 0} showZero color={columnColors[stage]} />
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    Σ{" "}
                    {formatAmount(column?.intendedInvestment ?? "0", {
                      wan: t("money.wanYuan"),
                      yi: t("figures.yiYuan"),
                    })}
                  </Typography.Text>
                </Flex>
                <Flex vertical gap={8}>
                  {leads.length === 0 ? (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("common.noData")} />
                  ) : (
                    leads.map((lead) => (
                      <LeadCard
                        key={lead.id}
                        lead={lead}
                        canWrite={canWrite}
                        onMove={(l, toStage) => setMoving({ lead: l, toStage })}
                        onSign={setSigning}
                      />
                    ))
                  )}
                  {column && column.count > leads.length && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t("lead.moreInColumn", { count: column.count - leads.length })}
                    </Typography.Text>
                  )}
                </Flex>
              </section>
            );
          })}
        </div>
      </Spin>
      <MoveStageModal target={moving} onClose={() => setMoving(null)} />
      <SignLeadModal
        lead={signing}
        onClose={() => setSigning(null)}
        onSigned={(projectId) => navigate(`/projects/${projectId}`)}
      />
    </>
  );
}
