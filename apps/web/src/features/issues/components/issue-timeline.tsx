import type { IssueEvent, IssueRating } from "@zonedesk/contracts";
import { issueEventLabels, issueRatings } from "@zonedesk/contracts";
import { Empty, Flex, Timeline, Typography } from "antd";
import type { MessageKey } from "../../../i18n";
import { useT } from "../../../i18n";
import { formatDateTime } from "../../../lib/dates";
import { IssueRatingTag, IssueStatusTag } from "./issue-tags";

/** The rating an event recorded (企业评价 / 不满意重办), if any. */
function ratingOf(data: unknown): IssueRating | null {
  if (typeof data !== "object" || data === null || !("rating" in data)) return null;
  const rating = (data as { rating: unknown }).rating;
  return (issueRatings as readonly unknown[]).includes(rating) ? (rating as IssueRating) : null; // checked just before
}

const eventColors: Record<string, string> = {
  created: "gray",
  routed: "blue",
  rerouted: "blue",
  accepted: "blue",
  answered: "green",
  closed: "green",
  rated: "green",
  reopened: "red",
  bounced: "red",
  declined: "red",
  escalated: "red",
  auto_escalated: "red",
  deadline_missed: "red",
  extension_refused: "orange",
  extension_requested: "orange",
  extension_approved: "orange",
};

/** The full history of an issue: who did what, when, with their note; oldest first. */
export function IssueTimeline({ events }: { events: IssueEvent[] }) {
  const t = useT();
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const labelOf = (action: string) => {
    const key = `issue.event.${action}` as MessageKey; // known actions have a message; others fall back below
    const text = t(key);
    return text && text !== key ? text : (issueEventLabels[action] ?? action);
  };
  return (
    <Timeline
      items={events.map((e) => ({
        key: e.id,
        color: eventColors[e.action] ?? "blue",
        content: (
          <Flex vertical gap={2} data-testid="issue-event">
            <Flex wrap gap={6} align="center">
              <Typography.Text strong>{labelOf(e.action)}</Typography.Text>
              {ratingOf(e.data) && <IssueRatingTag rating={ratingOf(e.data)} />}
              {e.toStatus && e.toStatus !== e.fromStatus && <IssueStatusTag status={e.toStatus} />}
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.actorName} · {formatDateTime(e.createdAt)}
            </Typography.Text>
            {e.note && <Typography.Text className="zd-timeline-note">{e.note}</Typography.Text>}
          </Flex>
        ),
      }))}
    />
  );
}
