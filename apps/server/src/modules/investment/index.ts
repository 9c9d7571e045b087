export { leadRoutes } from "./investment.routes.js";
