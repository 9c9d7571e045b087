export { departmentRoutes } from "./departments.routes.js";
