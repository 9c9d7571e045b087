import { type ProjectDetail, type ProjectStage, projectStageIndex, projectStages } from "@zonedesk/contracts";
import { App, Button, Card, DatePicker, Flex, Form, Input, Modal, Select, Steps, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { PastDatePicker } from "../../../components/past-date-picker";
import { useT } from "../../../i18n";
import { formatDate, fromDateString, toDateString } from "../../../lib/dates";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useIsMobile } from "../../../lib/use-is-mobile";
import { useAdvanceStage, useSetStageDates } from "../api/projects-api";

interface AdvanceValues {
  toStage: ProjectStage;
  actualOn: Dayjs;
  skipped?: Partial<Record<ProjectStage, Dayjs>>;
  note?: string;
}

/** Moves a project forward; every stage skipped over needs its actual date. */
function AdvanceStageModal({ project, open, onClose }: { project: ProjectDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<AdvanceValues>();
  const advance = useAdvanceStage(project.id);
  const current = projectStageIndex(project.stage);
  const later = projectStages.filter((s) => projectStageIndex(s) > current);
  const toStage = Form.useWatch("toStage", form);
  const skipped = toStage
    ? projectStages.filter((s) => {
        const i = projectStageIndex(s);
        return i > current && i < projectStageIndex(toStage);
      })
    : [];

  const onFinish = async (values: AdvanceValues) => {
    const skippedStageDates: Partial<Record<ProjectStage, string>> = {};
    for (const stage of skipped) {
      const date = values.skipped?.[stage];
      if (date) skippedStageDates[stage] = toDateString(date) ?? "";
    }
    try {
      await advance.mutateAsync({
        toStage: values.toStage,
        actualOn: toDateString(values.actualOn) ?? "",
        skippedStageDates,
        note: values.note?.trim() || null,
      });
      message.success(t("project.stageAdvanced", { stage: t(`projectStage.${values.toStage}`) }));
      form.resetFields();
      onClose();
    } catch (e) {
      handleError(e, form);
    }
  };

  return (
    <Modal
      open={open}
      title={t("project.advanceStage")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={advance.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ toStage: later[0], actualOn: dayjs() }}>
        <Form.Item label={t("project.toStage")} name="toStage" rules={[{ required: true }]}>
          <Select options={later.map((s) => ({ value: s, label: t(`projectStage.${s}`) }))} />
        </Form.Item>
        <Form.Item
          label={t("project.actualOnOf", { stage: toStage ? t(`projectStage.${toStage}`) : "" })}
          name="actualOn"
          rules={[{ required: true, message: t("project.actualOnRequired") }]}
        >
          <PastDatePicker />
        </Form.Item>
        {skipped.length > 0 && <Typography.Paragraph type="warning">{t("project.skippedHint")}</Typography.Paragraph>}
        {skipped.map((stage) => (
          <Form.Item
            key={stage}
            label={t("project.actualOnOf", { stage: t(`projectStage.${stage}`) })}
            name={["skipped", stage]}
            rules={[{ required: true, message: t("project.skippedRequired", { stage: t(`projectStage.${stage}`) }) }]}
          >
            <PastDatePicker />
          </Form.Item>
        ))}
        <Form.Item label={t("project.note")} name="note" rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Edits the planned dates of the stages. */
function PlannedDatesModal({ project, open, onClose }: { project: ProjectDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<Partial<Record<ProjectStage, Dayjs | null>>>();
  const save = useSetStageDates(project.id);
  const initial = Object.fromEntries(project.stageDates.map((d) => [d.stage, fromDateString(d.plannedOn)]));
  const onFinish = async (values: Partial<Record<ProjectStage, Dayjs | null>>) => {
    const body: Partial<Record<ProjectStage, { plannedOn: string | null }>> = {};
    for (const stage of projectStages) body[stage] = { plannedOn: toDateString(values[stage]) ?? null };
    try {
      await save.mutateAsync(body);
      message.success(t("common.saved"));
      onClose();
    } catch (e) {
      handleError(e, form);
    }
  };
  return (
    <Modal
      open={open}
      title={t("project.plannedDates")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={initial}>
        {projectStages.map((stage) => (
          <Form.Item key={stage} label={t("project.plannedOnOf", { stage: t(`projectStage.${stage}`) })} name={stage}>
            <DatePicker style={{ width: "100%" }} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

/**
 * 签约 → 落地 → 开工 → 投产 → 达效 with planned and actual dates; behind-schedule stages in red. Advancing is progress
 * (the liaisons' work); the planned dates are the schedule the project is measured against, so only those who edit
 * the project (project.write) set them.
 */
export function StageCard({
  project,
  canProgress,
  canEdit,
}: {
  project: ProjectDetail;
  canProgress: boolean;
  canEdit: boolean;
}) {
  const t = useT();
  const isMobile = useIsMobile();
  const [advanceOpen, setAdvanceOpen] = useState(false);
  const [datesOpen, setDatesOpen] = useState(false);
  const current = projectStageIndex(project.stage);
  const byStage = new Map(project.stageDates.map((d) => [d.stage, d]));
  const isLast = current >= projectStages.length - 1;
  return (
    <Card
      size="small"
      title={t("project.stages")}
      extra={
        (canProgress || canEdit) && (
          <Flex gap={8}>
            {canEdit && (
              <Button size="small" onClick={() => setDatesOpen(true)}>
                {t("project.plannedDates")}
              </Button>
            )}
            {canProgress && !isLast && (
              <Button size="small" type="primary" onClick={() => setAdvanceOpen(true)}>
                {t("project.advanceStage")}
              </Button>
            )}
          </Flex>
        )
      }
    >
      <Steps
        size="small"
        current={current}
        orientation={isMobile ? "vertical" : "horizontal"}
        items={projectStages.map((stage) => {
          const d = byStage.get(stage);
          return {
            title: t(`projectStage.${stage}`),
            status: d?.isBehind ? "error" : projectStageIndex(stage) <= current ? "finish" : "wait",
            content: (
              <Flex vertical style={{ fontSize: 12 }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t("project.planned")} {formatDate(d?.plannedOn)}
                </Typography.Text>
                <Typography.Text style={{ fontSize: 12 }} type={d?.isBehind ? "danger" : undefined}>
                  {t("project.actual")} {formatDate(d?.actualOn)}
                  {d?.isBehind ? ` · ${t("project.behind")}` : ""}
                </Typography.Text>
              </Flex>
            ),
          };
        })}
      />
      {canProgress && <AdvanceStageModal project={project} open={advanceOpen} onClose={() => setAdvanceOpen(false)} />}
      {canEdit && <PlannedDatesModal project={project} open={datesOpen} onClose={() => setDatesOpen(false)} />}
    </Card>
  );
}
