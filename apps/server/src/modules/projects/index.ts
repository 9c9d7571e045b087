export { projectInvestmentRoutes } from "./project-investment.routes.js";
export { projectRoutes } from "./projects.routes.js";
