import { type MeetingCandidate, meetingCandidateKinds } from "@zonedesk/contracts";
import { App, Modal, Segmented, Table, type TableProps, Tag, Typography } from "antd";
import { useState } from "react";
import { useT } from "../../../i18n";
import { formatDate } from "../../../lib/dates";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useAddMeetingItems, useMeetingCandidates } from "../api/meetings-api";

type Kind = (typeof meetingCandidateKinds)[number];

/** Pick open issues (overdue / escalated / of key projects) to put on the meeting's agenda. */
export function CandidatePickerModal({
  meetingId,
  open,
  onClose,
}: {
  meetingId: string;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [kind, setKind] = useState<Kind>("all");
  const [selected, setSelected] = useState<string[]>([]);
  const candidates = useMeetingCandidates(meetingId, kind, open);
  const add = useAddMeetingItems(meetingId);

  const onOk = async () => {
    try {
      await add.mutateAsync(selected);
      message.success(t("common.saved"));
      setSelected([]);
      onClose();
    } catch (e) {
      handleError(e);
    }
  };

  const columns: TableProps<MeetingCandidate>["columns"] = [
    { key: "serialNo", title: t("meeting.issueSerialNo"), dataIndex: "serialNo", width: 130 },
    {
      key: "title",
      title: t("meeting.issue"),
      render: (_, c) => (
        <>
          <div className="zd-break">{c.title}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[c.enterpriseName, c.projectName].filter(Boolean).join(" · ")}
          </Typography.Text>
        </>
      ),
    },
    { key: "dept", title: t("meeting.leadDepartment"), dataIndex: "leadDepartmentName", width: 140 },
    {
      key: "due",
      title: t("meeting.issueDueOn"),
      width: 150,
      render: (_, c) => (
        <>
          <Typography.Text type={c.isOverdue ? "danger" : undefined}>{formatDate(c.dueOn)}</Typography.Text>
          {c.escalationLevel > 0 && (
            <Tag color="volcano" style={{ marginInlineStart: 6 }}>
              {t(c.escalationLevel >= 2 ? "meeting.escalation.2" : "meeting.escalation.1")}
            </Tag>
          )}
        </>
      ),
    },
  ];

  return (
    <Modal
      open={open}
      width={860}
      title={t("meeting.candidates")}
      onCancel={onClose}
      onOk={onOk}
      okText={t("meeting.addSelected", { count: selected.length })}
      okButtonProps={{ disabled: selected.length === 0 }}
      cancelText={t("common.cancel")}
      confirmLoading={add.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t("meeting.candidateHint")}</Typography.Paragraph>
      <Segmented<Kind>
        value={kind}
        onChange={setKind}
        options={meetingCandidateKinds.map((k) => ({ value: k, label: t(`meeting.kind.${k}`) }))}
        style={{ marginBottom: 12 }}
      />
      <Table<MeetingCandidate>
        rowKey="issueId"
        size="small"
        columns={columns}
        dataSource={candidates.data ?? []}
        loading={candidates.isFetching}
        pagination={{ pageSize: 10 }}
        scroll={{ x: 700 }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }}
      />
    </Modal>
  );
}
