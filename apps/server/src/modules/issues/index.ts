export { issueReportRoutes } from "./issue-reports.routes.js";
export { issueRoutes } from "./issues.routes.js";
export {
  applyMeetingDecisionInTx,
  createIssueInTx,
  dispatchersOf,
  type IssueEventInput,
  recordIssueEvent,
} from "./issues.service.js";
