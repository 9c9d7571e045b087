import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  issueStatusLabels,
  type LiaisonRole,
  type ProjectDetail,
  type ProjectEvent,
  type ProjectIssue,
} from "@zonedesk/contracts";
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Tag,
  Timeline,
  Typography,
} from "antd";
import { useState } from "react";
import { Link } from "react-router-dom";
import { LiaisonRoleSelect } from "../../../components/pickers/liaison-role-select";
import { UserPicker } from "../../../components/pickers/user-picker";
import { useLabels, useT } from "../../../i18n";
import { api, isApiError } from "../../../lib/api";
import { formatDate, formatDateTime } from "../../../lib/dates";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useProjectIssues, useSetProgress } from "../api/projects-api";

/** 进展情况: the latest narrative; editing it is kept in the history. */
export function ProgressCard({ project, canProgress }: { project: ProjectDetail; canProgress: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ narrative: string }>();
  const save = useSetProgress(project.id);
  const onFinish = async (values: { narrative: string }) => {
    try {
      await save.mutateAsync({ narrative: values.narrative.trim(), version: project.version });
      message.success(t("common.saved"));
      setOpen(false);
    } catch (e) {
      handleError(e, form);
    }
  };
  return (
    <Card
      size="small"
      title={t("project.progressNarrative")}
      extra={
        canProgress && (
          <Button size="small" onClick={() => setOpen(true)}>
            {t("project.updateProgress")}
          </Button>
        )
      }
    >
      {project.progressNarrative ? (
        <>
          <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 4 }}>
            {project.progressNarrative}
          </Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(project.progressUpdatedAt)}
          </Typography.Text>
        </>
      ) : (
        <Typography.Text type="secondary">{t("project.noProgress")}</Typography.Text>
      )}
      <Modal
        open={open}
        title={t("project.updateProgress")}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t("common.save")}
        cancelText={t("common.cancel")}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          initialValues={{ narrative: project.progressNarrative ?? "" }}
        >
          <Form.Item
            name="narrative"
            label={t("project.progressNarrative")}
            rules={[{ required: true, whitespace: true, min: 2, max: 2000, message: t("project.progressRule") }]}
          >
            <Input.TextArea rows={5} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** 问题: the issue ledger's issues linked to the project. */
export function IssuesCard({ project }: { project: ProjectDetail }) {
  const t = useT();
  const labels = useLabels();
  const issues = useProjectIssues(project.id, true);
  const counts = project.issueCounts;
  const unavailable = issues.isError && isApiError(issues.error) && issues.error.status === 404;
  return (
    <Card
      size="small"
      title={t("project.issues")}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("project.issueCounts", { total: counts.total, open: counts.open, overdue: counts.overdue })}
        </Typography.Text>
      }
    >
      {issues.isError && !unavailable && <Alert type="error" showIcon title={issues.error.message} />}
      {(issues.data ?? []).length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("project.noIssues")} />
      ) : (
        <List<ProjectIssue>
          size="small"
          dataSource={issues.data ?? []}
          renderItem={(issue) => (
            <List.Item>
              <Flex vertical style={{ minWidth: 0 }}>
                <Link to={`/issues/${issue.id}`} className="zd-break">
                  {issue.serialNo} {issue.title}
                </Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {labels.of(issueStatusLabels, issue.status)} · {issue.leadDepartmentName ?? "—"} ·{" "}
                  {t("project.dueOn")} {formatDate(issue.dueOn)}
                  {issue.isOverdue && (
                    <Tag color="red" style={{ marginInlineStart: 6 }}>
                      {t("project.overdue")}
                    </Tag>
                  )}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** 包联: the leader and cadres on the project; the admin assigns and ends assignments. */
export function LiaisonsCard({ project, canAssign }: { project: ProjectDetail; canAssign: boolean }) {
  const t = useT();
  const labels = useLabels();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ userId: string; role: LiaisonRole }>();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["projects"] }),
      queryClient.invalidateQueries({ queryKey: ["assignments"] }),
    ]);
  const assign = useMutation({
    mutationFn: (body: { projectId: string; userId: string; role: LiaisonRole }) => api.post("/assignments", body),
    onSuccess: refresh,
  });
  const end = useMutation({
    mutationFn: (assignmentId: string) => api.post(`/assignments/${assignmentId}/end`, {}),
    onSuccess: refresh,
  });
  const onFinish = async (values: { userId: string; role: LiaisonRole }) => {
    try {
      await assign.mutateAsync({ projectId: project.id, userId: values.userId, role: values.role });
      message.success(t("project.assigned"));
      form.resetFields();
      setOpen(false);
    } catch (e) {
      handleError(e, form);
    }
  };
  return (
    <Card
      size="small"
      title={t("project.liaisons")}
      extra={
        canAssign && (
          <Button size="small" type="primary" onClick={() => setOpen(true)}>
            {t("project.assign")}
          </Button>
        )
      }
    >
      {project.liaisons.length === 0 ? (
        <Typography.Text type="warning">{t("project.noLiaison")}</Typography.Text>
      ) : (
        <Flex wrap gap={8}>
          {project.liaisons.map((l) => (
            <Tag key={l.assignmentId} color="geekblue" style={{ padding: "4px 8px", fontSize: 14 }}>
              {l.displayName} · {labels.of(labels.liaisonRole, l.role)}
              {canAssign && (
                <Popconfirm
                  title={t("project.endAssignment", { name: l.displayName })}
                  okText={t("common.confirm")}
                  cancelText={t("common.cancel")}
                  onConfirm={() => end.mutateAsync(l.assignmentId).catch(handleError)}
                >
                  <Button size="small" type="link" danger style={{ paddingInline: 4, height: "auto" }}>
                    {t("project.end")}
                  </Button>
                </Popconfirm>
              )}
            </Tag>
          ))}
        </Flex>
      )}
      <Modal
        open={open}
        title={t("project.assign")}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t("common.save")}
        cancelText={t("common.cancel")}
        confirmLoading={assign.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ role: "lead_leader" }}>
          <Form.Item
            label={t("assignment.person")}
            name="userId"
            rules={[{ required: true, message: t("assignment.personRequired") }]}
          >
            <UserPicker />
          </Form.Item>
          <Form.Item label={t("assignment.role")} name="role" rules={[{ required: true }]}>
            <LiaisonRoleSelect />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** 历史: stage changes, edits, progress, procedures, in order. */
export function HistoryCard({ events }: { events: ProjectEvent[] }) {
  const t = useT();
  if (events.length === 0) {
    return (
      <Card size="small" title={t("project.history")}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      </Card>
    );
  }
  return (
    <Card size="small" title={t("project.history")}>
      <Timeline
        items={events.map((e) => ({
          key: e.id,
          content: (
            <Flex vertical>
              <Typography.Text>
                {e.actionLabel}
                {e.toStage &&
                  `：${e.fromStage ? `${t(`projectStage.${e.fromStage}`)} → ` : ""}${t(`projectStage.${e.toStage}`)}`}
              </Typography.Text>
              {e.note && <Typography.Text type="secondary">{e.note}</Typography.Text>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {e.actorName} · {formatDateTime(e.createdAt)}
              </Typography.Text>
            </Flex>
          ),
        }))}
      />
    </Card>
  );
}
