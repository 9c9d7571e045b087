import { ArrowLeftOutlined, FileWordOutlined } from "@ant-design/icons";
import type { IssueAction, IssueDetail } from "@zonedesk/contracts";
import { Alert, Button, Card, Col, Descriptions, Flex, Result, Row, Space, Table, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { PageSpin } from "../../../components/page-spin";
import { useT } from "../../../i18n";
import { downloadFile, isApiError } from "../../../lib/api";
import { useCan, useCurrentUser } from "../../../lib/current-user";
import { formatDate, formatDateTime } from "../../../lib/dates";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useIsMobile } from "../../../lib/use-is-mobile";
import { useIssue } from "../api/issues-api";
import { IssueActionModal } from "../components/issue-action-modal";
import { IssueAttachments } from "../components/issue-attachments";
import { IssueStyles } from "../components/issue-styles";
import { DueCell, EscalationTag, IssueStatusTag, RatingSequence } from "../components/issue-tags";
import { IssueTimeline } from "../components/issue-timeline";

/** Primary (filled) buttons: the step that moves the issue forward for this role. */
const primaryActions: ReadonlySet<IssueAction> = new Set(["route", "accept", "answer", "rate", "close"]);
const dangerActions: ReadonlySet<IssueAction> = new Set(["decline", "bounce", "refuse_extension", "escalate"]);

/** One issue: facts, departments, deadline, attachments, the timeline and only the actions allowed now. */
export function IssueDetailPage() {
  const { id = "" } = useParams();
  const t = useT();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const handleError = useErrorHandler();
  const { data: user } = useCurrentUser();
  const can = useCan();
  const issue = useIssue(id);
  const [action, setAction] = useState<IssueAction | null>(null);
  const [slipLoading, setSlipLoading] = useState(false);
  const [params, setParams] = useSearchParams();
  const requested = params.get("action");

  // `?action=rate` (the enterprise's "去评价") opens that form at once when the action is allowed now.
  useEffect(() => {
    if (!requested || !issue.data) return;
    const wanted = issue.data.allowedActions.find((a) => a === requested);
    if (wanted) setAction(wanted);
    setParams(
      (next) => {
        next.delete("action");
        return next;
      },
      { replace: true },
    );
  }, [requested, issue.data, setParams]);

  if (issue.isPending) return <PageSpin />;
  if (issue.isError) {
    const notFound = isApiError(issue.error) && (issue.error.status === 404 || issue.error.status === 403);
    return (
      <Result
        status={notFound ? "404" : "error"}
        title={notFound ? t("common.notFound") : t("common.loadFailed")}
        subTitle={issue.error.message}
        extra={<Button onClick={() => navigate(-1)}>{t("common.back")}</Button>}
      />
    );
  }
  const i = issue.data;
  const running = i.status === "routed" || i.status === "in_progress";
  const canSlip = user?.role !== "enterprise" && i.leadDepartmentId !== null;
  const canUpload = i.status !== "closed" && can("issue.attach");

  const onSlip = async () => {
    setSlipLoading(true);
    try {
      await downloadFile(`/issues/${i.id}/routing-slip.docx`, {}, `交办单-${i.serialNo}.docx`);
    } catch (e) {
      handleError(e);
    } finally {
      setSlipLoading(false);
    }
  };

  const actions = (
    <Flex wrap gap={8}>
      {i.allowedActions.map((a) => (
        <Button
          key={a}
          type={primaryActions.has(a) ? "primary" : "default"}
          danger={dangerActions.has(a)}
          onClick={() => setAction(a)}
        >
          {t(`issue.action.${a}`)}
        </Button>
      ))}
      {canSlip && (
        <Button icon={<FileWordOutlined />} loading={slipLoading} onClick={onSlip}>
          {t("issue.routingSlip")}
        </Button>
      )}
    </Flex>
  );

  return (
    <Flex vertical gap={isMobile ? 12 : 16}>
      <IssueStyles />
      <div>
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ paddingInline: 0 }}>
          {t("common.back")}
        </Button>
      </div>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={4} style={{ margin: 0 }} className="zd-break">
          {i.title}
        </Typography.Title>
        <Flex wrap gap={6} align="center" style={{ marginTop: 6 }}>
          <Typography.Text type="secondary">{i.serialNo}</Typography.Text>
          <IssueStatusTag status={i.status} />
          <EscalationTag level={i.escalationLevel} />
          {i.reopenCount > 0 && <Tag color="orange">{t("issue.reopenCount", { count: i.reopenCount })}</Tag>}
          {i.ratings.length > 0 && <RatingSequence ratings={i.ratings} />}
        </Flex>
      </div>
      {running && i.isOverdue && <Alert type="error" showIcon title={<DueCell issue={i} />} />}
      {running && !i.isOverdue && i.isDueSoon && <Alert type="warning" showIcon title={<DueCell issue={i} />} />}
      {(i.allowedActions.length > 0 || canSlip) && (
        <Card size="small" title={t("issue.actions")}>
          {actions}
        </Card>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={isMobile ? 12 : 16}>
            <Card size="small" title={t("issue.facts")} styles={{ body: { padding: isMobile ? 8 : 16 } }}>
              <IssueFacts issue={i} isMobile={isMobile} />
            </Card>
            <Card size="small" title={t("issue.description")}>
              <Typography.Paragraph className="zd-timeline-note" style={{ marginBottom: 0 }}>
                {i.description}
              </Typography.Paragraph>
            </Card>
            {i.answer && (
              <Card size="small" title={t("issue.answer")}>
                <Typography.Paragraph className="zd-timeline-note" style={{ marginBottom: 0 }}>
                  {i.answer}
                </Typography.Paragraph>
              </Card>
            )}
            {i.bounceReason && i.status === "bounced" && (
              <Alert type="warning" showIcon title={t("issue.bounceReason")} description={i.bounceReason} />
            )}
            {i.extensions.length > 0 && <ExtensionTable issue={i} />}
            <Card size="small" title={t("issue.attachments")}>
              <IssueAttachments issue={i} canUpload={canUpload} />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t("issue.timeline")}>
            <IssueTimeline events={i.events} />
          </Card>
        </Col>
      </Row>
      <IssueActionModal issue={i} action={action} onClose={() => setAction(null)} />
    </Flex>
  );
}

