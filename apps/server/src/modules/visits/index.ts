export { visitRoutes } from "./visits.routes.js";
