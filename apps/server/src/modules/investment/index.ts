export { leadRoutes } from "./investment.routes.js";
export { getLeadFigures } from "./lead-figures.service.js";
