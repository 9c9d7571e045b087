import type { IssueListItem, IssueRating, IssueRatingEntry, IssueStatus } from "@zonedesk/contracts";
import { Flex, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useT } from "../../../i18n";
import { formatDate, formatDateTime } from "../../../lib/dates";

const statusColors: Record<IssueStatus, string> = {
  received: "gold",
  routed: "blue",
  in_progress: "processing",
  answered: "cyan",
  closed: "success",
  bounced: "error",
};

/** The issue's status as a coloured tag (待受理 gold … 已销号 green, 已退回 red). */
export function IssueStatusTag({ status }: { status: IssueStatus }) {
  const t = useT();
  return (
    <Tag color={statusColors[status]} style={{ marginInlineEnd: 0 }}>
      {t(`issue.status.${status}`)}
    </Tag>
  );
}

const ratingColors: Record<IssueRating, string> = {
  satisfied: "green",
  basically_satisfied: "lime",
  dissatisfied: "red",
};

export function IssueRatingTag({ rating }: { rating: IssueRating | null }) {
  const t = useT();
  if (!rating) return <Typography.Text type="secondary">—</Typography.Text>;
  return <Tag color={ratingColors[rating]}>{t(`issue.rating.${rating}`)}</Tag>;
}

/**
 * Every rating the enterprise gave, in order ("不满意 → 满意": the 不满意 reopened the issue); with `detailed`,
 * one line each with its time and whether the service desk recorded it by phone.
 */
export function RatingSequence({ ratings, detailed = false }: { ratings: IssueRatingEntry[]; detailed?: boolean }) {
  const t = useT();
  if (ratings.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  if (!detailed) {
    return (
      <Flex wrap gap={4} align="center" component="span">
        {ratings.map((r, index) => (
          <Flex key={r.ratedAt} gap={4} align="center" component="span">
            {index > 0 && <span aria-hidden>→</span>}
            <IssueRatingTag rating={r.rating} />
          </Flex>
        ))}
      </Flex>
    );
  }
  return (
    <Flex vertical gap={4}>
      {ratings.map((r, index) => (
        <Flex key={r.ratedAt} wrap gap={6} align="center">
          <IssueRatingTag rating={r.rating} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(r.ratedAt)}
            {r.byPhone ? ` · ${t("issue.ratedByPhone")}` : ""}
            {r.rating === "dissatisfied" && index < ratings.length - 1 ? ` · ${t("issue.ratingReopened")}` : ""}
          </Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}

export function EscalationTag({ level }: { level: number }) {
  const t = useT();
  if (level <= 0) return null;
  return (
    <Tag color={level >= 2 ? "magenta" : "volcano"}>{t(level >= 2 ? "issue.escalation.2" : "issue.escalation.1")}</Tag>
  );
}

type DueFacts = Pick<IssueListItem, "dueOn" | "isOverdue" | "isDueSoon" | "status">;

/** Days from today (Beijing, the browser's clock) to the deadline; negative when past. */
export function daysUntil(dueOn: string): number {
  return dayjs(dueOn).startOf("day").diff(dayjs().startOf("day"), "day");
}

/** The deadline with what it means now: 逾期 N 天 in red, 即将到期 in orange, else the days left. */
export function DueCell({ issue, compact = false }: { issue: DueFacts; compact?: boolean }) {
  const t = useT();
  if (!issue.dueOn) return <Typography.Text type="secondary">—</Typography.Text>;
  const open = issue.status === "routed" || issue.status === "in_progress";
  const days = daysUntil(issue.dueOn);
  let hint: string | null = null;
  if (open) {
    if (issue.isOverdue || days < 0) hint = t("issue.overdueDays", { days: Math.max(1, -days) });
    else if (days === 0) hint = t("issue.dueToday");
    else hint = t("issue.remainingDays", { days });
  }
  const type = open && (issue.isOverdue || days < 0) ? "danger" : open && issue.isDueSoon ? "warning" : undefined;
  return (
    <span style={{ whiteSpace: compact ? "nowrap" : undefined }}>
      <Typography.Text type={type}>{formatDate(issue.dueOn)}</Typography.Text>
      {hint && (
        <Typography.Text type={type ?? "secondary"} style={{ marginInlineStart: 6, fontSize: 12 }}>
          {hint}
        </Typography.Text>
      )}
    </span>
  );
}
