import type { Role } from "@zonedesk/contracts";

/** Who is acting: the signed-in user as the access rules need them. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  orgUnitId: string;
  /** Path of the user's org unit: their scope is every unit whose path starts with it. */
  orgUnitPath: string;
  departmentId: string | null;
  enterpriseId: string | null;
  ip: string | null;
}
