import { orgUnitKinds } from "@zonedesk/contracts";
import { Form, Input, Select } from "antd";
import { useLabels, useT } from "../../../i18n";

/** Name, level and GB/T 2260 division code: shared by the create and edit forms. */
export function OrgUnitFields() {
  const t = useT();
  const labels = useLabels();
  return (
    <>
      <Form.Item label={t("orgUnit.name")} name="name" rules={[{ required: true, whitespace: true, max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item label={t("orgUnit.kind")} name="kind" rules={[{ required: true }]}>
        <Select options={orgUnitKinds.map((k) => ({ value: k, label: labels.orgUnitKind[k] }))} />
      </Form.Item>
      <Form.Item
        label={t("orgUnit.divisionCode")}
        name="divisionCode"
        rules={[{ pattern: /^\d{6}$/, message: t("orgUnit.divisionCodeInvalid") }]}
      >
        <Input maxLength={6} inputMode="numeric" placeholder="320505" />
      </Form.Item>
    </>
  );
}
