export { getCadenceReport } from "./cadence.service.js";
export { periodContaining } from "./cadence-period.js";
export { findRecentVisitsByOthers } from "./visit-coordination.service.js";
export { visitRoutes } from "./visits.routes.js";
