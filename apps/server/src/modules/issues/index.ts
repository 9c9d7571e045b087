export { issueReportRoutes } from "./issue-reports.routes.js";
export { issueRoutes } from "./issues.routes.js";
