import type { ImportPreview, ImportPreviewRow, ImportRowIssue } from "@zonedesk/contracts";
import { Alert, Card, Col, Flex, Row, Statistic, Table, Tag, Typography } from "antd";
import { type MessageKey, useT } from "../../i18n";
import { MappingEditor } from "./mapping-editor";

const actionColor: Record<ImportPreviewRow["action"], string> = {
  create: "green",
  update: "blue",
  unchanged: "default",
  refused: "red",
};
export const actionLabel: Record<ImportPreviewRow["action"], MessageKey> = {
  create: "import.create",
  update: "import.update",
  unchanged: "import.unchanged",
  refused: "import.refused",
};

/** The counts of what the import would do; the bigger numbers first on a phone. */
export function ImportCounts({ preview }: { preview: ImportPreview }) {
  const t = useT();
  const cells: { key: MessageKey; value: number; color?: string }[] = [
    { key: "import.total", value: preview.counts.total },
    { key: "import.create", value: preview.counts.create, color: "#389e0d" },
    { key: "import.update", value: preview.counts.update, color: "#1668dc" },
    { key: "import.unchanged", value: preview.counts.unchanged },
    { key: "import.refused", value: preview.counts.refused, color: preview.counts.refused > 0 ? "#cf1322" : undefined },
  ];
  return (
    <Row gutter={[12, 12]}>
      {cells.map((c) => (
        <Col key={c.key} xs={12} sm={8} md={4}>
          <Card size="small">
            <Statistic title={t(c.key)} value={c.value} styles={{ content: { color: c.color } }} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

interface PreviewStepProps {
  preview: ImportPreview;
  savingMapping: boolean;
  onApplyMapping: (mapping: Record<string, string | null>) => void;
}

/** Step 2: counts, refused rows with row/column/reason, the column mapping, sample rows. */
export function PreviewStep({ preview, savingMapping, onApplyMapping }: PreviewStepProps) {
  const t = useT();
  return (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary">
        {t("import.file")}：{preview.fileName}
      </Typography.Text>
      <ImportCounts preview={preview} />
      <Card size="small" title={`${t("import.refusedRows")}（${preview.issues.length}）`}>
        {preview.issues.length === 0 ? (
          <Alert type="success" showIcon title={t("import.noIssues")} />
        ) : (
          <Table<ImportRowIssue>
            rowKey={(i) => `${i.rowNumber}-${i.column}-${i.message}`}
            size="small"
            dataSource={preview.issues}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            scroll={{ x: 480 }}
            columns={[
              { title: t("import.rowNumber"), dataIndex: "rowNumber", width: 80 },
              { title: t("import.column"), dataIndex: "column", width: 180 },
              { title: t("import.reason"), dataIndex: "message" },
            ]}
          />
        )}
      </Card>
      <Card size="small" title={t("import.mapping")}>
        <MappingEditor preview={preview} saving={savingMapping} onApply={onApplyMapping} />
      </Card>
      <Card size="small" title={t("import.sampleRows")}>
        <Table<ImportPreviewRow>
          rowKey="rowNumber"
          size="small"
          dataSource={preview.rows}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 640 }}
          columns={[
            { title: t("import.rowNumber"), dataIndex: "rowNumber", width: 80 },
            {
              title: t("import.action"),
              dataIndex: "action",
              width: 100,
              render: (a: ImportPreviewRow["action"]) => <Tag color={actionColor[a]}>{t(actionLabel[a])}</Tag>,
            },
            { title: t("import.key"), dataIndex: "key" },
            { title: t("import.label"), dataIndex: "label" },
            {
              title: t("import.changes"),
              dataIndex: "changes",
              render: (changes: string[]) => (changes.length > 0 ? changes.join("、") : "—"),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
