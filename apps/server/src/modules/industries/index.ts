export { findIndustry, type IndustryNode } from "../../reference-data/industry-catalog.js";
export { listIndustries } from "./industries.queries.js";
export { industryRoutes } from "./industries.routes.js";
