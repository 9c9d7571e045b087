import {
  type CreateProject,
  type ProjectDetail,
  type ProjectStage,
  projectBatches,
  projectLevels,
  projectStages,
  projectTypes,
} from "@zonedesk/contracts";
import { Col, DatePicker, Form, type FormInstance, Input, Radio, Row, Select } from "antd";
import type { Dayjs } from "dayjs";
import { EnterprisePicker } from "../../../components/pickers/enterprise-picker";
import { IndustryTreeSelect } from "../../../components/pickers/industry-tree-select";
import { OrgUnitTreeSelect } from "../../../components/pickers/org-unit-tree-select";
import { useT } from "../../../i18n";
import { fromDateString, toDateString } from "../../../lib/dates";
import { formatYuan, wanYuanInputPattern, wanYuanToYuan, yuanToWanYuanInput } from "../../../lib/money";

/** What the form holds: money typed in 万元, dates as picker values. */
export interface ProjectFormValues {
  orgUnitId?: string;
  name: string;
  investorKind: "registered" | "new";
  enterpriseId?: string;
  investorName?: string;
  industryCode?: string;
  industryChain?: string;
  level?: CreateProject["level"];
  batch?: CreateProject["batch"];
  campaignRound?: string;
  projectType?: CreateProject["projectType"];
  totalInvestment?: string;
  location?: string;
  landParcel?: string;
  landAreaMu?: string;
  constructionContent?: string;
  plannedDates?: Partial<Record<ProjectStage, Dayjs | undefined>>;
}

const text = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

export function toProjectFormValues(p: ProjectDetail): ProjectFormValues {
  return {
    orgUnitId: p.orgUnitId,
    name: p.name,
    investorKind: p.enterpriseId ? "registered" : "new",
    enterpriseId: p.enterpriseId ?? undefined,
    investorName: p.enterpriseId ? undefined : (p.investorName ?? undefined),
    industryCode: p.industryCode ?? undefined,
    industryChain: p.industryChain ?? undefined,
    level: p.level,
    batch: p.batch,
    campaignRound: p.campaignRound ?? undefined,
    projectType: p.projectType,
    totalInvestment: yuanToWanYuanInput(p.totalInvestment),
    location: p.location ?? undefined,
    landParcel: p.landParcel ?? undefined,
    landAreaMu: p.landAreaMu ?? undefined,
    constructionContent: p.constructionContent ?? undefined,
    plannedDates: Object.fromEntries(p.stageDates.map((d) => [d.stage, fromDateString(d.plannedOn)])),
  };
}

/** Form values → the API body, 万元 converted to yuan strings exactly. */
export function toProjectInput(values: ProjectFormValues): CreateProject {
  const plannedDates: Partial<Record<ProjectStage, string | null>> = {};
  for (const stage of projectStages) {
    const date = values.plannedDates?.[stage];
    if (date) plannedDates[stage] = toDateString(date) ?? null;
  }
  const isRegistered = values.investorKind === "registered";
  return {
    orgUnitId: values.orgUnitId ?? "",
    name: values.name.trim(),
    enterpriseId: isRegistered ? (values.enterpriseId ?? null) : null,
    investorName: isRegistered ? null : text(values.investorName),
    industryCode: values.industryCode ?? null,
    industryChain: text(values.industryChain),
    level: values.level ?? "county",
    batch: values.batch ?? "signing",
    campaignRound: text(values.campaignRound),
    projectType: values.projectType ?? "new",
    totalInvestment: wanYuanToYuan(values.totalInvestment ?? "") ?? "",
    location: text(values.location),
    landParcel: text(values.landParcel),
    landAreaMu: text(values.landAreaMu),
    constructionContent: text(values.constructionContent),
    plannedDates,
  };
}

/** A 万元 amount field that shows the yuan it stands for. */
export function WanYuanItem({
  name,
  label,
  required,
  form,
}: {
  name: string;
  label: string;
  required?: boolean;
  form: FormInstance;
}) {
  const t = useT();
  const value = Form.useWatch(name, form) as string | undefined;
  const yuan = value ? wanYuanToYuan(value) : null;
  return (
    <Form.Item
      label={label}
      name={name}
      extra={yuan ? t("project.yuanEquals", { yuan: formatYuan(yuan) ?? "" }) : undefined}
      rules={[
        { required, message: t("project.amountRequired", { field: label }) },
        {
          validator: (_, v: string | undefined) =>
            !v?.trim() || wanYuanInputPattern.test(v.trim().replaceAll(",", ""))
              ? Promise.resolve()
              : Promise.reject(new Error(t("project.amountInvalid", { field: label }))),
        },
      ]}
    >
      <Input inputMode="decimal" suffix={t("money.wanYuan")} autoComplete="off" />
    </Form.Item>
  );
}

