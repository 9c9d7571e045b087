import { Form, Input, Select } from "antd";
import type { NamePath } from "antd/es/form/interface";
import { useT } from "../../../i18n";
import { useIssueCategories } from "../api/issues-api";

/** Category, title and description of one issue; `prefix` places them inside a Form.List row. */
export function IssueDraftFields({ prefix = [] }: { prefix?: (string | number)[] }) {
  const t = useT();
  const categories = useIssueCategories();
  const name = (field: string): NamePath => [...prefix, field];
  return (
    <>
      <Form.Item
        name={name("categoryId")}
        label={t("issue.category")}
        rules={[{ required: true, message: "请选择问题类别" }]}
      >
        <Select
          placeholder={t("issue.category")}
          loading={categories.isLoading}
          options={(categories.data ?? []).filter((c) => !c.isArchived).map((c) => ({ value: c.id, label: c.name }))}
        />
      </Form.Item>
      <Form.Item
        name={name("title")}
        label={t("issue.title")}
        rules={[
          { required: true, whitespace: true, message: "请填写问题标题" },
          { min: 2, message: "问题标题至少2个字" },
        ]}
      >
        <Input maxLength={100} placeholder={t("issue.title")} />
      </Form.Item>
      <Form.Item
        name={name("description")}
        label={t("issue.description")}
        rules={[
          { required: true, whitespace: true, message: "请填写问题描述" },
          { min: 5, message: "问题描述至少5个字" },
        ]}
      >
        <Input.TextArea rows={3} maxLength={5000} placeholder={t("issue.description")} />
      </Form.Item>
    </>
  );
}
