import {
  ArrowLeftOutlined,
  EditOutlined,
  InboxOutlined,
  RollbackOutlined,
  UsergroupAddOutlined,
} from "@ant-design/icons";
import type { Assignment, Enterprise } from "@zonedesk/contracts";
import { Alert, App, Button, Card, Empty, Flex, Result, Space, Tag, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { CreateAssignmentModal } from "../../../components/assignment-modals/create-assignment-modal";
import { EndAssignmentModal } from "../../../components/assignment-modals/end-assignment-modal";
import { LinkButton } from "../../../components/link-button";
import { PageSpin } from "../../../components/page-spin";
import { useLabels, useT } from "../../../i18n";
import { isApiError } from "../../../lib/api";
import { useCan } from "../../../lib/current-user";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useIsMobile } from "../../../lib/use-is-mobile";
import { useEnterprise, useEnterpriseAssignments, useSetEnterpriseArchived } from "../api/enterprises-api";
import { AssignmentHistory } from "../components/assignment-history";
import { EnterpriseDescriptions } from "../components/enterprise-descriptions";

interface EnterpriseDetailPageProps {
  /**
   * Cards of other features about this enterprise (its issues, its visits), placed under the assignment
   * history. The app's route composes them, since features never import each other.
   */
  related?: (enterprise: Enterprise) => ReactNode;
}

/** One enterprise: every field, its tags, current liaisons, the assignment history and the related cards. */
export function EnterpriseDetailPage({ related }: EnterpriseDetailPageProps) {
  const { id = "" } = useParams();
  const t = useT();
  const labels = useLabels();
  const can = useCan();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { modal, message } = App.useApp();
  const handleError = useErrorHandler();
  const enterprise = useEnterprise(id);
  const history = useEnterpriseAssignments(id, can("assignment.read"));
  const setArchived = useSetEnterpriseArchived(id);
  const [assignOpen, setAssignOpen] = useState(false);
  const [ending, setEnding] = useState<Assignment | null>(null);

  if (enterprise.isPending) return <PageSpin />;
  if (enterprise.isError) {
    const notFound =
      isApiError(enterprise.error) && (enterprise.error.status === 404 || enterprise.error.status === 403);
    return (
      <Result
        status={notFound ? "404" : "error"}
        title={notFound ? t("common.notFound") : t("common.loadFailed")}
        subTitle={enterprise.error.message}
        extra={<Button onClick={() => navigate(-1)}>{t("common.back")}</Button>}
      />
    );
  }
  const e = enterprise.data;
  const isArchived = e.status === "archived";

  const confirmArchive = (archive: boolean) => {
    modal.confirm({
      title: archive
        ? t("enterprise.archiveConfirm", { name: e.name })
        : t("enterprise.restoreConfirm", { name: e.name }),
      okText: archive ? t("common.archive") : t("common.restore"),
      okButtonProps: { danger: archive },
      cancelText: t("common.cancel"),
      onOk: async () => {
        try {
          await setArchived.mutateAsync({ archive, version: e.version });
          message.success(archive ? t("enterprise.archivedDone") : t("enterprise.restoredDone"));
        } catch (err) {
          handleError(err);
          if (isApiError(err, "VERSION_CONFLICT")) void enterprise.refetch();
        }
      },
    });
  };

  const actions = (
    <Space wrap>
      {can("assignment.write") && !isArchived && (
        <Button type="primary" icon={<UsergroupAddOutlined />} onClick={() => setAssignOpen(true)}>
          {t("enterprise.assign")}
        </Button>
      )}
      {can("enterprise.write") && !isArchived && (
        <LinkButton to={`/enterprises/${e.id}/edit`} icon={<EditOutlined />}>
          {t("common.edit")}
        </LinkButton>
      )}
      {can("enterprise.write") &&
        (isArchived ? (
          <Button icon={<RollbackOutlined />} onClick={() => confirmArchive(false)}>
            {t("common.restore")}
          </Button>
        ) : (
          <Button danger icon={<InboxOutlined />} onClick={() => confirmArchive(true)}>
            {t("common.archive")}
          </Button>
        ))}
    </Space>
  );

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
            {e.name}
          </Typography.Title>
          <Typography.Text type="secondary">{e.creditCode}</Typography.Text>
        </div>
        {actions}
      </Flex>
      {isArchived && <Alert type="warning" showIcon title={t("enterprise.status.archived")} />}
      <Card title={t("enterprise.basicInfo")} size="small" styles={{ body: { padding: isMobile ? 8 : 16 } }}>
        <EnterpriseDescriptions enterprise={e} isMobile={isMobile} />
      </Card>
      <Card title={t("enterprise.currentLiaisons")} size="small">
        {e.liaisons.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("enterprise.noLiaison")} />
        ) : (
          <Flex wrap gap={8}>
            {e.liaisons.map((l) => (
              <Tag key={l.assignmentId} color="geekblue" style={{ padding: "4px 8px", fontSize: 14 }}>
                {l.displayName} · {labels.of(labels.liaisonRole, l.role)}
              </Tag>
            ))}
          </Flex>
        )}
      </Card>
      {can("assignment.read") && (
        <Card title={t("enterprise.history")} size="small" styles={{ body: { padding: isMobile ? 8 : 0 } }}>
          <AssignmentHistory
            assignments={history.data ?? []}
            loading={history.isLoading}
            isMobile={isMobile}
            onEnd={can("assignment.write") ? setEnding : undefined}
          />
        </Card>
      )}
      {related?.(e)}
      {can("assignment.write") && (
        <>
          <CreateAssignmentModal
            open={assignOpen}
            onClose={() => setAssignOpen(false)}
            enterprise={{ id: e.id, label: `${e.name}（${e.creditCode}）` }}
          />
          <EndAssignmentModal assignment={ending} onClose={() => setEnding(null)} />
        </>
      )}
    </Flex>
  );
}
