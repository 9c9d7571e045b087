import { Card, List, Typography } from "antd";
import { Link } from "react-router-dom";
import { useT } from "../../../i18n";
import { formatDate } from "../../../lib/dates";
import { useIssueList } from "../api/issues-api";
import { DueCell, IssueStatusTag } from "./issue-tags";

/** An enterprise's issues (newest first), for its detail page. */
export function EnterpriseIssuesCard({ enterpriseId }: { enterpriseId: string }) {
  const t = useT();
  const list = useIssueList({ enterpriseId, pageSize: 10, sort: "-createdAt" });
  const total = list.data?.total ?? 0;
  return (
    <Card size="small" title={`${t("nav.issueLedger")}（${total}）`}>
      <List
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.data ?? []}
        locale={{ emptyText: t("common.noData") }}
        renderItem={(i) => (
          <List.Item>
            <div style={{ minWidth: 0, width: "100%" }}>
              <div style={{ display: "flex", justifyContent: "space-between", gap: 8 }}>
                <Link to={`/issues/${i.id}`} className="zd-break">
                  {i.title}
                </Link>
                <IssueStatusTag status={i.status} />
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i.serialNo} · {i.categoryName} · {i.leadDepartmentName ?? "—"} · {formatDate(i.createdAt)}
              </Typography.Text>
              {i.dueOn && (
                <div style={{ fontSize: 12 }}>
                  {t("issue.dueOn")} <DueCell issue={i} compact />
                </div>
              )}
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
