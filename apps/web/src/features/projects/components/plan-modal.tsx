import type { AnnualPlan } from "@zonedesk/contracts";
import { Alert, App, Checkbox, Col, Flex, Form, Input, Modal, Row, Select, Spin, Typography } from "antd";
import { useState } from "react";
import { useT } from "../../../i18n";
import { wanYuanInputPattern, wanYuanToYuan, yuanToWanYuanInput } from "../../../lib/money";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useProjectInvestment, useSavePlan } from "../api/investment-api";
import { planFieldNames } from "./field-errors";
import { investmentYears } from "./periods";

interface PlanValues {
  planned: string;
  byMonth: boolean;
  months?: string[];
  /** The version of the plan the form opened with: a plan changed by someone else since is refused, not overwritten. */
  version?: number;
}

function initialPlanValues(plan: AnnualPlan | null): PlanValues {
  return {
    planned: yuanToWanYuanInput(plan?.plannedInvestment),
    byMonth: Boolean(plan?.monthlyPlan),
    months: plan?.monthlyPlan?.map((m) => yuanToWanYuanInput(m)) ?? Array.from({ length: 12 }, () => ""),
    version: plan?.version,
  };
}

interface PlanModalProps {
  projectId: string;
  /** The year the modal opens on (the year the card shows); the user may pick another. */
  defaultYear: number;
  onClose: () => void;
  /** After a save, with the year saved, so the card can show it. */
  onSaved: (year: number) => void;
}

/**
 * 年度计划投资 of one year, optionally split by month: the user picks the year (in January the plan of the
 * year just ended may still need setting), the form then holds that year's plan and its version.
 * Mount it only while open: each opening starts from the stored plan.
 */
export function PlanModal({ projectId, defaultYear, onClose, onSaved }: PlanModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [year, setYear] = useState(defaultYear);
  const investment = useProjectInvestment(projectId, year);
  const [form] = Form.useForm<PlanValues>();
  const save = useSavePlan(projectId);
  const byMonth = Form.useWatch("byMonth", form);
  const plan = investment.data?.plan ?? null;
  const amountRule = (field: string) => ({
    validator: (_: unknown, v: string | undefined) =>
      !v?.trim() || wanYuanInputPattern.test(v.trim().replaceAll(",", ""))
        ? Promise.resolve()
        : Promise.reject(new Error(t("project.amountInvalid", { field }))),
  });
  const onFinish = async (values: PlanValues) => {
    try {
      await save.mutateAsync({
        year,
        body: {
          plannedInvestment: wanYuanToYuan(values.planned) ?? "",
          monthlyPlan: values.byMonth ? (values.months ?? []).map((m) => wanYuanToYuan(m || "0") ?? "") : null,
          version: values.version,
        },
      });
      message.success(t("plan.saved"));
      onSaved(year);
      onClose();
    } catch (e) {
      handleError(e, form, planFieldNames);
    }
  };
  return (
    <Modal
      open
      title={t("plan.title", { year })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      okButtonProps={{ disabled: !investment.data }}
      confirmLoading={save.isPending}
      width={640}
    >
      <Flex vertical gap={4} style={{ marginBottom: 16 }}>
        <Typography.Text>{t("plan.year")}</Typography.Text>
        <Select<number>
          aria-label={t("plan.year")}
          value={year}
          onChange={setYear}
          options={investmentYears().map((y) => ({ value: y, label: t("project.yearLabel", { year: y }) }))}
          style={{ width: 160 }}
        />
      </Flex>
      {investment.isError && <Alert type="error" showIcon title={investment.error.message} />}
      {investment.isPending ? (
        <Spin />
      ) : (
        // one form per year: switching the year starts from that year's stored plan
        <Form<PlanValues>
          key={year}
          form={form}
          layout="vertical"
          onFinish={onFinish}
          clearOnDestroy
          initialValues={initialPlanValues(plan)}
        >
          <Form.Item name="version" hidden>
            <Input />
          </Form.Item>
          <Form.Item
            label={t("plan.plannedWan")}
            name="planned"
            rules={[
              {
                required: true,
                whitespace: true,
                message: t("project.amountRequired", { field: t("plan.plannedWan") }),
              },
              amountRule(t("plan.plannedWan")),
            ]}
          >
            <Input inputMode="decimal" suffix={t("money.wanYuan")} autoComplete="off" />
          </Form.Item>
          <Form.Item name="byMonth" valuePropName="checked">
            <Checkbox>{t("plan.byMonth")}</Checkbox>
          </Form.Item>
          {byMonth && (
            <Row gutter={8}>
              {Array.from({ length: 12 }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the twelve months are fixed positions
                <Col key={i} xs={12} sm={8} md={6}>
                  <Form.Item
                    label={t("plan.monthLabel", { month: i + 1 })}
                    name={["months", i]}
                    rules={[amountRule(t("plan.monthLabel", { month: i + 1 }))]}
                  >
                    <Input inputMode="decimal" size="small" />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          )}
        </Form>
      )}
    </Modal>
  );
}
