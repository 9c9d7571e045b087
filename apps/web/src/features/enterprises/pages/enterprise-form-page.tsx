import { Alert, App, Button, Card, Flex, Form, Result } from "antd";
import { useEffect, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { PageHeader } from "../../../components/page-header";
import { PageSpin } from "../../../components/page-spin";
import { useT } from "../../../i18n";
import { isApiError } from "../../../lib/api";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useCreateEnterprise, useEnterprise, useUpdateEnterprise } from "../api/enterprises-api";
import {
  EnterpriseForm,
  type EnterpriseFormValues,
  toEnterpriseInput,
  toFormValues,
} from "../components/enterprise-form";

/** /enterprises/new and /enterprises/:id/edit; an edit sends back the version it started from. */
export function EnterpriseFormPage() {
  const { id } = useParams();
  const isEdit = id !== undefined;
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<EnterpriseFormValues>();
  const enterprise = useEnterprise(id);
  const create = useCreateEnterprise();
  const update = useUpdateEnterprise(id ?? "");
  const [version, setVersion] = useState<number | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);

  // fill the form once per loaded version; a reload after a conflict refills it
  useEffect(() => {
    if (enterprise.data && enterprise.data.version !== version) {
      form.setFieldsValue(toFormValues(enterprise.data));
      setVersion(enterprise.data.version);
    }
  }, [enterprise.data, version, form]);

  const onFinish = async (values: EnterpriseFormValues) => {
    setConflict(null);
    const body = toEnterpriseInput(values);
    try {
      if (isEdit) {
        const saved = await update.mutateAsync({ ...body, version: version ?? 0 });
        message.success(t("common.saved"));
        navigate(`/enterprises/${saved.id}`);
      } else {
        const saved = await create.mutateAsync(body);
        message.success(t("enterprise.created"));
        navigate(`/enterprises/${saved.id}`);
      }
    } catch (e) {
      if (isApiError(e, "VERSION_CONFLICT")) {
        setConflict(e.message);
        return;
      }
      if (isApiError(e, "CREDIT_CODE_TAKEN") || isApiError(e, "INVALID_CREDIT_CODE")) {
        form.setFields([{ name: "creditCode", errors: [e.message] }]);
        return;
      }
      handleError(e, form, {
        labels: {
          name: t("enterprise.name"),
          creditCode: t("enterprise.creditCode"),
          orgUnitId: t("enterprise.orgUnit"),
          industryCode: t("enterprise.industry"),
          legalRepresentative: t("enterprise.legalRepresentative"),
          registeredCapital: t("enterprise.registeredCapital"),
          foundedOn: t("enterprise.foundedOn"),
          scale: t("enterprise.scale"),
          address: t("enterprise.address"),
          contactName: t("enterprise.contactName"),
          contactPhone: t("enterprise.contactPhone"),
          tagIds: t("enterprise.tags"),
        },
      });
    }
  };

  const reload = async () => {
    const fresh = await enterprise.refetch();
    if (fresh.data) {
      form.setFieldsValue(toFormValues(fresh.data));
      setVersion(fresh.data.version);
    }
    setConflict(null);
  };

  if (isEdit && enterprise.isPending) return <PageSpin />;
  if (isEdit && enterprise.isError) {
    return <Result status="error" title={t("common.loadFailed")} subTitle={enterprise.error.message} />;
  }

  return (
    <>
      <PageHeader
        title={isEdit ? `${t("enterprise.editTitle")}：${enterprise.data?.name ?? ""}` : t("enterprise.createTitle")}
      />
      {conflict && (
        <Alert
          type="error"
          showIcon
          title={t("enterprise.versionConflictTitle")}
          description={conflict}
          action={
            <Button size="small" onClick={reload} loading={enterprise.isFetching}>
              {t("common.reload")}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Card>
        <EnterpriseForm form={form} onFinish={onFinish} />
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
