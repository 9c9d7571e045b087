import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { type LeadActivityInput, type LeadStage, leadActivityKinds } from "@zonedesk/contracts";
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Result,
  Row,
  Select,
  Space,
  Steps,
  Tag,
  Timeline,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { PageSpin } from "../../../components/page-spin";
import { useT } from "../../../i18n";
import { isApiError } from "../../../lib/api";
import { useCan } from "../../../lib/current-user";
import { formatDate, formatDateTime, toDateString } from "../../../lib/dates";
import { formatWanYuan } from "../../../lib/money";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useIsMobile } from "../../../lib/use-is-mobile";
import { useAddLeadActivity, useLead, useLeadActivities } from "../api/leads-api";
import { LeadFlagTags, nextLeadStage } from "../components/lead-card";
import { MoveStageModal } from "../components/move-stage-modal";
import { SignLeadModal } from "../components/sign-lead-modal";

interface ActivityValues {
  kind: LeadActivityInput["kind"];
  occurredOn: Dayjs;
  participants?: string;
  summary: string;
}

/** 招商活动: adds a contact, an investor site visit (考察), a negotiation round (洽谈)… with date and people. */
function ActivityModal({ leadId, open, onClose }: { leadId: string; open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<ActivityValues>();
  const add = useAddLeadActivity(leadId);
  const onFinish = async (values: ActivityValues) => {
    try {
      await add.mutateAsync({
        kind: values.kind,
        occurredOn: toDateString(values.occurredOn) ?? "",
        participants: values.participants?.trim() || null,
        summary: values.summary.trim(),
      });
      message.success(t("lead.activityAdded"));
      form.resetFields();
      onClose();
    } catch (e) {
      handleError(e, form);
    }
  };
  return (
    <Modal
      open={open}
      title={t("lead.addActivity")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={add.isPending}
      destroyOnHidden
    >
      <Form<ActivityValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ kind: "site_visit", occurredOn: dayjs() }}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item label={t("lead.activityKind")} name="kind" rules={[{ required: true }]}>
              <Select options={leadActivityKinds.map((k) => ({ value: k, label: t(`leadActivity.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label={t("lead.occurredOn")}
              name="occurredOn"
              rules={[{ required: true, message: t("lead.occurredOnRequired") }]}
            >
              <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isAfter(dayjs(), "day")} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t("lead.participants")} name="participants" rules={[{ max: 500 }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item
          label={t("lead.summary")}
          name="summary"
          rules={[{ required: true, whitespace: true, max: 2000, message: t("lead.summaryRequired") }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const pipeline: LeadStage[] = ["lead", "contact", "site_visit", "negotiation", "signed"];

/** One lead: facts, where it stands in the pipeline, its activity log and stage history; advance, terminate, sign. */
export function LeadDetailPage() {
  const { id = "" } = useParams();
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const lead = useLead(id);
  const activities = useLeadActivities(id);
  const [activityOpen, setActivityOpen] = useState(false);
  const [moving, setMoving] = useState<LeadStage | null>(null);
  const [signing, setSigning] = useState(false);

  if (lead.isPending) return <PageSpin />;
  if (lead.isError) {
    const notFound = isApiError(lead.error) && (lead.error.status === 404 || lead.error.status === 403);
    return (
      <Result
        status={notFound ? "404" : "error"}
        title={notFound ? t("common.notFound") : t("common.loadFailed")}
        subTitle={lead.error.message}
        extra={<Button onClick={() => navigate(-1)}>{t("common.back")}</Button>}
      />
    );
  }
  const l = lead.data;
  const canWrite = can("lead.write");
  const isOpen = l.stage !== "signed" && l.stage !== "terminated";
  const next = nextLeadStage(l.stage);
  const current = pipeline.indexOf(l.stage);

  return (
    <Flex vertical gap={isMobile ? 12 : 16}>
      <div>
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ paddingInline: 0 }}>
          {t("common.back")}
        </Button>
      </div>
      <Flex justify="space-between" align="flex-start" wrap gap={12}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={4} style={{ margin: 0 }} className="zd-break">
            {l.projectName}
          </Typography.Title>
          <Space wrap size={4} style={{ marginTop: 4 }}>
            <Tag color={l.stage === "terminated" ? "default" : l.stage === "signed" ? "green" : "blue"}>
              {t(`leadStage.${l.stage}`)}
            </Tag>
            <LeadFlagTags lead={l} />
          </Space>
        </div>
        {canWrite && (
          <Space wrap>
            {isOpen && next === "signed" && (
              <Button type="primary" onClick={() => setSigning(true)}>
                {t("lead.sign")}
              </Button>
            )}
            {isOpen && next && next !== "signed" && (
              <Button type="primary" onClick={() => setMoving(next)}>
                {t("lead.advanceTo", { stage: t(`leadStage.${next}`) })}
              </Button>
            )}
            {isOpen && next !== "signed" && <Button onClick={() => setSigning(true)}>{t("lead.sign")}</Button>}
            {isOpen && (
              <Button danger onClick={() => setMoving("terminated")}>
                {t("lead.terminate")}
              </Button>
            )}
            <Link to={`/leads/${l.id}/edit`}>
              <Button icon={<EditOutlined />}>{t("common.edit")}</Button>
            </Link>
          </Space>
        )}
      </Flex>
      {l.stage === "signed" && l.projectId && (
        <Card size="small">
          <Flex gap={8} wrap align="center">
            <Typography.Text>{t("lead.signedOnText", { date: formatDate(l.signedOn) })}</Typography.Text>
            <Link to={`/projects/${l.projectId}`}>{t("lead.openProject")}</Link>
          </Flex>
        </Card>
      )}
      {l.stage === "terminated" && (
        <Card size="small">
          <Typography.Text type="secondary">
            {t("lead.terminatedText", { date: formatDate(l.terminatedOn), reason: l.terminationReason ?? "—" })}
          </Typography.Text>
        </Card>
      )}
      <Card size="small">
        <Steps
          size="small"
          current={current < 0 ? undefined : current}
          status={l.stage === "terminated" ? "error" : undefined}
          orientation={isMobile ? "vertical" : "horizontal"}
          items={pipeline.map((s) => ({ title: t(`leadStage.${s}`) }))}
        />
      </Card>
      <Card size="small" title={t("lead.facts")} styles={{ body: { padding: isMobile ? 8 : 16 } }}>
        <Descriptions
          size="small"
          column={isMobile ? 1 : 3}
          bordered={!isMobile}
          items={[
            { key: "investor", label: t("lead.investor"), children: l.investorName },
            { key: "orgUnit", label: t("lead.orgUnit"), children: l.orgUnitName },
            {
              key: "amount",
              label: t("lead.intendedInvestment"),
              children: formatWanYuan(l.intendedInvestment, t("money.wanYuan")),
            },
            {
              key: "region",
              label: t("lead.originRegion"),
              children: `${l.originRegion ?? "—"}${l.originProvince ? ` · ${l.originProvince}` : ""}`,
            },
            { key: "source", label: t("lead.source"), children: t(`leadSource.${l.source}`) },
            { key: "chain", label: t("lead.industryChain"), children: l.industryChain ?? "—" },
            {
              key: "industry",
              label: t("lead.industry"),
              children: l.industryCode ? `${l.industryCode} ${l.industryName ?? ""}` : "—",
            },
            { key: "owner", label: t("lead.owner"), children: l.ownerName ?? "—" },
            {
              key: "contact",
              label: t("lead.contactName"),
              children: `${l.contactName ?? "—"} ${l.contactPhone ?? ""}`,
            },
            { key: "description", label: t("lead.description"), children: l.description ?? "—", span: 3 },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title={t("lead.activities")}
            extra={
              canWrite && (
                <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setActivityOpen(true)}>
                  {t("lead.addActivity")}
                </Button>
              )
            }
          >
            {(activities.data ?? []).length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("lead.noActivities")} />
            ) : (
              <Timeline
                items={(activities.data ?? []).map((a) => ({
                  key: a.id,
                  content: (
                    <Flex vertical>
                      <Typography.Text>
                        <Tag>{t(`leadActivity.${a.kind}`)}</Tag>
                        {formatDate(a.occurredOn)}
                        {a.participants ? ` · ${a.participants}` : ""}
                      </Typography.Text>
                      <Typography.Text style={{ whiteSpace: "pre-wrap" }}>{a.summary}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {a.createdByName ?? "—"} · {formatDateTime(a.createdAt)}
                      </Typography.Text>
                    </Flex>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t("lead.stageHistory")}>
            {l.stageEvents.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Timeline
                items={l.stageEvents.map((e) => ({
                  key: e.id,
                  color: e.toStage === "terminated" ? "red" : e.toStage === "signed" ? "green" : "blue",
                  content: (
                    <Flex vertical>
                      <Typography.Text>
                        {e.fromStage ? `${t(`leadStage.${e.fromStage}`)} → ` : ""}
                        {t(`leadStage.${e.toStage}`)} · {formatDate(e.occurredOn)}
                      </Typography.Text>
                      {e.note && <Typography.Text type="secondary">{e.note}</Typography.Text>}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {e.actorName} · {formatDateTime(e.createdAt)}
                      </Typography.Text>
                    </Flex>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      {canWrite && (
        <>
          <ActivityModal leadId={l.id} open={activityOpen} onClose={() => setActivityOpen(false)} />
          <MoveStageModal target={moving ? { lead: l, toStage: moving } : null} onClose={() => setMoving(null)} />
          <SignLeadModal
            lead={signing ? l : null}
            onClose={() => setSigning(false)}
            onSigned={(projectId) => navigate(`/projects/${projectId}`)}
          />
        </>
      )}
    </Flex>
  );
}
