import { PlusOutlined } from "@ant-design/icons";
import type { Meeting } from "@zonedesk/contracts";
import { Alert, App, Button, DatePicker, Form, Input, Modal, Table, type TableProps, Tag } from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { PageHeader } from "../../../components/page-header";
import { UserPicker } from "../../../components/pickers/user-picker";
import { useT } from "../../../i18n";
import { useCan } from "../../../lib/current-user";
import { formatDate, toDateString } from "../../../lib/dates";
import { serverPagination } from "../../../lib/server-pagination";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useCreateMeeting, useMeetingList } from "../api/meetings-api";

interface FormValues {
  title: string;
  heldOn: Dayjs;
  location?: string;
  chairUserId?: string;
  attendees?: string;
  notes?: string;
}

/** 联审联批会议: the list, newest first, and a new meeting. */
export function MeetingListPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useMeetingList({ page, pageSize });
  const create = useCreateMeeting();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<FormValues>();

  const onCreate = async () => {
    const v = await form.validateFields();
    try {
      const saved = await create.mutateAsync({
        title: v.title.trim(),
        heldOn: toDateString(v.heldOn) ?? "",
        location: v.location?.trim() || null,
        chairUserId: v.chairUserId ?? null,
        attendees: v.attendees?.trim() || null,
        notes: v.notes?.trim() || null,
      });
      message.success(t("common.saved"));
      setOpen(false);
      navigate(`/meetings/${saved.id}`);
    } catch (e) {
      handleError(e, form, {
        labels: {
          orgUnitId: t("meeting.orgUnit"),
          title: t("meeting.title"),
          heldOn: t("meeting.heldOn"),
          location: t("meeting.location"),
          chairUserId: t("meeting.chair"),
          attendees: t("meeting.attendees"),
          notes: t("meeting.notes"),
        },
      });
    }
  };

  const columns: TableProps<Meeting>["columns"] = [
    { key: "heldOn", title: t("meeting.heldOn"), dataIndex: "heldOn", width: 120, render: formatDate },
    {
      key: "title",
      title: t("meeting.title"),
      render: (_, m) => <Link to={`/meetings/${m.id}`}>{m.title}</Link>,
    },
    { key: "orgUnit", title: t("meeting.orgUnit"), dataIndex: "orgUnitName", width: 200 },
    { key: "chair", title: t("meeting.chair"), dataIndex: "chairName", width: 120, render: (v) => v ?? "—" },
    { key: "items", title: t("meeting.itemCount"), dataIndex: "itemCount", width: 90, align: "right" },
    {
      key: "status",
      title: t("meeting.status"),
      width: 100,
      render: (_, m) => (
        <Tag color={m.status === "concluded" ? "green" : "blue"}>{t(`meeting.status.${m.status}`)}</Tag>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("meeting.listTitle")}
        extra={
          can("meeting.write") && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
              {t("meeting.new")}
            </Button>
          )
        }
      />
      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      <Table<Meeting>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.data ?? []}
        loading={list.isFetching}
        scroll={{ x: 800 }}
        locale={{ emptyText: t("meeting.empty") }}
        pagination={serverPagination(t, {
          page,
          pageSize,
          total: list.data?.total ?? 0,
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        })}
      />
      <Modal
        open={open}
        title={t("meeting.new")}
        onOk={onCreate}
        onCancel={() => setOpen(false)}
        okText={t("common.save")}
        cancelText={t("common.cancel")}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          requiredMark="optional"
          initialValues={{ heldOn: dayjs() }}
          preserve={false}
        >
          <Form.Item
            name="title"
            label={t("meeting.title")}
            rules={[
              { required: true, whitespace: true, message: "请输入会议名称" },
              { min: 2, message: "会议名称至少2个字" },
            ]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="heldOn" label={t("meeting.heldOn")} rules={[{ required: true, message: "请选择会议日期" }]}>
            <DatePicker style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="location" label={t("meeting.location")}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="chairUserId" label={t("meeting.chair")}>
            <UserPicker roles={["leader", "admin"]} />
          </Form.Item>
          <Form.Item name="attendees" label={t("meeting.attendees")}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.Item name="notes" label={t("meeting.notes")}>
            <Input.TextArea rows={2} maxLength={5000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
