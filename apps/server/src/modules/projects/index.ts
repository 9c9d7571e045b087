export { projectRoutes } from "./projects.routes.js";
