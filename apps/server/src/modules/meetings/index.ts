export { buildMinutesDocx } from "./meeting-minutes.js";
export { meetingRoutes } from "./meetings.routes.js";