interface ProjectFormProps {
  form: FormInstance<ProjectFormValues>;
  onFinish: (values: ProjectFormValues) => void;
  /** Planned stage dates are entered with a new project; an edit changes them on the project page. */
  withPlannedDates?: boolean;
}

/** The fields of a key project (重点项目). */
export function ProjectForm({ form, onFinish, withPlannedDates = true }: ProjectFormProps) {
  const t = useT();
  const half = { xs: 24, md: 12 };
  const third = { xs: 24, md: 8 };
  const investorKind = Form.useWatch("investorKind", form);
  return (
    <Form<ProjectFormValues>
      form={form}
      layout="vertical"
      onFinish={onFinish}
      scrollToFirstError
      initialValues={{ investorKind: "registered", level: "county", batch: "signing", projectType: "new" }}
    >
      <Row gutter={16}>
        <Col span={24}>
          <Form.Item
            label={t("project.name")}
            name="name"
            rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t("project.nameRule") }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("project.investorKind")} name="investorKind">
            <Radio.Group
              options={[
                { value: "registered", label: t("project.investorRegistered") },
                { value: "new", label: t("project.investorNew") },
              ]}
            />
          </Form.Item>
        </Col>
        <Col {...half}>
          {investorKind === "new" ? (
            <Form.Item
              label={t("project.investor")}
              name="investorName"
              rules={[{ required: true, whitespace: true, max: 200, message: t("project.investorRequired") }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          ) : (
            <Form.Item
              label={t("project.investor")}
              name="enterpriseId"
              rules={[{ required: true, message: t("project.investorRequired") }]}
            >
              <EnterprisePicker />
            </Form.Item>
          )}
        </Col>
        <Col {...half}>
          <Form.Item
            label={t("project.orgUnit")}
            name="orgUnitId"
            rules={[{ required: true, message: t("project.orgUnitRequired") }]}
          >
            <OrgUnitTreeSelect allowClear={false} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <WanYuanItem name="totalInvestment" label={t("project.totalInvestmentWan")} required form={form} />
        </Col>
        <Col {...third}>
          <Form.Item label={t("project.level")} name="level" rules={[{ required: true }]}>
            <Select options={projectLevels.map((v) => ({ value: v, label: t(`projectLevel.${v}`) }))} />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item label={t("project.batch")} name="batch" rules={[{ required: true }]}>
            <Select options={projectBatches.map((v) => ({ value: v, label: t(`projectBatch.${v}`) }))} />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item label={t("project.type")} name="projectType" rules={[{ required: true }]}>
            <Select options={projectTypes.map((v) => ({ value: v, label: t(`projectType.${v}`) }))} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("project.campaignRound")} name="campaignRound" rules={[{ max: 50 }]}>
            <Input maxLength={50} placeholder={t("project.campaignRoundHint")} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("project.industryChain")} name="industryChain" rules={[{ max: 50 }]}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("project.industry")} name="industryCode">
            <IndustryTreeSelect />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("project.location")} name="location" rules={[{ max: 200 }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("project.landParcel")} name="landParcel" rules={[{ max: 200 }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            label={t("project.landAreaMu")}
            name="landAreaMu"
            rules={[{ pattern: /^\d{1,10}(\.\d{1,2})?$/, message: t("project.landAreaInvalid") }]}
          >
            <Input inputMode="decimal" suffix={t("project.mu")} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item label={t("project.constructionContent")} name="constructionContent" rules={[{ max: 2000 }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Col>
        {withPlannedDates &&
          projectStages.map((stage) => (
            <Col key={stage} xs={12} md={8} lg={4}>
              <Form.Item
                label={t("project.plannedOnOf", { stage: t(`projectStage.${stage}`) })}
                name={["plannedDates", stage]}
              >
                <DatePicker style={{ width: "100%" }} />
              </Form.Item>
            </Col>
          ))}
      </Row>
    </Form>
  );
}
