import { Alert, App, Button, Card, Flex, Form, Result } from "antd";
import { useEffect, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { PageHeader } from "../../../components/page-header";
import { PageSpin } from "../../../components/page-spin";
import { useT } from "../../../i18n";
import { isApiError } from "../../../lib/api";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useCreateProject, useProject, useUpdateProject } from "../api/projects-api";
import { ProjectForm, type ProjectFormValues, toProjectFormValues, toProjectInput } from "../components/project-form";

/** /projects/new and /projects/:id/edit; an edit sends back the version it started from. */
export function ProjectFormPage() {
  const { id } = useParams();
  const isEdit = id !== undefined;
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const [form] = Form.useForm<ProjectFormValues>();
  const project = useProject(id);
  const create = useCreateProject();
  const update = useUpdateProject(id ?? "");
  const [version, setVersion] = useState<number | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);

  useEffect(() => {
    if (project.data && project.data.version !== version) {
      form.setFieldsValue(toProjectFormValues(project.data));
      setVersion(project.data.version);
    }
  }, [project.data, version, form]);

  const onFinish = async (values: ProjectFormValues) => {
    setConflict(null);
    const body = toProjectInput(values);
    try {
      if (isEdit) {
        const { plannedDates: _ignored, ...rest } = body;
        const saved = await update.mutateAsync({ ...rest, version: version ?? 0 });
        message.success(t("common.saved"));
        navigate(`/projects/${saved.id}`);
      } else {
        const saved = await create.mutateAsync(body);
        message.success(t("project.created"));
        navigate(`/projects/${saved.id}`);
      }
    } catch (e) {
      if (isApiError(e, "VERSION_CONFLICT")) {
        setConflict(e.message);
        return;
      }
      handleError(e, form);
    }
  };

  const reload = async () => {
    const fresh = await project.refetch();
    if (fresh.data) {
      form.setFieldsValue(toProjectFormValues(fresh.data));
      setVersion(fresh.data.version);
    }
    setConflict(null);
  };

  if (isEdit && project.isPending) return <PageSpin />;
  if (isEdit && project.isError) {
    return <Result status="error" title={t("common.loadFailed")} subTitle={project.error.message} />;
  }

  return (
    <>
      <PageHeader
        title={isEdit ? `${t("project.editTitle")}：${project.data?.name ?? ""}` : t("project.createTitle")}
      />
      {conflict && (
        <Alert
          type="error"
          showIcon
          title={t("project.versionConflict")}
          description={conflict}
          action={
            <Button size="small" onClick={reload} loading={project.isFetching}>
              {t("common.reload")}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Card>
        <ProjectForm form={form} onFinish={onFinish} withPlannedDates={!isEdit} />
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
