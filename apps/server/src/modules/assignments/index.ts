// For the investment pipeline: a leader or cadre signing a lead is assigned to the new project they cannot see yet.
export { insertAssignments } from "./assignments.queries.js";
export { assignmentRoutes } from "./assignments.routes.js";
export {
  assignToProjectInTx,
  endAssignmentsThatNoLongerHold,
  listAssignmentsOfEnterprise,
} from "./assignments.service.js";
