import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { type VisitMethod, visitMethods } from "@zonedesk/contracts";
import { App, Button, Card, DatePicker, Flex, Form, Input, Radio, Typography } from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import type { ReactNode } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { EnterprisePicker } from "../../../components/pickers/enterprise-picker";
import { ProjectPicker } from "../../../components/pickers/project-picker";
import { useT } from "../../../i18n";
import { toDateString } from "../../../lib/dates";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useCreateVisit } from "../api/visits-api";
import { PeopleSelect } from "../components/people-select";
import { RecentVisitsAlert } from "../components/recent-visits-alert";

interface FormValues {
  subject: "enterprise" | "project";
  enterpriseId?: string;
  projectId?: string;
  visitedOn: Dayjs;
  method: VisitMethod;
  participantIds?: string[];
  otherParticipants?: string;
  summary: string;
  issues?: { categoryId: string; title: string; description: string }[];
}

interface VisitFormPageProps {
  /**
   * The fields of one issue raised on the spot (category, title, description) inside the form's `issues`
   * list at `prefix`. The app's route passes the issues feature's fields, since features never import each other.
   */
  issueFields: (prefix: (string | number)[]) => ReactNode;
}

/** 记录走访 (phone-first, one screen): the visit and the issues raised on the spot, in one POST /api/visits. */
export function VisitFormPage({ issueFields }: VisitFormPageProps) {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const create = useCreateVisit();
  const [form] = Form.useForm<FormValues>();
  const subject = Form.useWatch("subject", form) ?? "enterprise";
  const enterpriseId = Form.useWatch("enterpriseId", form);
  const projectId = Form.useWatch("projectId", form);
  const visitedOn = Form.useWatch("visitedOn", form);

  const onFinish = async (v: FormValues) => {
    try {
      const saved = await create.mutateAsync({
        enterpriseId: v.subject === "enterprise" ? (v.enterpriseId ?? null) : null,
        projectId: v.subject === "project" ? (v.projectId ?? null) : null,
        status: "done",
        visitedOn: toDateString(v.visitedOn) ?? "",
        method: v.method,
        participantIds: v.participantIds ?? [],
        otherParticipants: v.otherParticipants?.trim() || null,
        summary: v.summary.trim(),
        issues: (v.issues ?? []).map((i) => ({
          categoryId: i.categoryId,
          title: i.title.trim(),
          description: i.description.trim(),
        })),
      });
      const count = saved.visit.issues.length;
      message.success(count > 0 ? t("visit.savedWithIssues", { count }) : t("visit.saved"));
      navigate("/visits", { replace: true });
    } catch (e) {
      handleError(e, form, {
        // "请选择走访的企业或项目" comes on enterpriseId, which a project visit shows as the project field
        fields: v.subject === "project" ? { enterpriseId: "projectId" } : {},
        labels: {
          enterpriseId: t("visit.enterprise"),
          projectId: t("visit.project"),
          visitedOn: t("visit.visitedOn"),
          method: t("visit.method"),
          participantIds: t("visit.participants"),
          otherParticipants: t("visit.otherParticipants"),
          summary: t("visit.summary"),
          issues: t("visit.issues"),
        },
      });
    }
  };

  return (
    <Flex vertical gap={12} style={{ maxWidth: 720, margin: "0 auto", width: "100%" }}>
      <div>
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ paddingInline: 0 }}>
          {t("common.back")}
        </Button>
      </div>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t("visit.newTitle")}
      </Typography.Title>
      <Form<FormValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        onFinish={onFinish}
        initialValues={{
          subject: params.get("projectId") ? "project" : "enterprise",
          enterpriseId: params.get("enterpriseId") ?? undefined,
          projectId: params.get("projectId") ?? undefined,
          visitedOn: dayjs(),
          method: "on_site",
          issues: [],
        }}
      >
        <Card size="small">
          <Form.Item name="subject" label={t("visit.subject")}>
            <Radio.Group
              optionType="button"
              options={[
                { value: "enterprise", label: t("visit.subject.enterprise") },
                { value: "project", label: t("visit.subject.project") },
              ]}
            />
          </Form.Item>
          {subject === "project" ? (
            <Form.Item
              name="projectId"
              label={t("visit.project")}
              rules={[{ required: true, message: "请选择走访的项目" }]}
            >
              <ProjectPicker />
            </Form.Item>
          ) : (
            <Form.Item
              name="enterpriseId"
              label={t("visit.enterprise")}
              rules={[{ required: true, message: "请选择走访的企业" }]}
            >
              <EnterprisePicker />
            </Form.Item>
          )}
          <RecentVisitsAlert
            enterpriseId={subject === "enterprise" ? enterpriseId : undefined}
            projectId={subject === "project" ? projectId : undefined}
            date={toDateString(visitedOn)}
          />
          <Flex gap={12} wrap style={{ marginTop: 12 }}>
            <Form.Item
              name="visitedOn"
              label={t("visit.visitedOn")}
              rules={[{ required: true, message: "请选择走访日期" }]}
              style={{ flex: "1 1 150px" }}
            >
              <DatePicker
                style={{ width: "100%" }}
                inputReadOnly
                disabledDate={(d) => d.isAfter(dayjs().endOf("day"))}
                allowClear={false}
              />
            </Form.Item>
            <Form.Item name="method" label={t("visit.method")} style={{ flex: "1 1 220px" }}>
              <Radio.Group
                optionType="button"
                options={visitMethods.map((m) => ({ value: m, label: t(`visit.method.${m}`) }))}
              />
            </Form.Item>
          </Flex>
          <Form.Item name="participantIds" label={t("visit.participants")}>
            <PeopleSelect placeholder={t("visit.participants")} />
          </Form.Item>
          <Form.Item
            name="otherParticipants"
            label={t(subject === "project" ? "visit.otherParticipantsProject" : "visit.otherParticipants")}
          >
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item
            name="summary"
            label={t("visit.summary")}
            rules={[{ required: true, whitespace: true, message: "请填写走访情况" }]}
            style={{ marginBottom: 0 }}
          >
            <Input.TextArea
              rows={4}
              maxLength={5000}
              placeholder={t(subject === "project" ? "visit.summaryPlaceholderProject" : "visit.summaryPlaceholder")}
            />
          </Form.Item>
        </Card>
        <Typography.Title level={5} style={{ margin: "16px 0 8px" }}>
          {t("visit.issues")}
        </Typography.Title>
        <Form.List name="issues">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  title={t("visit.issueN", { n: index + 1 })}
                  extra={
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t("visit.removeIssue")}
                      onClick={() => remove(field.name)}
                    />
                  }
                >
                  {issueFields([field.name])}
                </Card>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} block>
                {t("visit.addIssue")}
              </Button>
            </Flex>
          )}
        </Form.List>
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          loading={create.isPending}
          style={{ marginTop: 16 }}
        >
          {t("common.save")}
        </Button>
      </Form>
    </Flex>
  );
}
