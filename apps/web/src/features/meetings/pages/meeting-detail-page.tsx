import { ArrowLeftOutlined, CheckCircleOutlined, FileWordOutlined, PlusOutlined } from "@ant-design/icons";
import type { MeetingItem } from "@zonedesk/contracts";
import { App, Button, Card, Descriptions, Flex, Result, Table, type TableProps, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { PageSpin } from "../../../components/page-spin";
import { useT } from "../../../i18n";
import { downloadFile, isApiError } from "../../../lib/api";
import { useCan } from "../../../lib/current-user";
import { formatDate, formatDateTime } from "../../../lib/dates";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useIsMobile } from "../../../lib/use-is-mobile";
import { useConcludeMeeting, useMeeting, useRemoveMeetingItem } from "../api/meetings-api";
import { CandidatePickerModal } from "../components/candidate-picker-modal";
import { type ItemErrors, type ItemField, itemErrorsOf, needsResponsibleUnit } from "../components/item-errors";
import { MeetingItemModal } from "../components/meeting-item-modal";

/** One meeting: its agenda of issues with a decision each; conclude applies them; minutes as .docx. */
export function MeetingDetailPage() {
  const { id = "" } = useParams();
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { modal, message } = App.useApp();
  const handleError = useErrorHandler();
  const meeting = useMeeting(id);
  const conclude = useConcludeMeeting(id);
  const remove = useRemoveMeetingItem(id);
  const [picking, setPicking] = useState(false);
  const [editing, setEditing] = useState<MeetingItem | null>(null);
  const [downloading, setDownloading] = useState(false);
  const [itemErrors, setItemErrors] = useState<ItemErrors>({});

  if (meeting.isPending) return <PageSpin />;
  if (meeting.isError) {
    const notFound = isApiError(meeting.error) && (meeting.error.status === 404 || meeting.error.status === 403);
    return (
      <Result
        status={notFound ? "404" : "error"}
        title={notFound ? t("common.notFound") : t("common.loadFailed")}
        subTitle={meeting.error.message}
        extra={<Button onClick={() => navigate(-1)}>{t("common.back")}</Button>}
      />
    );
  }
  const m = meeting.data;
  const editable = m.status === "draft" && can("meeting.write");
  const hasHiddenItems = m.items.some((i) => !i.isVisible);

  const onConclude = () =>
    modal.confirm({
      title: t("meeting.conclude"),
      content: t("meeting.concludeConfirm"),
      okText: t("common.confirm"),
      cancelText: t("common.cancel"),
      onOk: async () => {
        try {
          await conclude.mutateAsync(m.version);
          message.success(t("meeting.concluded"));
        } catch (e) {
          // the refused items show what is missing in their row and in their form; the toast sums it up
          const errors = itemErrorsOf(e, m.items);
          setItemErrors(errors);
          if (Object.keys(errors).length > 0 && isApiError(e)) message.error(e.message);
          else handleError(e);
          if (isApiError(e, "VERSION_CONFLICT")) void meeting.refetch();
        }
      },
    });

  /** The server's refusal of this field of the item at the last conclusion, under the value. */
  const fieldError = (item: MeetingItem, field: ItemField) => {
    const text = itemErrors[item.id]?.[field];
    return text ? (
      <Typography.Text type="danger" style={{ display: "block", fontSize: 12 }} role="alert">
        {text}
      </Typography.Text>
    ) : null;
  };

  const onMinutes = async () => {
    setDownloading(true);
    try {
      await downloadFile(`/meetings/${m.id}/minutes.docx`, {}, `${m.title}-会议纪要.docx`);
    } catch (e) {
      handleError(e);
    } finally {
      setDownloading(false);
    }
  };

  const columns: TableProps<MeetingItem>["columns"] = [
    {
      key: "issue",
      title: t("meeting.issue"),
      width: 260,
      render: (_, i) =>
        // An issue outside the viewer's assignments comes redacted: its number and a "no access" note only.
        !i.isVisible ? (
          <Flex vertical>
            <span>{i.serialNo}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t("common.forbidden")}
            </Typography.Text>
          </Flex>
        ) : (
          <Flex vertical>
            <Link to={`/issues/${i.issueId}`} className="zd-break">
              {i.serialNo} {i.issueTitle}
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[i.enterpriseName, i.projectName, i.leadDepartmentName].filter(Boolean).join(" · ")}
            </Typography.Text>
            <Typography.Text type={i.isOverdue ? "danger" : "secondary"} style={{ fontSize: 12 }}>
              {t("meeting.issueDueOn")} {formatDate(i.dueOn)}
            </Typography.Text>
          </Flex>
        ),
    },
    {
      key: "decision",
      title: t("meeting.decision"),
      render: (_, i) => (
        <>
          <span className="zd-timeline-note">{i.decision ?? "—"}</span>
          {fieldError(i, "decision")}
        </>
      ),
    },
    {
      key: "leader",
      title: t("meeting.responsibleLeader"),
      width: 110,
      render: (_, i) => (
        <>
          {i.responsibleLeaderName ?? "—"}
          {fieldError(i, "responsibleLeaderId")}
        </>
      ),
    },
    {
      key: "unit",
      title: t("meeting.responsibleUnit"),
      width: 140,
      render: (_, i) => (
        <>
          {i.responsibleDepartmentName ??
            (i.isVisible && m.status === "draft" && needsResponsibleUnit(i) ? (
              <Typography.Text type="danger">{t("meeting.unitRequired")}</Typography.Text>
            ) : (
              "—"
            ))}
          {fieldError(i, "responsibleDepartmentId")}
        </>
      ),
    },
    {
      key: "newDueOn",
      title: t("meeting.newDueOn"),
      width: 110,
      render: (_, i) => (
        <>
          {formatDate(i.newDueOn)}
          {fieldError(i, "newDueOn")}
        </>
      ),
    },
    ...(editable
      ? [
          {
            key: "actions",
            title: t("common.actions"),
            width: 130,
            render: (_: unknown, i: MeetingItem) =>
              i.isVisible && (
                <Flex gap={4}>
                  <Button size="small" type="link" onClick={() => setEditing(i)}>
                    {t("common.edit")}
                  </Button>
                  <Button
                    size="small"
                    type="link"
                    danger
                    onClick={() => remove.mutate(i.id, { onError: (e) => handleError(e) })}
                  >
                    {t("meeting.removeItem")}
                  </Button>
                </Flex>
              ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={16}>
      <div>
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ paddingInline: 0 }}>
          {t("common.back")}
        </Button>
      </div>
      <Flex justify="space-between" align="flex-start" wrap gap={12}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }} className="zd-break">
            {m.title}
          </Typography.Title>
          <Tag color={m.status === "concluded" ? "green" : "blue"} style={{ marginTop: 6 }}>
            {t(`meeting.status.${m.status}`)}
          </Tag>
        </div>
        <Flex wrap gap={8}>
          {editable && (
            <Button icon={<PlusOutlined />} onClick={() => setPicking(true)}>
              {t("meeting.addItems")}
            </Button>
          )}
          {editable && (
            // the server lets only someone who sees every item conclude; say so instead of offering a refusal
            <Tooltip title={hasHiddenItems ? t("meeting.concludeNeedsAllVisible") : undefined}>
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                disabled={m.items.length === 0 || hasHiddenItems}
                loading={conclude.isPending}
                onClick={onConclude}
              >
                {t("meeting.conclude")}
              </Button>
            </Tooltip>
          )}
          <Button icon={<FileWordOutlined />} loading={downloading} onClick={onMinutes}>
            {t("meeting.minutes")}
          </Button>
        </Flex>
      </Flex>
      <Card size="small">
        <Descriptions
          size="small"
          column={isMobile ? 1 : 3}
          items={[
            { key: "heldOn", label: t("meeting.heldOn"), children: formatDate(m.heldOn) },
            { key: "location", label: t("meeting.location"), children: m.location ?? "—" },
            { key: "chair", label: t("meeting.chair"), children: m.chairName ?? "—" },
            { key: "orgUnit", label: t("meeting.orgUnit"), children: m.orgUnitName },
            { key: "attendees", label: t("meeting.attendees"), children: m.attendees ?? "—" },
            ...(m.concludedAt
              ? [{ key: "concludedAt", label: t("meeting.status.concluded"), children: formatDateTime(m.concludedAt) }]
              : []),
          ]}
        />
      </Card>
      <Card size="small" title={t("meeting.items")} styles={{ body: { padding: 0 } }}>
        <Table<MeetingItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={m.items}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t("meeting.noItems") }}
        />
      </Card>
      {editable && <CandidatePickerModal meetingId={m.id} open={picking} onClose={() => setPicking(false)} />}
      <MeetingItemModal
        meetingId={m.id}
        item={editing}
        errors={editing ? itemErrors[editing.id] : undefined}
        onSaved={(itemId) => setItemErrors(({ [itemId]: _saved, ...rest }) => rest)}
        onClose={() => setEditing(null)}
      />
    </Flex>
  );
}
