import type { IssueListItem } from "@zonedesk/contracts";
import { Card, Empty, Flex, Pagination, Spin, Typography } from "antd";
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { useT } from "../../../i18n";
import { formatDate } from "../../../lib/dates";
import { DueCell, EscalationTag, IssueRatingTag, IssueStatusTag } from "./issue-tags";

interface IssueCardListProps {
  data: IssueListItem[];
  loading: boolean;
  total: number;
  page: number;
  pageSize: number;
  onPageChange: (page: number) => void;
  empty?: ReactNode;
  /** Extra line under a card (e.g. the enterprise's "去评价" call to action). */
  footer?: (issue: IssueListItem) => ReactNode;
}

/** Issues as cards, for phones: title, subject, status, deadline. */
export function IssueCardList({
  data,
  loading,
  total,
  page,
  pageSize,
  onPageChange,
  empty,
  footer,
}: IssueCardListProps) {
  const t = useT();
  return (
    <Spin spinning={loading}>
      <Flex vertical gap={8}>
        {data.length === 0 && !loading && (empty ?? <Empty description={t("common.noData")} />)}
        {data.map((r) => (
          <Card
            key={r.id}
            size="small"
            hoverable
            className={`zd-issue-card${r.isOverdue ? " zd-card-overdue" : r.isDueSoon ? " zd-card-due-soon" : ""}`}
          >
            <Flex vertical gap={4}>
              <Flex justify="space-between" gap={8} align="flex-start">
                {/* The title is the card's link; its ::after stretches over the card so a tap anywhere opens it. */}
                <Link to={`/issues/${r.id}`} className="zd-break zd-card-link" style={{ minWidth: 0 }}>
                  {r.title}
                </Link>
                <IssueStatusTag status={r.status} />
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} className="zd-break">
                {r.serialNo} · {r.categoryName}
                {r.enterpriseName ? ` · ${r.enterpriseName}` : ""}
                {r.projectName ? ` · ${r.projectName}` : ""}
              </Typography.Text>
              <Flex wrap gap={6} align="center" style={{ fontSize: 13 }}>
                {r.leadDepartmentName && <Typography.Text>{r.leadDepartmentName}</Typography.Text>}
                <DueCell issue={r} compact />
                <EscalationTag level={r.escalationLevel} />
                {r.rating && <IssueRatingTag rating={r.rating} />}
                {!r.dueOn && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t("issue.createdAt")} {formatDate(r.createdAt)}
                  </Typography.Text>
                )}
              </Flex>
              {/* Above the stretched link, so its buttons act on their own (never a button inside a link). */}
              {footer && <div className="zd-card-footer">{footer(r)}</div>}
            </Flex>
          </Card>
        ))}
        {total > pageSize && (
          <Pagination
            simple
            current={page}
            pageSize={pageSize}
            total={total}
            onChange={onPageChange}
            style={{ alignSelf: "center", marginTop: 8 }}
          />
        )}
      </Flex>
    </Spin>
  );
}
