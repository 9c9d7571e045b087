import { Alert, App, Button, Card, Flex, Form, Result } from "antd";
import { useEffect, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { PageHeader } from "../../../components/page-header";
import { PageSpin } from "../../../components/page-spin";
import { useT } from "../../../i18n";
import { isApiError } from "../../../lib/api";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useCreateLead, useLead, useUpdateLead } from "../api/leads-api";
import { LeadForm, type LeadFormValues, toLeadFormValues, toLeadInput } from "../components/lead-form";

/** /leads/new and /leads/:id/edit. */
export function LeadFormPage() {
  const { id } = useParams();
  const isEdit = id !== undefined;
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<LeadFormValues>();
  const lead = useLead(id);
  const create = useCreateLead();
  const update = useUpdateLead(id ?? "");
  const [version, setVersion] = useState<number | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);

  useEffect(() => {
    if (lead.data && lead.data.version !== version) {
      form.setFieldsValue(toLeadFormValues(lead.data));
      setVersion(lead.data.version);
    }
  }, [lead.data, version, form]);

  const onFinish = async (values: LeadFormValues) => {
    setConflict(null);
    try {
      const body = toLeadInput(values);
      const saved = isEdit
        ? await update.mutateAsync({ ...body, version: version ?? 0 })
        : await create.mutateAsync(body);
      message.success(isEdit ? t("common.saved") : t("lead.created"));
      navigate(`/leads/${saved.id}`);
    } catch (e) {
      if (isApiError(e, "VERSION_CONFLICT")) {
        setConflict(e.message);
        return;
      }
      handleError(e, form);
    }
  };

  if (isEdit && lead.isPending) return <PageSpin />;
  if (isEdit && lead.isError) {
    return <Result status="error" title={t("common.loadFailed")} subTitle={lead.error.message} />;
  }

  return (
    <>
      <PageHeader title={isEdit ? `${t("lead.editTitle")}：${lead.data?.projectName ?? ""}` : t("lead.createTitle")} />
      {conflict && (
        <Alert
          type="error"
          showIcon
          title={t("project.versionConflict")}
          description={conflict}
          action={
            <Button size="small" onClick={() => void lead.refetch().then(() => setVersion(null))}>
              {t("common.reload")}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Card>
        <LeadForm form={form} onFinish={onFinish} ownerLabel={lead.data?.ownerName ?? undefined} />
        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={() => navigate(-1)}>{t("common.cancel")}</Button>
          <Button type="primary" onClick={() => form.submit()} loading={create.isPending || update.isPending}>
            {t("common.save")}
          </Button>
        </Flex>
      </Card>
    </>
  );
}
