import { defaultTagNames } from "../reference-data/default-tags.js";
import { type EnterprisePlan, mobilePhone, personName, type ZoneUnits } from "./build-enterprises.js";
import type { DemoCalendar } from "./demo-calendar.js";
import { departmentNames } from "./names.js";
import { addDays, type SeededRandom } from "./random.js";

type UserRole = "admin" | "leader" | "cadre" | "department" | "oversight" | "statistics" | "enterprise";
type AssignmentRole =
  | "lead_leader"
  | "chief_service_officer"
  | "helper_cadre"
  | "township"
  | "department"
  | "discipline";

export interface DepartmentPlan {
  id: string;
  orgUnitId: string;
  name: string;
  code: string;
  zoneCode: string;
}

export interface UserPlan {
  id: string;
  username: string;
  displayName: string;
  phone: string;
  role: UserRole;
  orgUnitId: string;
  departmentId: string | null;
  enterpriseId: string | null;
  zoneCode: string | null;
}

export interface AssignmentPlan {
  orgUnitId: string;
  enterpriseId: string;
  userId: string;
  role: AssignmentRole;
  startsOn: string;
  endsOn: string | null;
  note: string | null;
}

/** The 委局/单位 of every zone. */
export function buildDepartments(zones: readonly ZoneUnits[]): DepartmentPlan[] {
  return zones.flatMap((zone) =>
    departmentNames.map((d) => ({
      id: crypto.randomUUID(),
      orgUnitId: zone.zoneId,
      name: d.name,
      code: d.code,
      zoneCode: zone.spec.code,
    })),
  );
}

/**
 * The demo accounts: a city admin and one admin per zone, the zones' leaders and cadres, one
 * account per department, oversight and statistics officers, and enterprise contacts of the
 * first zone's first key enterprises.
 */
export function buildUsers(
  rng: SeededRandom,
  cityId: string,
  zones: readonly ZoneUnits[],
  departments: readonly DepartmentPlan[],
  enterprises: readonly EnterprisePlan[],
): UserPlan[] {
  const users: UserPlan[] = [];
  const add = (u: Omit<UserPlan, "id" | "phone" | "displayName"> & { displayName?: string }) =>
    users.push({
      ...u,
      id: crypto.randomUUID(),
      displayName: u.displayName ?? personName(rng),
      phone: mobilePhone(rng),
    });
  add({ username: "admin", role: "admin", orgUnitId: cityId, zoneCode: null, departmentId: null, enterpriseId: null });
  for (const z of zones) {
    add({
      username: `admin_${z.spec.code}`,
      role: "admin",
      orgUnitId: z.zoneId,
      zoneCode: z.spec.code,
      departmentId: null,
      enterpriseId: null,
    });
  }
  let leaderNo = 0;
  for (const z of zones) {
    for (let i = 0; i < z.spec.leaderCount; i++) {
      leaderNo++;
      const username = `leader${String(leaderNo).padStart(2, "0")}`;
      add({
        username,
        role: "leader",
        orgUnitId: z.zoneId,
        zoneCode: z.spec.code,
        departmentId: null,
        enterpriseId: null,
      });
    }
  }
  let cadreNo = 0;
  for (const z of zones) {
    for (let i = 0; i < z.spec.cadreCount; i++) {
      cadreNo++;
      const username = `cadre${String(cadreNo).padStart(3, "0")}`;
      add({
        username,
        role: "cadre",
        orgUnitId: z.zoneId,
        zoneCode: z.spec.code,
        departmentId: null,
        enterpriseId: null,
      });
    }
  }
  for (const d of departments) {
    const username = `dept_${d.code}_${d.zoneCode}`;
    add({
      username,
      role: "department",
      orgUnitId: d.orgUnitId,
      zoneCode: d.zoneCode,
      departmentId: d.id,
      enterpriseId: null,
    });
  }
  zones.forEach((z, i) => {
    const no = String(i + 1).padStart(2, "0");
    add({
      username: `jiwei${no}`,
      role: "oversight",
      orgUnitId: z.zoneId,
      zoneCode: z.spec.code,
      departmentId: null,
      enterpriseId: null,
    });
  });
  zones.forEach((z, i) => {
    const no = String(i + 1).padStart(2, "0");
    add({
      username: `tongji${no}`,
      role: "statistics",
      orgUnitId: z.zoneId,
      zoneCode: z.spec.code,
      departmentId: null,
      enterpriseId: null,
    });
  });
  const firstZone = zones[0]?.spec.code;
  const contacts = enterprises
    .filter((e) => e.zoneCode === firstZone && e.status === "active" && e.tagNames.includes(defaultTagNames.key))
    .slice(0, 5);
  contacts.forEach((e, i) => {
    add({
      username: `qiye${String(i + 1).padStart(3, "0")}`,
      displayName: e.contactName,
      role: "enterprise",
      orgUnitId: e.orgUnitId,
      zoneCode: e.zoneCode,
      departmentId: null,
      enterpriseId: e.id,
    });
  });
  return users;
}

