export { userRoutes } from "./users.routes.js";
