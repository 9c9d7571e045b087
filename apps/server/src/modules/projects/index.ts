export { projectInvestmentRoutes } from "./project-investment.routes.js";
export { projectRoutes } from "./projects.routes.js";
export { createProjectInTx } from "./projects.service.js";
