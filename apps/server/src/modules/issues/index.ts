export { issueRoutes } from "./issues.routes.js";
