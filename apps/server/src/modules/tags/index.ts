export { type TagRow, tagsByName } from "./tags.queries.js";
export { tagRoutes } from "./tags.routes.js";
