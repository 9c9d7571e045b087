import { PlusOutlined } from "@ant-design/icons";
import { Alert, Empty, Flex, Segmented, Typography } from "antd";
import { useState } from "react";
import { LinkButton } from "../../../components/link-button";
import { useT } from "../../../i18n";
import { useCurrentUser } from "../../../lib/current-user";
import { useIssueList } from "../api/issues-api";
import { IssueCardList } from "../components/issue-card-list";
import { IssueStyles } from "../components/issue-styles";

const pageSize = 20;

/** 我的诉求 (enterprise user, phone-first): report a need, follow each one, rate the answered ones. */
export function MyIssuesPage() {
  const t = useT();
  const { data: user } = useCurrentUser();
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<"all" | "answered">("all");
  const list = useIssueList({
    page,
    pageSize,
    sort: "-updatedAt",
    status: filter === "answered" ? ["answered"] : undefined,
  });
  const toRate = useIssueList({ status: ["answered"], pageSize: 1 });
  const total = list.data?.total ?? 0;
  const toRateCount = toRate.data?.total ?? 0;

  return (
    <Flex vertical gap={12} style={{ maxWidth: 720, margin: "0 auto", width: "100%" }}>
      <IssueStyles />
      <Flex justify="space-between" align="center" gap={8} wrap>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t("issue.mine.title")}
          </Typography.Title>
          <Typography.Text type="secondary">
            {user?.displayName} · {t("common.total", { total })}
          </Typography.Text>
        </div>
        <LinkButton to="/my-issues/new" type="primary" icon={<PlusOutlined />} size="large">
          {t("issue.mine.report")}
        </LinkButton>
      </Flex>
      <Segmented<"all" | "answered">
        block
        value={filter}
        onChange={(v) => {
          setFilter(v);
          setPage(1);
        }}
        options={[
          { value: "all", label: t("common.all") },
          { value: "answered", label: `${t("issue.mine.toRate")}${toRateCount > 0 ? ` (${toRateCount})` : ""}` },
        ]}
      />
      {list.isError && <Alert type="error" showIcon title={list.error.message} />}
      <IssueCardList
        data={list.data?.data ?? []}
        loading={list.isFetching}
        total={total}
        page={page}
        pageSize={pageSize}
        onPageChange={setPage}
        empty={<Empty description={t("issue.mine.empty")} />}
        footer={(issue) =>
          issue.status === "answered" ? (
            // opens the issue with the rating form already open
            <LinkButton to={`/issues/${issue.id}?action=rate`} type="primary" size="small">
              {t("issue.mine.rateNow")}
            </LinkButton>
          ) : null
        }
      />
    </Flex>
  );
}
