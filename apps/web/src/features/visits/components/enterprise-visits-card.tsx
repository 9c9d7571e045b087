import { PlusOutlined } from "@ant-design/icons";
import { Card, List, Typography } from "antd";
import { LinkButton } from "../../../components/link-button";
import { useT } from "../../../i18n";
import { useCan } from "../../../lib/current-user";
import { formatDate } from "../../../lib/dates";
import { useVisitList } from "../api/visits-api";

/** An enterprise's visits (newest first), for its detail page, with "记录走访" for those who visit. */
export function EnterpriseVisitsCard({ enterpriseId }: { enterpriseId: string }) {
  const t = useT();
  const can = useCan();
  const list = useVisitList({ enterpriseId, pageSize: 10 });
  const total = list.data?.total ?? 0;
  return (
    <Card
      size="small"
      title={`${t("visit.logTitle")}（${total}）`}
      extra={
        can("visit.write") ? (
          <LinkButton
            to={`/visits/new?enterpriseId=${enterpriseId}`}
            size="small"
            type="primary"
            icon={<PlusOutlined />}
          >
            {t("visit.new")}
          </LinkButton>
        ) : null
      }
    >
      <List
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.data ?? []}
        locale={{ emptyText: t("visit.empty") }}
        renderItem={(v) => (
          <List.Item>
            <div style={{ minWidth: 0 }}>
              <Typography.Text strong>{formatDate(v.visitedOn)}</Typography.Text>{" "}
              <Typography.Text type="secondary">
                {t(`visit.method.${v.method}`)} · {v.recordedByName} · {v.recordedByUnitName}
              </Typography.Text>
              <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0 }}>
                {v.summary}
              </Typography.Paragraph>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
