import type { CreateProject, ProjectDetail, UpdateProject } from "@zonedesk/contracts";
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

/**
 * The PATCH body of an edit: only the fields the user changed (absent = unchanged, null = cleared), so an
 * edit never rewrites a field with the same value. The investor is one choice: both of its fields go together.
 */
function changedFields(loaded: ProjectDetail, body: CreateProject, version: number): UpdateProject {
  const { plannedDates: _startOnly, ...next } = body;
  const { plannedDates: _before, ...before } = toProjectInput(toProjectFormValues(loaded));
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof typeof next)[]) {
    if (JSON.stringify(next[key] ?? null) !== JSON.stringify(before[key] ?? null)) patch[key] = next[key];
  }
  if ("enterpriseId" in patch || "investorName" in patch) {
    patch.enterpriseId = next.enterpriseId ?? null;
    patch.investorName = next.investorName ?? null;
  }
  // the keys are CreateProject's (less the planned dates), which UpdateProject accepts with the same types
  return { ...(patch as Partial<UpdateProject>), version };
}

/** /projects/new and /projects/:id/edit; an edit sends the changed fields and the version it started from. */
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
        if (!project.data) return;
        const saved = await update.mutateAsync(changedFields(project.data, body, version ?? 0));
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
