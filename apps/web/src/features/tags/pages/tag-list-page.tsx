import { PlusOutlined } from "@ant-design/icons";
import type { Tag as TagRecord } from "@zonedesk/contracts";
import { Alert, App, Button, Space, Switch, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n";
import { useCan } from "../../../lib/current-user";
import { useTags } from "../../../lib/reference-data";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useSaveTag } from "../api/tags-api";
import { TagModal } from "../components/tag-modal";

/** 企业标签: the managed list of tags enterprises can carry. */
export function TagListPage() {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const tags = useTags();
  const save = useSaveTag();
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<{ open: boolean; tag: TagRecord | null }>({ open: false, tag: null });
  const canWrite = can("tag.write");
  const rows = (tags.data ?? [])
    .filter((tag) => showArchived || !tag.isArchived)
    .sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, "zh-CN"));

  const toggleArchived = async (tag: TagRecord) => {
    try {
      await save.mutateAsync({
        id: tag.id,
        body: {
          name: tag.name,
          category: tag.category,
          sortOrder: tag.sortOrder,
          isArchived: !tag.isArchived,
          version: tag.version,
        },
      });
      message.success(t("common.saved"));
    } catch (e) {
      handleError(e);
    }
  };

  return (
    <>
      <PageHeader
        title={t("tag.listTitle")}
        extra={
          <>
            <Space>
              <Switch checked={showArchived} onChange={setShowArchived} aria-label={t("common.archived")} />
              <Typography.Text>{t("common.archived")}</Typography.Text>
            </Space>
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ open: true, tag: null })}>
                {t("tag.create")}
              </Button>
            )}
          </>
        }
      />
      {tags.isError && <Alert type="error" showIcon title={tags.error.message} style={{ marginBottom: 16 }} />}
      <Table<TagRecord>
        rowKey="id"
        size="middle"
        loading={tags.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 640 }}
        columns={[
          { title: t("tag.name"), dataIndex: "name" },
          { title: t("tag.category"), dataIndex: "category", render: (v: string | null) => v ?? "—" },
          { title: t("tag.sortOrder"), dataIndex: "sortOrder", align: "right", width: 90 },
          { title: t("tag.enterpriseCount"), dataIndex: "enterpriseCount", align: "right", width: 100 },
          {
            title: t("common.status"),
            key: "status",
            width: 100,
            render: (_, tag) =>
              tag.isArchived ? <Tag>{t("common.archived")}</Tag> : <Tag color="green">{t("common.active")}</Tag>,
          },
          ...(canWrite
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  width: 180,
                  render: (_: unknown, tag: TagRecord) => (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => setEditing({ open: true, tag })}>
                        {t("common.edit")}
                      </Button>
                      <Button
                        type="link"
                        size="small"
                        danger={!tag.isArchived}
                        onClick={() => void toggleArchived(tag)}
                      >
                        {tag.isArchived ? t("common.restore") : t("common.archive")}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <TagModal open={editing.open} tag={editing.tag} onClose={() => setEditing({ open: false, tag: null })} />
    </>
  );
}
