export { dispatchersOf, type IssueEventInput, recordIssueEvent } from "./issue-common.js";
export { applyMeetingDecisionInTx, type MeetingDecision, meetingRouter } from "./issue-meeting-decision.js";
export { issueReportRoutes } from "./issue-reports.routes.js";
export { issueRoutes } from "./issues.routes.js";
export { createIssueInTx } from "./issues.service.js";
