export { industryOfInput, normalizeIndustryCode } from "./enterprise-sheet.js";
export { hasActiveLeader } from "./enterprises.queries.js";
export { enterpriseRoutes } from "./enterprises.routes.js";
export { toEnterprises } from "./enterprises.service.js";
