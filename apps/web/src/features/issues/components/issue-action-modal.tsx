import type { IssueAction, IssueDetail } from "@zonedesk/contracts";
import { issueRatings } from "@zonedesk/contracts";
import { App, DatePicker, Form, Input, Modal, Radio, Select, Typography } from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import { useEffect } from "react";
import { useT } from "../../../i18n";
import { toDateString } from "../../../lib/dates";
import { useDepartments } from "../../../lib/reference-data";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useIssueCategories, useIssueTransition } from "../api/issues-api";

interface IssueActionModalProps {
  issue: IssueDetail;
  action: IssueAction | null;
  onClose: () => void;
}

/** Actions whose input schema carries the optional optimistic `version`. */
const versioned: ReadonlySet<IssueAction> = new Set([
  "route",
  "reroute",
  "decline",
  "accept",
  "answer",
  "bounce",
  "rate",
  "close",
  "escalate",
]);

interface FormValues {
  leadDepartmentId?: string;
  coDepartmentIds?: string[];
  dueOn?: Dayjs | null;
  requestedDueOn?: Dayjs | null;
  note?: string;
  answer?: string;
  reason?: string;
  rating?: string;
  comment?: string;
}

/** The body each action's contract expects, from the form's values. */
function toBody(action: IssueAction, v: FormValues, version: number): Record<string, unknown> {
  const text = (s: string | undefined) => (s?.trim() ? s.trim() : null);
  let body: Record<string, unknown>;
  switch (action) {
    case "route":
    case "reroute":
      body = {
        leadDepartmentId: v.leadDepartmentId,
        coDepartmentIds: v.coDepartmentIds ?? [],
        dueOn: toDateString(v.dueOn) ?? null,
        note: text(v.note),
      };
      break;
    case "decline":
    case "bounce":
      body = { reason: v.reason ?? "" };
      break;
    case "accept":
    case "approve_extension":
      body = { note: text(v.note) };
      break;
    case "progress":
    case "refuse_extension":
    case "close":
    case "escalate":
      body = { note: v.note ?? "" };
      break;
    case "answer":
      body = { answer: v.answer ?? "" };
      break;
    case "request_extension":
      body = { requestedDueOn: toDateString(v.requestedDueOn), reason: v.reason ?? "" };
      break;
    case "rate":
      body = { rating: v.rating, comment: text(v.comment) };
      break;
  }
  if (versioned.has(action)) body.version = version;
  return body;
}

