import { type CreateEnterprise, checkCreditCode, type Enterprise, enterpriseScales } from "@zonedesk/contracts";
import { Col, DatePicker, Form, type FormInstance, Input, Row, Select } from "antd";
import type { Dayjs } from "dayjs";
import { IndustryTreeSelect } from "../../../components/pickers/industry-tree-select";
import { OrgUnitTreeSelect } from "../../../components/pickers/org-unit-tree-select";
import { TagSelect } from "../../../components/pickers/tag-select";
import { useLabels, useT } from "../../../i18n";
import { fromDateString, toDateString } from "../../../lib/dates";
import { formatYuan, wanYuanInputPattern, wanYuanToYuan, yuanToWanYuanInput } from "../../../lib/money";

/** What the form holds: registered capital typed in 万元, the date as a picker value. */
export interface EnterpriseFormValues {
  orgUnitId?: string;
  creditCode: string;
  name: string;
  legalRepresentative?: string;
  registeredCapital?: string;
  foundedOn?: Dayjs;
  address?: string;
  industryCode?: string;
  scale?: (typeof enterpriseScales)[number];
  contactName?: string;
  contactPhone?: string;
  tagIds?: string[];
}

export function toFormValues(e: Enterprise): EnterpriseFormValues {
  return {
    orgUnitId: e.orgUnitId,
    creditCode: e.creditCode,
    name: e.name,
    legalRepresentative: e.legalRepresentative ?? undefined,
    registeredCapital: yuanToWanYuanInput(e.registeredCapital) || undefined,
    foundedOn: fromDateString(e.foundedOn),
    address: e.address ?? undefined,
    industryCode: e.industryCode ?? undefined,
    scale: e.scale ?? undefined,
    contactName: e.contactName ?? undefined,
    contactPhone: e.contactPhone ?? undefined,
    tagIds: e.tags.map((tag) => tag.id),
  };
}

const text = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** Form values → the API body, with 万元 converted to a yuan string exactly. */
export function toEnterpriseInput(values: EnterpriseFormValues): CreateEnterprise {
  const capital = text(values.registeredCapital);
  return {
    orgUnitId: values.orgUnitId ?? "",
    creditCode: values.creditCode,
    name: values.name.trim(),
    legalRepresentative: text(values.legalRepresentative),
    registeredCapital: capital === null ? null : wanYuanToYuan(capital),
    foundedOn: toDateString(values.foundedOn) ?? null,
    address: text(values.address),
    industryCode: values.industryCode ?? null,
    scale: values.scale ?? null,
    contactName: text(values.contactName),
    contactPhone: text(values.contactPhone),
    tagIds: values.tagIds ?? [],
  };
}

interface EnterpriseFormProps {
  form: FormInstance<EnterpriseFormValues>;
  onFinish: (values: EnterpriseFormValues) => void;
  disabled?: boolean;
}

/** The fields of an enterprise, with the credit code checked as typed (GB 32100 check character). */
export function EnterpriseForm({ form, onFinish, disabled }: EnterpriseFormProps) {
  const t = useT();
  const labels = useLabels();
  const half = { xs: 24, md: 12 };
  const capital = Form.useWatch("registeredCapital", form);
  const capitalYuan = capital ? wanYuanToYuan(capital) : null;
  return (
    <Form<EnterpriseFormValues>
      form={form}
      layout="vertical"
      onFinish={onFinish}
      disabled={disabled}
      scrollToFirstError
    >
      <Row gutter={16}>
        <Col {...half}>
          <Form.Item
            label={t("enterprise.name")}
            name="name"
            rules={[{ required: true, whitespace: true, min: 2, max: 200, message: "企业名称为2-200个字" }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            label={t("enterprise.creditCode")}
            name="creditCode"
            validateFirst
            rules={[
              { required: true, message: "请输入统一社会信用代码" },
              {
                validator: (_, value: string | undefined) => {
                  if (!value) return Promise.resolve();
                  const result = checkCreditCode(value);
                  return result.ok ? Promise.resolve() : Promise.reject(new Error(result.reason));
                },
              },
            ]}
          >
            <Input maxLength={30} style={{ fontFamily: "monospace" }} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            label={t("enterprise.orgUnit")}
            name="orgUnitId"
            rules={[{ required: true, message: "请选择所属园区/区域" }]}
          >
            <OrgUnitTreeSelect allowClear={false} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("enterprise.industry")} name="industryCode">
            <IndustryTreeSelect />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("enterprise.legalRepresentative")} name="legalRepresentative" rules={[{ max: 50 }]}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            label={t("enterprise.registeredCapitalWan")}
            name="registeredCapital"
            extra={
              capitalYuan
                ? t("enterprise.capitalYuan", { yuan: formatYuan(capitalYuan) ?? "" })
                : t("enterprise.capitalHint")
            }
            rules={[
              {
                validator: (_, value: string | undefined) =>
                  !value?.trim() || wanYuanInputPattern.test(value.trim().replaceAll(",", ""))
                    ? Promise.resolve()
                    : Promise.reject(new Error(t("enterprise.capitalInvalid"))),
              },
            ]}
          >
            <Input inputMode="decimal" suffix={t("money.wanYuan")} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("enterprise.foundedOn")} name="foundedOn">
            <DatePicker style={{ width: "100%" }} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("enterprise.scale")} name="scale">
            <Select allowClear options={enterpriseScales.map((s) => ({ value: s, label: labels.scale[s] }))} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item label={t("enterprise.address")} name="address" rules={[{ max: 300 }]}>
            <Input maxLength={300} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("enterprise.contactName")} name="contactName" rules={[{ max: 50 }]}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t("enterprise.contactPhone")} name="contactPhone" rules={[{ max: 30 }]}>
            <Input maxLength={30} inputMode="tel" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item label={t("enterprise.tags")} name="tagIds">
            <TagSelect />
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
