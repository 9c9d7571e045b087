import { ArrowLeftOutlined } from "@ant-design/icons";
import { dispatcherIssueSources } from "@zonedesk/contracts";
import { Alert, App, Button, Card, Flex, Form, Input, Select, Typography } from "antd";
import { useNavigate } from "react-router-dom";
import { EnterprisePicker } from "../../../components/pickers/enterprise-picker";
import { ProjectPicker } from "../../../components/pickers/project-picker";
import { useT } from "../../../i18n";
import { useCurrentUser } from "../../../lib/current-user";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useCreateIssue } from "../api/issues-api";
import { IssueDraftFields } from "../components/issue-draft-fields";

interface FormValues {
  enterpriseId?: string;
  projectId?: string;
  categoryId: string;
  title: string;
  description: string;
  source?: (typeof dispatcherIssueSources)[number];
  reporterName?: string;
  reporterPhone?: string;
}

/**
 * 登记问题 (dispatcher: hotline, meeting, window; any enterprise) and 反映诉求 (the enterprise user:
 * its own enterprise, phone-first). Both POST /api/issues.
 */
export function IssueNewPage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const { data: user } = useCurrentUser();
  const create = useCreateIssue();
  const [form] = Form.useForm<FormValues>();
  const isEnterprise = user?.role === "enterprise";
  const isDispatcher = user?.role === "admin";

  const onFinish = async (v: FormValues) => {
    try {
      const created = await create.mutateAsync({
        enterpriseId: isEnterprise ? user?.enterpriseId : (v.enterpriseId ?? null),
        projectId: isEnterprise ? null : (v.projectId ?? null),
        categoryId: v.categoryId,
        title: v.title.trim(),
        description: v.description.trim(),
        source: isDispatcher ? v.source : undefined,
        reporterName: v.reporterName?.trim() || null,
        reporterPhone: v.reporterPhone?.trim() || null,
      });
      message.success(t(isEnterprise ? "issue.mine.submitted" : "issue.created", { serialNo: created.serialNo }));
      navigate(isEnterprise ? "/my-issues" : `/issues/${created.id}`, { replace: true });
    } catch (e) {
      handleError(e, form, {
        // the enterprise user has no enterprise field: an issue about it is a toast, with its label
        labels: {
          enterpriseId: t("issue.enterprise"),
          projectId: t("issue.project"),
          categoryId: t("issue.category"),
          title: t("issue.title"),
          description: t("issue.description"),
          source: t("issue.source"),
          reporterName: t("issue.reporter"),
          reporterPhone: t("issue.reporterPhone"),
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
        {t(isEnterprise ? "issue.mine.reportTitle" : "issue.newTitle")}
      </Typography.Title>
      {isEnterprise && <Alert type="info" showIcon title={t("issue.mine.reportHint")} />}
      <Card size="small">
        <Form<FormValues>
          form={form}
          layout="vertical"
          requiredMark="optional"
          onFinish={onFinish}
          initialValues={{ source: isDispatcher ? "hotline" : undefined }}
        >
          {!isEnterprise && (
            <>
              <Form.Item
                name="enterpriseId"
                label={t("issue.enterprise")}
                dependencies={["projectId"]}
                rules={[
                  ({ getFieldValue }) => ({
                    // the issue concerns an enterprise, a key project, or both: one of the two is needed
                    validator: (_, value) =>
                      value || getFieldValue("projectId")
                        ? Promise.resolve()
                        : Promise.reject(new Error(t("issue.form.subjectRequired"))),
                  }),
                ]}
              >
                <EnterprisePicker />
              </Form.Item>
              <Form.Item name="projectId" label={t("issue.project")} extra={t("issue.form.subjectHint")}>
                <ProjectPicker />
              </Form.Item>
            </>
          )}
          {isDispatcher && (
            <Form.Item name="source" label={t("issue.source")} rules={[{ required: true, message: "请选择问题来源" }]}>
              <Select options={dispatcherIssueSources.map((s) => ({ value: s, label: t(`issue.source.${s}`) }))} />
            </Form.Item>
          )}
          <IssueDraftFields />
          <Flex gap={12} wrap>
            <Form.Item name="reporterName" label={t("issue.reporter")} style={{ flex: "1 1 200px" }}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="reporterPhone" label={t("issue.reporterPhone")} style={{ flex: "1 1 200px" }}>
              <Input maxLength={30} inputMode="tel" />
            </Form.Item>
          </Flex>
          <Button type="primary" htmlType="submit" loading={create.isPending} block>
            {t(isEnterprise ? "issue.form.submit" : "issue.newSubmit")}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
