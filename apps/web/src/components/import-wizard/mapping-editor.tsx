import type { ImportPreview } from "@zonedesk/contracts";
import { Button, Flex, Select, Table, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { useT } from "../../i18n";

interface MappingEditorProps {
  preview: ImportPreview;
  saving: boolean;
  onApply: (mapping: Record<string, string | null>) => void;
}

/** For each field the import knows, which sheet column feeds it; applying re-checks the whole file. */
export function MappingEditor({ preview, saving, onApply }: MappingEditorProps) {
  const t = useT();
  const [mapping, setMapping] = useState<Record<string, string | null>>(preview.mapping);
  useEffect(() => setMapping(preview.mapping), [preview.mapping]);
  const isDirty = preview.fields.some((f) => (mapping[f.key] ?? null) !== (preview.mapping[f.key] ?? null));
  const options = preview.sheetHeaders.map((h) => ({ value: h, label: h }));

  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary">{t("import.mappingHint")}</Typography.Text>
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={preview.fields}
        scroll={{ x: 480 }}
        columns={[
          {
            title: t("import.field"),
            key: "field",
            width: 220,
            render: (_, f) => (
              <>
                {f.header} {f.required && <Tag color="red">{t("import.required")}</Tag>}
              </>
            ),
          },
          {
            title: t("import.sheetColumn"),
            key: "column",
            render: (_, f) => (
              <Select<string | null>
                aria-label={f.header}
                value={mapping[f.key] ?? null}
                onChange={(value) => setMapping((m) => ({ ...m, [f.key]: value ?? null }))}
                options={[{ value: null, label: t("import.notMapped") }, ...options]}
                status={f.required && !mapping[f.key] ? "error" : undefined}
                style={{ width: "100%", minWidth: 180 }}
              />
            ),
          },
        ]}
      />
      <div>
        <Button
          type={isDirty ? "primary" : "default"}
          disabled={!isDirty}
          loading={saving}
          onClick={() => onApply(mapping)}
        >
          {t("import.applyMapping")}
        </Button>
      </div>
    </Flex>
  );
}
