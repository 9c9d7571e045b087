export { authPlugin, requireActor, requireSession } from "./auth.plugin.js";
export { authRoutes } from "./auth.routes.js";
export { endSessionsOfUser, purgeStaleSessions } from "./auth.service.js";
export { assertStrongPassword, hashPassword, passwordProblems } from "./password.js";
