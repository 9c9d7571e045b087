export {
  findOrgUnitsByLabel,
  findOrgUnitsUnder,
  getOrgUnitUnder,
  type OrgUnitRow,
  orgUnitNames,
} from "./org-units.queries.js";
export { orgUnitRoutes } from "./org-units.routes.js";
