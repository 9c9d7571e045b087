import { type Lead, projectBatches, projectLevels, projectTypes, type SignLead } from "@zonedesk/contracts";
import { App, Col, Form, Input, Modal, Row, Select, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { PastDatePicker } from "../../../components/past-date-picker";
import { OrgUnitTreeSelect } from "../../../components/pickers/org-unit-tree-select";
import { useT } from "../../../i18n";
import { toDateString } from "../../../lib/dates";
import { formatYuan, wanYuanInputPattern, wanYuanToYuan, yuanToWanYuanInput } from "../../../lib/money";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useSignLead } from "../api/leads-api";

interface SignValues {
  signedOn: Dayjs;
  note?: string;
  project: {
    name: string;
    orgUnitId: string;
    investorName: string;
    level: SignLead["project"]["level"];
    batch: SignLead["project"]["batch"];
    projectType: SignLead["project"]["projectType"];
    totalInvestment: string;
    campaignRound?: string;
    location?: string;
  };
}

/** 签约: the lead becomes a key project; the fields of the project are asked here, prefilled from the lead. */
export function SignLeadModal({
  lead,
  onClose,
  onSigned,
}: {
  /** The lead as it was when the dialog opened (keep it in state); null when closed. */
  lead: Lead | null;
  onClose: () => void;
  onSigned: (projectId: string) => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<SignValues>();
  const sign = useSignLead();
  const amount = Form.useWatch(["project", "totalInvestment"], form);
  const amountYuan = amount ? wanYuanToYuan(amount) : null;

  const onFinish = async (values: SignValues) => {
    if (!lead) return;
    const text = (v: string | undefined) => v?.trim() || null;
    try {
      const signed = await sign.mutateAsync({
        id: lead.id,
        body: {
          signedOn: toDateString(values.signedOn) ?? "",
          note: text(values.note),
          project: {
            name: values.project.name.trim(),
            orgUnitId: values.project.orgUnitId,
            investorName: values.project.investorName.trim(),
            enterpriseId: null,
            level: values.project.level,
            batch: values.project.batch,
            projectType: values.project.projectType,
            totalInvestment: wanYuanToYuan(values.project.totalInvestment) ?? "",
            campaignRound: text(values.project.campaignRound),
            location: text(values.project.location),
            industryChain: lead.industryChain,
            industryCode: lead.industryCode,
          },
        },
      });
      message.success(t("lead.signedDone"));
      onClose();
      if (signed.projectId) onSigned(signed.projectId);
    } catch (e) {
      handleError(e, form);
    }
  };

  const half = { xs: 24, sm: 12 };
  return (
    <Modal
      open={lead !== null}
      title={t("lead.signTitle")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("lead.signConfirm")}
      cancelText={t("common.cancel")}
      confirmLoading={sign.isPending}
      destroyOnHidden
      width={680}
    >
      <Typography.Paragraph type="secondary">{t("lead.signHint")}</Typography.Paragraph>
      {/* mounted afresh at each opening (destroyOnHidden + clearOnDestroy), prefilled from the lead as opened */}
      <Form<SignValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        clearOnDestroy
        initialValues={
          lead
            ? {
                signedOn: dayjs(),
                project: {
                  name: lead.projectName,
                  orgUnitId: lead.orgUnitId,
                  investorName: lead.investorName,
                  level: "county",
                  batch: "signing",
                  projectType: "new",
                  totalInvestment: yuanToWanYuanInput(lead.intendedInvestment),
                },
              }
            : undefined
        }
      >
        <Row gutter={12}>
          <Col {...half}>
            <Form.Item
              label={t("lead.signedOn")}
              name="signedOn"
              rules={[{ required: true, message: t("lead.occurredOnRequired") }]}
            >
              <PastDatePicker />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              label={t("project.orgUnit")}
              name={["project", "orgUnitId"]}
              rules={[{ required: true, message: t("project.orgUnitRequired") }]}
            >
              <OrgUnitTreeSelect allowClear={false} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              label={t("project.name")}
              name={["project", "name"]}
              rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t("project.nameRule") }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              label={t("project.investor")}
              name={["project", "investorName"]}
              rules={[{ required: true, whitespace: true, max: 200, message: t("project.investorRequired") }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              label={t("project.totalInvestmentWan")}
              name={["project", "totalInvestment"]}
              extra={amountYuan ? t("project.yuanEquals", { yuan: formatYuan(amountYuan) ?? "" }) : undefined}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t("project.amountRequired", { field: t("project.totalInvestment") }),
                },
                {
                  validator: (_, v: string | undefined) =>
                    !v?.trim() || wanYuanInputPattern.test(v.trim().replaceAll(",", ""))
                      ? Promise.resolve()
                      : Promise.reject(new Error(t("project.amountInvalid", { field: t("project.totalInvestment") }))),
                },
              ]}
            >
              <Input inputMode="decimal" suffix={t("money.wanYuan")} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item label={t("project.level")} name={["project", "level"]} rules={[{ required: true }]}>
              <Select options={projectLevels.map((v) => ({ value: v, label: t(`projectLevel.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item label={t("project.batch")} name={["project", "batch"]} rules={[{ required: true }]}>
              <Select options={projectBatches.map((v) => ({ value: v, label: t(`projectBatch.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item label={t("project.type")} name={["project", "projectType"]} rules={[{ required: true }]}>
              <Select options={projectTypes.map((v) => ({ value: v, label: t(`projectType.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item label={t("project.location")} name={["project", "location"]} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item label={t("project.campaignRound")} name={["project", "campaignRound"]} rules={[{ max: 50 }]}>
              <Input maxLength={50} placeholder={t("project.campaignRoundHint")} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label={t("lead.note")} name="note" rules={[{ max: 1000 }]}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
