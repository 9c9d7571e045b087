/*
 * The transitions of an issue (POST /api/issues/:id/<action>), one file per sub-resource; each runs through
 * runTransition (issue-transition-runner.ts) in one transaction with its history entry, audit row and notices.
 */
export { closeIssue, rateIssue } from "./issue-closing.js";
export { approveIssueExtension, refuseIssueExtension, requestIssueExtension } from "./issue-extensions.js";
export { acceptIssue, addIssueProgress, answerIssue, bounceIssue, escalateIssue } from "./issue-handling.js";
export { declineIssue, rerouteIssue, routeIssue } from "./issue-routing.js";
