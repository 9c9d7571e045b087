export { assignmentRoutes } from "./assignments.routes.js";
export {
  assignToProjectInTx,
  endAssignmentsThatNoLongerHold,
  listAssignmentsOfEnterprise,
} from "./assignments.service.js";
