export { meetingRoutes } from "./meetings.routes.js";