/**
 * 包联 of every enterprise: about nine in ten active enterprises have a responsible leader (key
 * enterprises all do), most a helper cadre, key ones a chief service officer, a few township,
 * department or discipline contacts; some earlier assignments ended to show history.
 * leader01 gets 30 enterprises and cadre001 8, so the demo accounts have a full list. Current 包联 began between
 * the platform's go-live (about 22 months before today) and three weeks ago; ended ones ended 5 to 20 months ago.
 */
export function buildAssignments(
  rng: SeededRandom,
  zones: readonly ZoneUnits[],
  enterprises: readonly EnterprisePlan[],
  users: readonly UserPlan[],
  calendar: DemoCalendar,
): AssignmentPlan[] {
  const between = (fromDay: number, toDay: number) => rng.dateBetween(calendar.day(fromDay), calendar.day(toDay));
  const result: AssignmentPlan[] = [];
  const assign = (
    e: EnterprisePlan,
    user: UserPlan,
    role: AssignmentRole,
    startsOn: string,
    endsOn: string | null = null,
  ) =>
    result.push({
      orgUnitId: e.orgUnitId,
      enterpriseId: e.id,
      userId: user.id,
      role,
      startsOn,
      endsOn,
      note: endsOn ? "工作调整" : null,
    });
  const currentStart = () => between(-683, -21);

  for (const zone of zones) {
    const zoneUsers = users.filter((u) => u.zoneCode === zone.spec.code);
    const leaders = zoneUsers.filter((u) => u.role === "leader");
    const cadres = zoneUsers.filter((u) => u.role === "cadre");
    const featuredLeader = leaders.find((u) => u.username === "leader01");
    const featuredCadre = cadres.find((u) => u.username === "cadre001");
    const leaderPool = leaders.filter((u) => u !== featuredLeader);
    const cadrePool = cadres.filter((u) => u !== featuredCadre);
    const inZone = enterprises.filter((e) => e.zoneCode === zone.spec.code);
    const active = inZone.filter((e) => e.status === "active");

    const covered = rng.shuffle(active.filter((e) => e.tagNames.includes(defaultTagNames.key) || rng.chance(0.87)));
    covered.forEach((e, i) => {
      const leader = featuredLeader && i < 30 ? featuredLeader : rng.pick(leaderPool);
      if (rng.chance(0.07)) {
        const endsOn = between(-563, -324);
        assign(e, rng.pick(leaderPool.filter((u) => u !== leader)), "lead_leader", between(-687, -569), endsOn);
        assign(e, leader, "lead_leader", addDays(endsOn, rng.int(1, 20)));
      } else {
        assign(e, leader, "lead_leader", currentStart());
      }
    });

    const featuredList = featuredCadre ? rng.shuffle(active).slice(0, 8) : [];
    // The demo enterprise contact's enterprise is one of cadre001's, so a visit → issue → rating walk-through
    // needs only the printed demo accounts.
    const contactEnterprise = active.find((e) => e.id === users.find((u) => u.username === "qiye001")?.enterpriseId);
    if (featuredCadre && contactEnterprise && !featuredList.includes(contactEnterprise))
      featuredList[0] = contactEnterprise;
    const featuredCadreEnterprises = new Set(featuredList);
    for (const e of active) {
      const helper = featuredCadreEnterprises.has(e)
        ? featuredCadre
        : rng.chance(0.8)
          ? rng.pick(cadrePool)
          : undefined;
      if (helper) {
        if (rng.chance(0.05)) {
          const endsOn = between(-598, -355);
          assign(e, rng.pick(cadrePool), "helper_cadre", between(-687, -599), endsOn);
          assign(e, helper, "helper_cadre", addDays(endsOn, rng.int(1, 30)));
        } else {
          assign(e, helper, "helper_cadre", currentStart());
        }
      }
      if (e.tagNames.includes(defaultTagNames.key))
        assign(e, rng.pick(cadrePool), "chief_service_officer", currentStart());
      if (rng.chance(0.04)) assign(e, rng.pick(cadrePool), "township", currentStart());
      if (rng.chance(0.03)) assign(e, rng.pick(cadrePool), "department", currentStart());
      if (rng.chance(0.02)) assign(e, rng.pick(cadrePool), "discipline", currentStart());
    }

    for (const e of inZone.filter((x) => x.status === "archived")) {
      const endsOn = between(-507, -143);
      assign(e, rng.pick(leaderPool), "lead_leader", between(-687, -508), endsOn);
    }
  }
  return result;
}
