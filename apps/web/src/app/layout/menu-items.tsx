import {
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BellOutlined,
  CarOutlined,
  ClusterOutlined,
  ControlOutlined,
  EditOutlined,
  FormOutlined,
  FundProjectionScreenOutlined,
  HomeOutlined,
  LineChartOutlined,
  MessageOutlined,
  PieChartOutlined,
  ProfileOutlined,
  ProjectOutlined,
  ScheduleOutlined,
  SettingOutlined,
  TagsOutlined,
  TeamOutlined,
  UsergroupAddOutlined,
  UserOutlined,
} from "@ant-design/icons";
import type { CurrentUser, Permission } from "@zonedesk/contracts";
import { Badge, Flex, type MenuProps } from "antd";
import type { ReactNode } from "react";
import type { MessageKey, Translate } from "../../i18n";

type MenuItem = Required<MenuProps>["items"][number];

interface Entry {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  permission: Permission;
  roles?: readonly CurrentUser["role"][];
}

/**
 * Who is shown the reference pages (departments, org units, tags) in the menu: those who maintain or report on
 * them. Cadres, departments and enterprises may read the lists (their forms need them) but have no page to use.
 */
const referenceReaders: readonly CurrentUser["role"][] = ["admin", "leader", "oversight", "statistics"];

const groups: { key: string; label: MessageKey | null; icon?: ReactNode; entries: Entry[] }[] = [
  {
    key: "main",
    label: null,
    entries: [
      {
        path: "/my",
        label: "nav.my",
        icon: <HomeOutlined />,
        permission: "enterprise.read",
        roles: ["leader", "cadre"],
      },
      {
        path: "/enterprises",
        label: "nav.enterprises",
        icon: <BankOutlined />,
        permission: "enterprise.read",
        // a department works from its queue and an enterprise from its own requests: neither browses the register
        roles: ["admin", "leader", "cadre", "oversight", "statistics"],
      },
      {
        path: "/my-issues",
        label: "nav.myIssues",
        icon: <MessageOutlined />,
        permission: "issue.read",
        roles: ["enterprise"],
      },
      {
        path: "/my-issues/new",
        label: "nav.myIssueNew",
        icon: <EditOutlined />,
        permission: "issue.create",
        roles: ["enterprise"],
      },
      {
        path: "/my-enterprise",
        label: "nav.myEnterprise",
        icon: <BankOutlined />,
        permission: "enterprise.read",
        roles: ["enterprise"],
      },
      { path: "/queue", label: "nav.queue", icon: <ScheduleOutlined />, permission: "issue.handle" },
      { path: "/inbox", label: "nav.inbox", icon: <BellOutlined />, permission: "notification.read" },
    ],
  },
  {
    key: "assignments",
    label: "nav.assignmentsGroup",
    icon: <UsergroupAddOutlined />,
    entries: [
      { path: "/assignments", label: "nav.assignments", icon: <UsergroupAddOutlined />, permission: "assignment.read" },
      { path: "/assignments/coverage", label: "nav.coverage", icon: <PieChartOutlined />, permission: "coverage.read" },
    ],
  },
  {
    key: "issues",
    label: "nav.issuesGroup",
    icon: <ProfileOutlined />,
    entries: [
      {
        path: "/issues",
        label: "nav.issueLedger",
        icon: <ProfileOutlined />,
        permission: "issue.read",
        roles: ["admin", "leader", "cadre", "department", "oversight", "statistics"],
      },
      { path: "/meetings", label: "nav.meetings", icon: <TeamOutlined />, permission: "meeting.read" },
    ],
  },
  {
    key: "visits",
    label: "nav.visitsGroup",
    icon: <CarOutlined />,
    entries: [
      { path: "/visits/new", label: "nav.visitNew", icon: <EditOutlined />, permission: "visit.write" },
      { path: "/visits", label: "nav.visits", icon: <CarOutlined />, permission: "visit.read" },
      { path: "/visits/cadence", label: "nav.cadence", icon: <LineChartOutlined />, permission: "cadence.read" },
      {
        path: "/visits/cadence-rules",
        label: "nav.cadenceRules",
        icon: <ControlOutlined />,
        permission: "cadence.write",
      },
    ],
  },
  {
    key: "projects",
    label: "nav.projectsGroup",
    icon: <ProjectOutlined />,
    entries: [
      { path: "/projects", label: "nav.projects", icon: <ProjectOutlined />, permission: "project.read" },
      { path: "/projects/report", label: "nav.monthlyReport", icon: <FormOutlined />, permission: "project.progress" },
      { path: "/leads", label: "nav.leads", icon: <FundProjectionScreenOutlined />, permission: "lead.read" },
      { path: "/leads/figures", label: "nav.leadFigures", icon: <BarChartOutlined />, permission: "lead.read" },
    ],
  },
  {
    key: "system",
    label: "nav.systemGroup",
    icon: <SettingOutlined />,
    entries: [
      { path: "/users", label: "nav.users", icon: <UserOutlined />, permission: "user.read" },
      {
        path: "/departments",
        label: "nav.departments",
        icon: <TeamOutlined />,
        permission: "department.read",
        roles: referenceReaders,
      },
      {
        path: "/org-units",
        label: "nav.orgUnits",
        icon: <ClusterOutlined />,
        permission: "org_unit.read",
        roles: referenceReaders,
      },
      { path: "/tags", label: "nav.tags", icon: <TagsOutlined />, permission: "tag.read", roles: referenceReaders },
      { path: "/audit", label: "nav.audit", icon: <AuditOutlined />, permission: "audit.read" },
    ],
  },
];

function allows(user: CurrentUser, entry: Entry): boolean {
  return user.permissions.includes(entry.permission) && (!entry.roles || entry.roles.includes(user.role));
}

/** The inbox entry's label: 消息 with the unread count beside it. */
function inboxLabel(text: string, unread: number, t: Translate): ReactNode {
  if (unread <= 0) return text;
  return (
    <Flex align="center" justify="space-between" gap={8} component="span">
      <span>{text}</span>
      <Badge count={unread} overflowCount={99} size="small" aria-label={t("inbox.bell", { count: unread })} />
    </Flex>
  );
}

/** The side menu, holding only the pages the signed-in role needs; the inbox entry shows the unread count. */
export function buildMenuItems(user: CurrentUser, t: Translate, unread = 0): MenuItem[] {
  const items: MenuItem[] = [];
  for (const group of groups) {
    const children = group.entries
      .filter((e) => allows(user, e))
      .map((e) => ({
        key: e.path,
        icon: e.icon,
        label: e.path === "/inbox" ? inboxLabel(t(e.label), unread, t) : t(e.label),
      }));
    if (children.length === 0) continue;
    // a group of one entry (e.g. a department's 问题台账) is shown as that entry, not a folder around it
    if (group.label === null || children.length === 1) items.push(...children);
    else items.push({ key: group.key, icon: group.icon, label: t(group.label), children });
  }
  return items;
}

/** The menu key to highlight for a location: the longest path of the user's menu that prefixes it. */
export function selectedMenuKey(pathname: string, user: CurrentUser): string {
  if (user.enterpriseId && pathname === `/enterprises/${user.enterpriseId}`) return "/my-enterprise";
  const paths = groups.flatMap((g) => g.entries.filter((e) => allows(user, e)).map((e) => e.path));
  const matches = paths.filter((p) => pathname === p || pathname.startsWith(`${p}/`));
  return matches.sort((a, b) => b.length - a.length)[0] ?? pathname;
}

export const openGroupKeys = groups.filter((g) => g.label !== null).map((g) => g.key);
