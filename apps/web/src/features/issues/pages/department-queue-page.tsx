import type { IssueStatus } from "@zonedesk/contracts";
import { Alert, Badge, Empty, Flex, Tabs } from "antd";
import { useSearchParams } from "react-router-dom";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n";
import type { QueryValue } from "../../../lib/api";
import { useIsMobile } from "../../../lib/use-is-mobile";
import { useIssueList } from "../api/issues-api";
import { IssueCardList } from "../components/issue-card-list";
import { IssueStyles } from "../components/issue-styles";
import { IssueTable } from "../components/issue-table";

type QueueTab = "toAccept" | "inProgress" | "dueSoon" | "overdue";
const tabs: QueueTab[] = ["toAccept", "inProgress", "dueSoon", "overdue"];
const running: IssueStatus[] = ["routed", "in_progress"];

const queryOf: Record<QueueTab, Record<string, QueryValue>> = {
  toAccept: { status: ["routed"] },
  inProgress: { status: ["in_progress"] },
  dueSoon: { status: running, dueSoon: true },
  overdue: { status: running, overdue: true },
};
/** The queue's order unless the user sorts a column: the nearest deadline first. */
const defaultSort = "dueOn";
/** The orders GET /api/issues accepts (`sort`), which the table's sortable columns produce. */
const sortPattern = /^-?(createdAt|dueOn|serialNo|updatedAt|escalationLevel)$/;

/** A department's work queue (its landing page): issues to accept, in hand, due soon and overdue. */
export function DepartmentQueuePage() {
  const t = useT();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const tab = (tabs as string[]).includes(params.get("tab") ?? "") ? (params.get("tab") as QueueTab) : "toAccept"; // checked just above
  const page = Number(params.get("page")) || 1;
  const sortParam = params.get("sort") ?? "";
  const sort = sortPattern.test(sortParam) ? sortParam : defaultSort;
  const pageSize = 20;
  const counts = {
    toAccept: useIssueList({ ...queryOf.toAccept, pageSize: 1 }),
    inProgress: useIssueList({ ...queryOf.inProgress, pageSize: 1 }),
    dueSoon: useIssueList({ ...queryOf.dueSoon, pageSize: 1 }),
    overdue: useIssueList({ ...queryOf.overdue, pageSize: 1 }),
  };
  const list = useIssueList({ ...queryOf[tab], page, pageSize, sort });
  const setTab = (next: string) => setParams({ tab: next }, { replace: true });
  const rows = list.data?.data ?? [];
  const total = list.data?.total ?? 0;
  const empty = <Empty description={t("issue.queue.empty")} />;

  return (
    <>
      <IssueStyles />
      <PageHeader title={t("issue.queue.title")} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={tabs.map((key) => ({
          key,
          label: (
            <Flex gap={6} align="center">
              {t(`issue.queue.${key}`)}
              <Badge
                count={counts[key].data?.total ?? 0}
                showZero={false}
                color={key === "overdue" ? "red" : key === "dueSoon" ? "orange" : "blue"}
                size="small"
              />
            </Flex>
          ),
        }))}
      />
      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      {isMobile || total === 0 ? (
        <IssueCardList
          data={rows}
          loading={list.isFetching}
          total={total}
          page={page}
          pageSize={pageSize}
          empty={empty}
          onPageChange={(p) => setParams({ tab, page: String(p), sort }, { replace: true })}
        />
      ) : (
        <IssueTable
          data={rows}
          loading={list.isFetching}
          total={total}
          page={page}
          pageSize={pageSize}
          sort={sort}
          defaultSort={defaultSort}
          onChange={(patch) =>
            setParams({ tab, page: String(patch.page ?? 1), sort: patch.sort ?? sort }, { replace: true })
          }
        />
      )}
    </>
  );
}
