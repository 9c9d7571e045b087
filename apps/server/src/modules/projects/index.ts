export { asProjectWriteError } from "./project-access.js";
export { projectInvestmentRoutes } from "./project-investment.routes.js";
export { industryNameOf } from "./project-view.js";
export { projectTotalInvestmentOf } from "./projects.queries.js";
export { projectRoutes } from "./projects.routes.js";
export { createProjectInTx } from "./projects.service.js";
