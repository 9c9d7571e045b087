import { type ProjectProcedure, procedureStatuses, type SetProjectProcedure } from "@zonedesk/contracts";
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Row,
  Select,
  Switch,
  Table,
  Tag,
  Typography,
} from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { Link } from "react-router-dom";
import { useT } from "../../../i18n";
import { formatDate, fromDateString, toDateString } from "../../../lib/dates";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useIsMobile } from "../../../lib/use-is-mobile";
import { useSetProcedure } from "../api/projects-api";

const statusColors: Record<ProjectProcedure["status"], string> = {
  not_started: "default",
  in_progress: "processing",
  done: "success",
  not_applicable: "default",
};

interface ProcedureValues {
  status: ProjectProcedure["status"];
  plannedOn?: Dayjs;
  startedOn?: Dayjs;
  completedOn?: Dayjs;
  agencyService: boolean;
  handler?: string;
  note?: string;
}

function ProcedureModal({
  projectId,
  procedure,
  onClose,
}: {
  projectId: string;
  procedure: ProjectProcedure | null;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<ProcedureValues>();
  const save = useSetProcedure(projectId);
  const onFinish = async (values: ProcedureValues) => {
    if (!procedure) return;
    const body: SetProjectProcedure = {
      status: values.status,
      plannedOn: toDateString(values.plannedOn) ?? null,
      startedOn: toDateString(values.startedOn) ?? null,
      completedOn: toDateString(values.completedOn) ?? null,
      agencyService: values.agencyService,
      handler: values.handler?.trim() || null,
      note: values.note?.trim() || null,
      version: procedure.version,
    };
    try {
      await save.mutateAsync({ typeId: procedure.procedureTypeId, body });
      message.success(t("common.saved"));
      onClose();
    } catch (e) {
      handleError(e, form);
    }
  };
  return (
    <Modal
      open={procedure !== null}
      title={procedure?.name}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {procedure && (
        <Form<ProcedureValues>
          form={form}
          layout="vertical"
          onFinish={onFinish}
          initialValues={{
            status: procedure.status,
            plannedOn: fromDateString(procedure.plannedOn),
            startedOn: fromDateString(procedure.startedOn),
            completedOn: fromDateString(procedure.completedOn),
            agencyService: procedure.agencyService,
            handler: procedure.handler ?? undefined,
            note: procedure.note ?? undefined,
          }}
        >
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item label={t("procedure.status")} name="status">
                <Select options={procedureStatuses.map((s) => ({ value: s, label: t(`procedureStatus.${s}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label={t("procedure.agency")} name="agencyService" valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item label={t("procedure.plannedOn")} name="plannedOn">
                <DatePicker style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item label={t("procedure.startedOn")} name="startedOn">
                <DatePicker style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item label={t("procedure.completedOn")} name="completedOn">
                <DatePicker style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item label={t("procedure.handler")} name="handler" rules={[{ max: 100 }]}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item label={t("procedure.note")} name="note" rules={[{ max: 500 }]}>
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      )}
    </Modal>
  );
}

/** 前期手续: the checklist with status, dates and whether the zone's agency service (代办) runs it. */
export function ProceduresCard({
  projectId,
  procedures,
  canEdit,
  canManage,
}: {
  projectId: string;
  procedures: ProjectProcedure[];
  canEdit: boolean;
  /** The admin may edit the checklist itself. */
  canManage: boolean;
}) {
  const t = useT();
  const isMobile = useIsMobile();
  const [editing, setEditing] = useState<ProjectProcedure | null>(null);
  const done = procedures.filter((p) => p.status === "done").length;
  const status = (p: ProjectProcedure) => <Tag color={statusColors[p.status]}>{t(`procedureStatus.${p.status}`)}</Tag>;
  return (
    <Card
      size="small"
      title={`${t("procedure.title")}（${done}/${procedures.length}）`}
      extra={canManage && <Link to="/projects/procedure-types">{t("procedure.typesTitle")}</Link>}
      styles={{ body: { padding: isMobile ? 8 : 0 } }}
    >
      {isMobile ? (
        <List
          dataSource={procedures}
          renderItem={(p) => (
            <List.Item
              actions={
                canEdit
                  ? [
                      <Button key="edit" size="small" type="link" onClick={() => setEditing(p)}>
                        {t("common.edit")}
                      </Button>,
                    ]
                  : []
              }
            >
              <Flex vertical>
                <Typography.Text strong>
                  {p.name} {status(p)} {p.agencyService && <Tag color="purple">{t("procedure.agencyShort")}</Tag>}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t("procedure.plannedOn")} {formatDate(p.plannedOn)} · {t("procedure.completedOn")}{" "}
                  {formatDate(p.completedOn)}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Table<ProjectProcedure>
          rowKey="procedureTypeId"
          size="small"
          pagination={false}
          dataSource={procedures}
          columns={[
            { title: t("procedure.name"), dataIndex: "name", key: "name", width: 150 },
            { title: t("procedure.status"), key: "status", width: 90, render: (_, p) => status(p) },
            {
              title: t("procedure.agency"),
              key: "agency",
              width: 70,
              render: (_, p) => (p.agencyService ? <Tag color="purple">{t("procedure.agencyShort")}</Tag> : "—"),
            },
            { title: t("procedure.plannedOn"), key: "planned", width: 110, render: (_, p) => formatDate(p.plannedOn) },
            { title: t("procedure.startedOn"), key: "started", width: 110, render: (_, p) => formatDate(p.startedOn) },
            {
              title: t("procedure.completedOn"),
              key: "completed",
              width: 110,
              render: (_, p) => formatDate(p.completedOn),
            },
            { title: t("procedure.handler"), key: "handler", width: 100, render: (_, p) => p.handler ?? "—" },
            { title: t("procedure.note"), key: "note", ellipsis: true, render: (_, p) => p.note ?? "—" },
            ...(canEdit
              ? [
                  {
                    title: t("common.actions"),
                    key: "actions",
                    width: 70,
                    render: (_: unknown, p: ProjectProcedure) => (
                      <Button size="small" type="link" onClick={() => setEditing(p)}>
                        {t("common.edit")}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <ProcedureModal projectId={projectId} procedure={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}
