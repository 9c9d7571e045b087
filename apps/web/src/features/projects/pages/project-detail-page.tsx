import { ArrowLeftOutlined, EditOutlined, InboxOutlined, RollbackOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Descriptions, Flex, Result, Row, Space, Tag, Typography } from "antd";
import { Link, useNavigate, useParams } from "react-router-dom";
import { LinkButton } from "../../../components/link-button";
import { PageSpin } from "../../../components/page-spin";
import { useT } from "../../../i18n";
import { isApiError } from "../../../lib/api";
import { useCan } from "../../../lib/current-user";
import { formatWanYuan } from "../../../lib/money";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useIsMobile } from "../../../lib/use-is-mobile";
import { useProject, useSetProjectArchived } from "../api/projects-api";
import { InvestmentCard } from "../components/investment-card";
import { ProceduresCard } from "../components/procedures-card";
import { HistoryCard, IssuesCard, LiaisonsCard, ProgressCard } from "../components/project-side-cards";
import { stageColors } from "../components/project-table";
import { ProjectWarningsCard } from "../components/project-warnings-card";
import { StageCard } from "../components/stage-card";

/** One key project: facts, stages, investment by month with plan and reports, procedures, issues, liaisons, history. */
export function ProjectDetailPage() {
  const { id = "" } = useParams();
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const project = useProject(id);
  const setArchived = useSetProjectArchived(id);
  const { modal, message } = App.useApp();
  const handleError = useErrorHandler();

  if (project.isPending) return <PageSpin />;
  if (project.isError) {
    const notFound = isApiError(project.error) && (project.error.status === 404 || project.error.status === 403);
    return (
      <Result
        status={notFound ? "404" : "error"}
        title={notFound ? t("common.notFound") : t("common.loadFailed")}
        subTitle={project.error.message}
        extra={<Button onClick={() => navigate(-1)}>{t("common.back")}</Button>}
      />
    );
  }
  const p = project.data;
  const wan = t("money.wanYuan");
  const isArchived = p.status === "archived";
  const confirmArchive = (archive: boolean) =>
    modal.confirm({
      title: archive ? t("project.archiveConfirm", { name: p.name }) : t("project.restoreConfirm", { name: p.name }),
      okText: archive ? t("common.archive") : t("common.restore"),
      okButtonProps: { danger: archive },
      cancelText: t("common.cancel"),
      onOk: async () => {
        try {
          await setArchived.mutateAsync({ archive, version: p.version });
          message.success(t("common.saved"));
        } catch (err) {
          handleError(err);
        }
      },
    });
  const facts = [
    {
      key: "investor",
      label: t("project.investor"),
      children: p.enterpriseId ? (
        <Link to={`/enterprises/${p.enterpriseId}`}>{p.investorName}</Link>
      ) : (
        (p.investorName ?? "—")
      ),
    },
    { key: "orgUnit", label: t("project.orgUnit"), children: p.orgUnitName },
    { key: "level", label: t("project.level"), children: t(`projectLevel.${p.level}`) },
    {
      key: "batch",
      label: t("project.batch"),
      children: `${t(`projectBatch.${p.batch}`)}${p.campaignRound ? `（${p.campaignRound}）` : ""}`,
    },
    { key: "type", label: t("project.type"), children: t(`projectType.${p.projectType}`) },
    { key: "total", label: t("project.totalInvestment"), children: formatWanYuan(p.totalInvestment, wan) },
    {
      key: "industry",
      label: t("project.industry"),
      children: p.industryCode ? `${p.industryCode} ${p.industryName ?? ""}` : "—",
    },
    { key: "chain", label: t("project.industryChain"), children: p.industryChain ?? "—" },
    { key: "location", label: t("project.location"), children: p.location ?? "—" },
    { key: "parcel", label: t("project.landParcel"), children: p.landParcel ?? "—" },
    {
      key: "area",
      label: t("project.landAreaMu"),
      children: p.landAreaMu ? `${p.landAreaMu} ${t("project.mu")}` : "—",
    },
    {
      key: "lead",
      label: t("project.fromLead"),
      // the pipeline is for those who run it (lead.read): cadres see that the project came from a lead, not the lead
      children: p.leadId ? (
        can("lead.read") ? (
          <Link to={`/leads/${p.leadId}`}>{t("project.openLead")}</Link>
        ) : (
          t("common.yes")
        )
      ) : (
        "—"
      ),
    },
    { key: "content", label: t("project.constructionContent"), children: p.constructionContent ?? "—", span: 3 },
  ];

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
            {p.name}
          </Typography.Title>
          <Space wrap size={4} style={{ marginTop: 4 }}>
            <Tag color={stageColors[p.stage]}>{t(`projectStage.${p.stage}`)}</Tag>
            {p.isBehindSchedule && <Tag color="red">{t("project.behindSchedule")}</Tag>}
            {p.status === "archived" && <Tag>{t("common.archived")}</Tag>}
          </Space>
        </div>
        <Space wrap>
          {can("project.progress") && (
            <LinkButton to={`/projects/report?projectId=${p.id}`}>{t("report.entryTitle")}</LinkButton>
          )}
          {p.canEdit && !isArchived && (
            <LinkButton to={`/projects/${p.id}/edit`} icon={<EditOutlined />}>
              {t("common.edit")}
            </LinkButton>
          )}
          {p.canEdit &&
            (isArchived ? (
              <Button icon={<RollbackOutlined />} onClick={() => confirmArchive(false)}>
                {t("common.restore")}
              </Button>
            ) : (
              <Button danger icon={<InboxOutlined />} onClick={() => confirmArchive(true)}>
                {t("common.archive")}
              </Button>
            ))}
        </Space>
      </Flex>
      {p.status === "archived" && <Alert type="warning" showIcon title={t("common.archived")} />}
      <Card size="small" title={t("project.facts")} styles={{ body: { padding: isMobile ? 8 : 16 } }}>
        <Descriptions size="small" column={isMobile ? 1 : 3} items={facts} bordered={!isMobile} />
      </Card>
      <ProjectWarningsCard projectId={p.id} />
      <StageCard project={p} canProgress={p.canProgress} canEdit={p.canEdit && !isArchived} />
      <InvestmentCard projectId={p.id} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Flex vertical gap={16}>
            <ProgressCard project={p} canProgress={p.canProgress} />
            <LiaisonsCard project={p} canAssign={can("assignment.write")} />
            <IssuesCard project={p} />
          </Flex>
        </Col>
        <Col xs={24} xl={12}>
          <HistoryCard events={p.events} />
        </Col>
      </Row>
      <ProceduresCard
        projectId={p.id}
        procedures={p.procedures}
        canEdit={p.canProgress}
        canManage={can("procedure_type.write")}
      />
    </Flex>
  );
}
