import { type CreateLead, type Lead, leadOriginRegions, leadSources } from "@zonedesk/contracts";
import { Checkbox, Col, Form, type FormInstance, Input, Row, Select } from "antd";
import { IndustryTreeSelect } from "../../../components/pickers/industry-tree-select";
import { OrgUnitTreeSelect } from "../../../components/pickers/org-unit-tree-select";
import { UserPicker } from "../../../components/pickers/user-picker";
import { useT } from "../../../i18n";
import { formatYuan, wanYuanInputPattern, wanYuanToYuan, yuanToWanYuanInput } from "../../../lib/money";

export interface LeadFormValues {
  orgUnitId?: string;
  projectName: string;
  investorName: string;
  originRegion?: CreateLead["originRegion"];
  originProvince?: string;
  industryChain?: string;
  industryCode?: string;
  intendedInvestment?: string;
  flags?: ("isFortune500" | "isCentralSoe" | "isListed")[];
  source?: CreateLead["source"];
  ownerUserId?: string;
  contactName?: string;
  contactPhone?: string;
  description?: string;
}

const text = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

export function toLeadFormValues(lead: Lead): LeadFormValues {
  return {
    orgUnitId: lead.orgUnitId,
    projectName: lead.projectName,
    investorName: lead.investorName,
    originRegion: (lead.originRegion ?? undefined) as LeadFormValues["originRegion"], // the server only stores list values
    originProvince: lead.originProvince ?? undefined,
    industryChain: lead.industryChain ?? undefined,
    industryCode: lead.industryCode ?? undefined,
    intendedInvestment: yuanToWanYuanInput(lead.intendedInvestment) || undefined,
    flags: [
      ...(lead.isFortune500 ? (["isFortune500"] as const) : []),
      ...(lead.isCentralSoe ? (["isCentralSoe"] as const) : []),
      ...(lead.isListed ? (["isListed"] as const) : []),
    ],
    source: lead.source,
    ownerUserId: lead.ownerUserId ?? undefined,
    contactName: lead.contactName ?? undefined,
    contactPhone: lead.contactPhone ?? undefined,
    description: lead.description ?? undefined,
  };
}

export function toLeadInput(values: LeadFormValues): CreateLead {
  const amount = text(values.intendedInvestment);
  const flags = values.flags ?? [];
  return {
    orgUnitId: values.orgUnitId ?? "",
    projectName: values.projectName.trim(),
    investorName: values.investorName.trim(),
    originRegion: values.originRegion ?? null,
    originProvince: text(values.originProvince),
    industryChain: text(values.industryChain),
    industryCode: values.industryCode ?? null,
    intendedInvestment: amount === null ? null : wanYuanToYuan(amount),
    isFortune500: flags.includes("isFortune500"),
    isCentralSoe: flags.includes("isCentralSoe"),
    isListed: flags.includes("isListed"),
    source: values.source ?? "other",
    ownerUserId: values.ownerUserId ?? null,
    contactName: text(values.contactName),
    contactPhone: text(values.contactPhone),
    description: text(values.description),
  };
}

/** The fields of an investment lead (招商线索). */
export function LeadForm({
  form,
  onFinish,
  ownerLabel,
}: {
  form: FormInstance<LeadFormValues>;
  onFinish: (values: LeadFormValues) => void;
  ownerLabel?: string;
}) {
  const t = useT();
  const half = { xs: 24, md: 12 };
  const amount = Form.useWatch("intendedInvestment", form);
  const amountYuan = amount ? wanYuanToYuan(amount) : null;
  return (
    <Form<LeadFormValues> form={form} layout="vertical" onFinish={onFinish} scrollToFirstError>
      <Row gutter={16}>
        <Col {...half}>
          <Form.Item
            label={t("lead.projectName")}
            name="projectName"
            rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t("lead.projectNameRule") }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            label={t("lead.investor")}
            name="investorName"
            rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t("lead.investorRule") }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            label={t("lead.orgUnit")}
            name="orgUnitId"
            rules={[{ required: true, message: t("lead.orgUnitRequired") }]}
          >
            <OrgUnitTreeSelect allowClear={false} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            label={t("lead.source")}
            name="source"
            rules={[{ required: true, message: t("lead.sourceRequired") }]}
          >
            <Select options={leadSources.map((s) => ({ value: s, label: t(`leadSource.${s}`) }))} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("lead.originRegion")} name="originRegion">
            <Select allowClear options={leadOriginRegions.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("lead.originProvince")} name="originProvince" rules={[{ max: 30 }]}>
            <Input maxLength={30} placeholder={t("lead.originProvinceHint")} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            label={t("lead.intendedInvestmentWan")}
            name="intendedInvestment"
            extra={amountYuan ? t("project.yuanEquals", { yuan: formatYuan(amountYuan) ?? "" }) : undefined}
            rules={[
              {
                validator: (_, v: string | undefined) =>
                  !v?.trim() || wanYuanInputPattern.test(v.trim().replaceAll(",", ""))
                    ? Promise.resolve()
                    : Promise.reject(new Error(t("project.amountInvalid", { field: t("lead.intendedInvestment") }))),
              },
            ]}
          >
            <Input inputMode="decimal" suffix={t("money.wanYuan")} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("lead.flags")} name="flags">
            <Checkbox.Group
              options={[
                { value: "isFortune500", label: t("leadFlag.fortune500") },
                { value: "isCentralSoe", label: t("leadFlag.centralSoe") },
                { value: "isListed", label: t("leadFlag.listed") },
              ]}
            />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("lead.industryChain")} name="industryChain" rules={[{ max: 50 }]}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("lead.industry")} name="industryCode">
            <IndustryTreeSelect />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("lead.owner")} name="ownerUserId">
            <UserPicker roles={["admin", "leader", "cadre"]} initialLabel={ownerLabel} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label={t("lead.contactName")} name="contactName" rules={[{ max: 50 }]}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label={t("lead.contactPhone")} name="contactPhone" rules={[{ max: 30 }]}>
            <Input maxLength={30} inputMode="tel" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item label={t("lead.description")} name="description" rules={[{ max: 2000 }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