function IssueFacts({ issue: i, isMobile }: { issue: IssueDetail; isMobile: boolean }) {
  const t = useT();
  const can = useCan();
  // departments and enterprises see the issue but have no project pages (project.read)
  const canOpenProject = can("project.read");
  const canOpenEnterprise = can("enterprise.read");
  const lead = i.departments.filter((d) => d.role === "lead");
  const co = i.departments.filter((d) => d.role === "co");
  return (
    <Descriptions
      size="small"
      column={isMobile ? 1 : 2}
      bordered={!isMobile}
      items={[
        {
          key: "enterprise",
          label: t("issue.enterprise"),
          children:
            i.enterpriseId && canOpenEnterprise ? (
              <Link to={`/enterprises/${i.enterpriseId}`}>{i.enterpriseName}</Link>
            ) : (
              (i.enterpriseName ?? "—")
            ),
        },
        ...(i.projectId
          ? [
              {
                key: "project",
                label: t("issue.project"),
                children: canOpenProject ? <Link to={`/projects/${i.projectId}`}>{i.projectName}</Link> : i.projectName,
              },
            ]
          : []),
        { key: "category", label: t("issue.category"), children: i.categoryName },
        {
          key: "source",
          label: t("issue.source"),
          children: (
            <>
              {t(`issue.source.${i.source}`)}
              {i.visitId && (
                <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
                  （{t("issue.fromVisit")}）
                </Typography.Text>
              )}
            </>
          ),
        },
        { key: "orgUnit", label: t("issue.orgUnit"), children: i.orgUnitName },
        {
          key: "lead",
          label: t("issue.leadDepartment"),
          children: lead.length > 0 ? lead.map((d) => d.name).join("、") : "—",
        },
        {
          key: "co",
          label: t("issue.coDepartments"),
          children: co.length > 0 ? co.map((d) => d.name).join("、") : "—",
        },
        // 责任领导 comes from a joint review meeting; the server leaves it out for enterprise users
        ...(i.responsibleLeaderName
          ? [{ key: "leader", label: t("issue.responsibleLeader"), children: i.responsibleLeaderName }]
          : []),
        {
          key: "dueOn",
          label: t("issue.dueOn"),
          children: (
            <Space direction="vertical" size={0}>
              <DueCell issue={i} />
              {i.originalDueOn && i.originalDueOn !== i.dueOn && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t("issue.originalDueOn")} {formatDate(i.originalDueOn)}
                </Typography.Text>
              )}
            </Space>
          ),
        },
        {
          key: "reportedBy",
          label: t("issue.reportedBy"),
          children: `${i.reportedByName ?? "—"} · ${formatDateTime(i.createdAt)}`,
        },
        ...(i.reporterName || i.reporterPhone
          ? [
              {
                key: "reporter",
                label: t("issue.reporter"),
                children: [i.reporterName, i.reporterPhone].filter(Boolean).join(" · "),
              },
            ]
          : []),
        { key: "rating", label: t("issue.rating"), children: <RatingSequence ratings={i.ratings} detailed /> },
      ]}
    />
  );
}

function ExtensionTable({ issue }: { issue: IssueDetail }) {
  const t = useT();
  return (
    <Card size="small" title={t("issue.extensions")} styles={{ body: { padding: 0 } }}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 560 }}
        dataSource={issue.extensions}
        columns={[
          { key: "by", title: t("issue.department"), render: (_, e) => e.departmentName ?? e.requestedByName },
          { key: "to", title: t("issue.requestedDueOn"), dataIndex: "requestedDueOn", render: formatDate },
          { key: "reason", title: t("issue.reason"), dataIndex: "reason" },
          {
            key: "status",
            title: t("issue.status"),
            render: (_, e) => (
              <Tag color={e.status === "approved" ? "green" : e.status === "refused" ? "red" : "gold"}>
                {t(`issue.extension.${e.status}`)}
              </Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}