/** One modal for every transition: the fields of the chosen action, sent to POST /api/issues/:id/<action>. */
export function IssueActionModal({ issue, action, onClose }: IssueActionModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<FormValues>();
  const transition = useIssueTransition(issue.id);
  const isRouting = action === "route" || action === "reroute";
  const departments = useDepartments(undefined, isRouting);
  const categories = useIssueCategories();
  const category = categories.data?.find((c) => c.id === issue.categoryId);

  useEffect(() => {
    if (!action) return;
    form.resetFields();
    if (action === "reroute") {
      form.setFieldsValue({
        leadDepartmentId: issue.departments.find((d) => d.role === "lead")?.departmentId,
        coDepartmentIds: issue.departments.filter((d) => d.role === "co").map((d) => d.departmentId),
        dueOn: issue.dueOn ? dayjs(issue.dueOn) : null,
      });
    }
  }, [action, form, issue]);

  if (!action) return null;
  const label = t(`issue.action.${action}`);
  const departmentOptions = (departments.data ?? [])
    .filter((d) => !d.isArchived)
    .map((d) => ({ value: d.id, label: d.name, title: `${d.name}（${d.orgUnitName}）` }));

  const onOk = async () => {
    const values = await form.validateFields();
    try {
      await transition.mutateAsync({ action, body: toBody(action, values, issue.version) });
      message.success(t("issue.actionDone", { action: label }));
      onClose();
    } catch (e) {
      handleError(e, form, {
        labels: {
          leadDepartmentId: t("issue.leadDepartment"),
          coDepartmentIds: t("issue.coDepartments"),
          dueOn: t("issue.dueOn"),
          requestedDueOn: t("issue.requestedDueOn"),
          note: t("issue.form.note"),
          answer: t("issue.form.answer"),
          reason: t("issue.form.reason"),
          rating: t("issue.rating"),
          comment: t("issue.form.comment"),
        },
      });
    }
  };

  const required = (name: string) => [{ required: true, whitespace: true, message: `请填写${name}` }];

  return (
    <Modal
      open
      title={`${label} · ${issue.serialNo}`}
      okText={t("issue.form.submit")}
      cancelText={t("common.cancel")}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={transition.isPending}
      destroyOnHidden
      okButtonProps={{ danger: action === "decline" || action === "bounce" }}
    >
      <Form form={form} layout="vertical" requiredMark="optional" preserve={false}>
        {isRouting && (
          <>
            <Form.Item
              name="leadDepartmentId"
              label={t("issue.leadDepartment")}
              rules={[{ required: true, message: "请选择牵头单位" }]}
            >
              <Select
                showSearch={{ optionFilterProp: "label" }}
                options={departmentOptions}
                loading={departments.isLoading}
                placeholder={t("issue.leadDepartment")}
              />
            </Form.Item>
            <Form.Item name="coDepartmentIds" label={t("issue.coDepartments")}>
              <Select
                mode="multiple"
                showSearch={{ optionFilterProp: "label" }}
                options={departmentOptions}
                placeholder={t("issue.coDepartments")}
              />
            </Form.Item>
            <Form.Item
              name="dueOn"
              label={t("issue.dueOn")}
              extra={
                category
                  ? t("issue.form.dueOnHint", {
                      days: category.deadlineDays,
                      unit: t(category.deadlineInWorkingDays ? "issue.form.workingDays" : "issue.form.calendarDays"),
                    })
                  : undefined
              }
            >
              <DatePicker
                style={{ width: "100%" }}
                disabledDate={(d) => d.isBefore(dayjs().startOf("day"))}
                placeholder={t("issue.dueOn")}
              />
            </Form.Item>
            <Form.Item name="note" label={t("issue.form.note")}>
              <Input.TextArea rows={3} maxLength={2000} placeholder={t("issue.form.notePlaceholder")} />
            </Form.Item>
          </>
        )}
        {(action === "accept" || action === "approve_extension") && (
          <Form.Item name="note" label={t("issue.form.note")}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        {action === "progress" && (
          <Form.Item name="note" label={t("issue.form.progress")} rules={required(t("issue.form.progress"))}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        )}
        {action === "answer" && (
          <Form.Item name="answer" label={t("issue.form.answer")} rules={required(t("issue.form.answer"))}>
            <Input.TextArea rows={5} maxLength={5000} placeholder={t("issue.form.answerPlaceholder")} />
          </Form.Item>
        )}
        {(action === "decline" || action === "bounce") && (
          <Form.Item
            name="reason"
            label={t(action === "decline" ? "issue.form.declineReason" : "issue.form.bounceReason")}
            rules={required(t("issue.form.reason"))}
          >
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        )}
        {action === "request_extension" && (
          <>
            {issue.dueOn && (
              <Typography.Paragraph type="secondary">
                {t("issue.dueOn")}：{issue.dueOn}
              </Typography.Paragraph>
            )}
            <Form.Item
              name="requestedDueOn"
              label={t("issue.requestedDueOn")}
              rules={[{ required: true, message: "请选择申请延期至的日期" }]}
            >
              <DatePicker
                style={{ width: "100%" }}
                disabledDate={(d) =>
                  d.isBefore(
                    dayjs(issue.dueOn ?? undefined)
                      .add(1, "day")
                      .startOf("day"),
                  )
                }
              />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t("issue.form.extensionReason")}
              rules={required(t("issue.form.extensionReason"))}
            >
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {action === "refuse_extension" && (
          <Form.Item name="note" label={t("issue.form.refuseNote")} rules={required(t("issue.form.refuseNote"))}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        {action === "rate" && (
          <>
            {issue.answer && (
              <Typography.Paragraph className="zd-timeline-note" style={{ background: "#fafafa", padding: 8 }}>
                {issue.answer}
              </Typography.Paragraph>
            )}
            <Form.Item
              name="rating"
              label={t("issue.rating")}
              rules={[{ required: true, message: "请选择评价：满意、基本满意或不满意" }]}
            >
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={issueRatings.map((r) => ({ value: r, label: t(`issue.rating.${r}`) }))}
              />
            </Form.Item>
            <Form.Item name="comment" label={t("issue.form.comment")}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {action === "close" && (
          <Form.Item name="note" label={t("issue.form.closeNote")} rules={required(t("issue.form.closeNote"))}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        {action === "escalate" && (
          <Form.Item name="note" label={t("issue.form.escalateNote")} rules={required(t("issue.form.escalateNote"))}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
