export { assignmentRoutes } from "./assignments.routes.js";
export { endAssignmentsThatNoLongerHold, listAssignmentsOfEnterprise } from "./assignments.service.js";
