export { assignmentRoutes } from "./assignments.routes.js";
export { listAssignmentsOfEnterprise } from "./assignments.service.js";
