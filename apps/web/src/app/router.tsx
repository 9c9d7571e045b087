import type { Permission } from "@zonedesk/contracts";
import { lazy, type ReactNode, Suspense } from "react";
import { createBrowserRouter, Navigate, RouterProvider } from "react-router-dom";
import { PageSpin } from "../components/page-spin";
import { useCurrentUser } from "../lib/current-user";
import { AuthGate, RootRoute } from "./layout/auth-gate";
import { ForbiddenPage, NotFoundPage } from "./layout/status-pages";

const page = <T extends Record<string, React.ComponentType>>(load: () => Promise<T>, name: keyof T) =>
  lazy(async () => {
    const module = await load();
    return { default: module[name] as React.ComponentType }; // name is a key of the module's exports
  });

const SignInPage = page(() => import("../features/auth/pages/sign-in-page"), "SignInPage");
const ChangePasswordPage = page(() => import("../features/auth/pages/change-password-page"), "ChangePasswordPage");
const EnterpriseListPage = page(
  () => import("../features/enterprises/pages/enterprise-list-page"),
  "EnterpriseListPage",
);
const EnterpriseDetailRoute = page(() => import("./routes/enterprise-detail-route"), "EnterpriseDetailRoute");
const EnterpriseFormPage = page(
  () => import("../features/enterprises/pages/enterprise-form-page"),
  "EnterpriseFormPage",
);
const EnterpriseImportPage = page(
  () => import("../features/enterprises/pages/enterprise-import-page"),
  "EnterpriseImportPage",
);
const MyEnterprisesPage = page(() => import("../features/enterprises/pages/my-enterprises-page"), "MyEnterprisesPage");
const AssignmentListPage = page(
  () => import("../features/assignments/pages/assignment-list-page"),
  "AssignmentListPage",
);
const CoveragePage = page(() => import("../features/assignments/pages/coverage-page"), "CoveragePage");
const AssignmentImportPage = page(
  () => import("../features/assignments/pages/assignment-import-page"),
  "AssignmentImportPage",
);
const UserListPage = page(() => import("../features/users/pages/user-list-page"), "UserListPage");
const DepartmentListPage = page(
  () => import("../features/departments/pages/department-list-page"),
  "DepartmentListPage",
);
const OrgUnitPage = page(() => import("../features/org-units/pages/org-unit-page"), "OrgUnitPage");
const TagListPage = page(() => import("../features/tags/pages/tag-list-page"), "TagListPage");
const AuditLogPage = page(() => import("../features/audit/pages/audit-log-page"), "AuditLogPage");
const IssueLedgerPage = page(() => import("../features/issues/pages/issue-ledger-page"), "IssueLedgerPage");
const IssueDetailPage = page(() => import("../features/issues/pages/issue-detail-page"), "IssueDetailPage");
const IssueNewPage = page(() => import("../features/issues/pages/issue-new-page"), "IssueNewPage");
const MyIssuesPage = page(() => import("../features/issues/pages/my-issues-page"), "MyIssuesPage");
const DepartmentQueuePage = page(() => import("../features/issues/pages/department-queue-page"), "DepartmentQueuePage");
const InboxPage = page(() => import("../features/notifications/pages/inbox-page"), "InboxPage");
const VisitNewRoute = page(() => import("./routes/visit-new-route"), "VisitNewRoute");
const VisitLogPage = page(() => import("../features/visits/pages/visit-log-page"), "VisitLogPage");
const CadenceReportPage = page(() => import("../features/visits/pages/cadence-report-page"), "CadenceReportPage");
const CadenceRulesPage = page(() => import("../features/visits/pages/cadence-rules-page"), "CadenceRulesPage");
const MeetingListPage = page(() => import("../features/meetings/pages/meeting-list-page"), "MeetingListPage");
const MeetingDetailPage = page(() => import("../features/meetings/pages/meeting-detail-page"), "MeetingDetailPage");
const ProjectListPage = page(() => import("../features/projects/pages/project-list-page"), "ProjectListPage");
const ProjectDetailPage = page(() => import("../features/projects/pages/project-detail-page"), "ProjectDetailPage");
const ProjectFormPage = page(() => import("../features/projects/pages/project-form-page"), "ProjectFormPage");
const ProjectImportPage = page(() => import("../features/projects/pages/project-import-page"), "ProjectImportPage");
const ReportImportPage = page(() => import("../features/projects/pages/project-import-page"), "ReportImportPage");
const PlanImportPage = page(() => import("../features/projects/pages/project-import-page"), "PlanImportPage");
const ProcedureTypesPage = page(() => import("../features/projects/pages/procedure-types-page"), "ProcedureTypesPage");
const MonthlyReportPage = page(() => import("../features/projects/pages/monthly-report-page"), "MonthlyReportPage");
const LeadBoardPage = page(() => import("../features/investment/pages/lead-board-page"), "LeadBoardPage");
const LeadDetailPage = page(() => import("../features/investment/pages/lead-detail-page"), "LeadDetailPage");
const LeadFormPage = page(() => import("../features/investment/pages/lead-form-page"), "LeadFormPage");
const LeadFiguresPage = page(() => import("../features/investment/pages/lead-figures-page"), "LeadFiguresPage");

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageSpin />}>{children}</Suspense>;
}

/** A page only roles with the permission may open; others see 403. */
function Guard({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { data } = useCurrentUser();
  if (!data?.permissions.includes(permission)) return <ForbiddenPage />;
  return <Lazy>{children}</Lazy>;
}

/** The landing page: cadres and leaders start at their own enterprises, everyone else at the register. */
function HomeRedirect() {
  const { data } = useCurrentUser();
  if (data?.role === "leader" || data?.role === "cadre") return <Navigate to="/my" replace />;
  if (data?.role === "department") return <Navigate to="/queue" replace />;
  if (data?.role === "enterprise") return <Navigate to="/my-issues" replace />;
  if (data?.permissions.includes("enterprise.read")) return <Navigate to="/enterprises" replace />;
  return <NotFoundPage />;
}

/** 本企业信息: an enterprise user's own enterprise page. */
function MyEnterpriseRedirect() {
  const { data } = useCurrentUser();
  if (!data?.enterpriseId) return <NotFoundPage />;
  return <Navigate to={`/enterprises/${data.enterpriseId}`} replace />;
}

const router = createBrowserRouter([
  {
    element: <RootRoute />,
    children: [
      {
        path: "/login",
        element: (
          <Lazy>
            <SignInPage />
          </Lazy>
        ),
      },
      {
        path: "/change-password",
        element: (
          <Lazy>
            <ChangePasswordPage />
          </Lazy>
        ),
      },
      {
        path: "/",
        element: <AuthGate />,
        children: [
          { index: true, element: <HomeRedirect /> },
          {
            path: "my",
            element: (
              <Guard permission="enterprise.read">
                <MyEnterprisesPage />
              </Guard>
            ),
          },
          { path: "my-enterprise", element: <MyEnterpriseRedirect /> },
          {
            path: "enterprises",
            element: (
              <Guard permission="enterprise.read">
                <EnterpriseListPage />
              </Guard>
            ),
          },
          {
            path: "enterprises/new",
            element: (
              <Guard permission="enterprise.write">
                <EnterpriseFormPage />
              </Guard>
            ),
          },
          {
            path: "enterprises/import",
            element: (
              <Guard permission="enterprise.import">
                <EnterpriseImportPage />
              </Guard>
            ),
          },
          {
            path: "enterprises/:id",
            element: (
              <Guard permission="enterprise.read">
                <EnterpriseDetailRoute />
              </Guard>
            ),
          },
          {
            path: "enterprises/:id/edit",
            element: (
              <Guard permission="enterprise.write">
                <EnterpriseFormPage />
              </Guard>
            ),
          },
          {
            path: "assignments",
            element: (
              <Guard permission="assignment.read">
                <AssignmentListPage />
              </Guard>
            ),
          },
          {
            path: "assignments/coverage",
            element: (
              <Guard permission="coverage.read">
                <CoveragePage />
              </Guard>
            ),
          },
          {
            path: "assignments/import",
            element: (
              <Guard permission="assignment.write">
                <AssignmentImportPage />
              </Guard>
            ),
          },
          {
            path: "users",
            element: (
              <Guard permission="user.read">
                <UserListPage />
              </Guard>
            ),
          },
          {
            path: "departments",
            element: (
              <Guard permission="department.read">
                <DepartmentListPage />
              </Guard>
            ),
          },
          {
            path: "org-units",
            element: (
              <Guard permission="org_unit.read">
                <OrgUnitPage />
              </Guard>
            ),
          },
          {
            path: "tags",
            element: (
              <Guard permission="tag.read">
                <TagListPage />
              </Guard>
            ),
          },
          {
            path: "projects",
            element: (
              <Guard permission="project.read">
                <ProjectListPage />
              </Guard>
            ),
          },
          {
            path: "projects/new",
            element: (
              <Guard permission="project.write">
                <ProjectFormPage />
              </Guard>
            ),
          },
          {
            path: "projects/import",
            element: (
              <Guard permission="project.import">
                <ProjectImportPage />
              </Guard>
            ),
          },
          {
            path: "projects/reports/import",
            element: (
              <Guard permission="project.progress">
                <ReportImportPage />
              </Guard>
            ),
          },
          {
            path: "projects/procedure-types",
            element: (
              <Guard permission="procedure_type.write">
                <ProcedureTypesPage />
              </Guard>
            ),
          },
          {
            path: "projects/plans/import",
            element: (
              <Guard permission="project.plan">
                <PlanImportPage />
              </Guard>
            ),
          },
          {
            path: "projects/report",
            element: (
              <Guard permission="project.progress">
                <MonthlyReportPage />
              </Guard>
            ),
          },
          {
            path: "projects/:id",
            element: (
              <Guard permission="project.read">
                <ProjectDetailPage />
              </Guard>
            ),
          },
          {
            path: "projects/:id/edit",
            element: (
              <Guard permission="project.write">
                <ProjectFormPage />
              </Guard>
            ),
          },
          {
            path: "leads",
            element: (
              <Guard permission="lead.read">
                <LeadBoardPage />
              </Guard>
            ),
          },
          {
            path: "leads/new",
            element: (
              <Guard permission="lead.write">
                <LeadFormPage />
              </Guard>
            ),
          },
          {
            path: "leads/figures",
            element: (
              <Guard permission="lead.read">
                <LeadFiguresPage />
              </Guard>
            ),
          },
          {
            path: "leads/import",
            // loaded with the route (route.lazy), so the page and its guard sit in this one entry
            lazy: async () => {
              const { LeadImportPage } = await import("../features/investment/pages/lead-import-page");
              return {
                element: (
                  <Guard permission="lead.write">
                    <LeadImportPage />
                  </Guard>
                ),
              };
            },
          },
          {
            path: "leads/:id",
            element: (
              <Guard permission="lead.read">
                <LeadDetailPage />
              </Guard>
            ),
          },
          {
            path: "leads/:id/edit",
            element: (
              <Guard permission="lead.write">
                <LeadFormPage />
              </Guard>
            ),
          },
          {
            path: "issues",
            element: (
              <Guard permission="issue.read">
                <IssueLedgerPage />
              </Guard>
            ),
          },
          {
            path: "issues/new",
            element: (
              <Guard permission="issue.dispatch">
                <IssueNewPage />
              </Guard>
            ),
          },
          {
            path: "issues/:id",
            element: (
              <Guard permission="issue.read">
                <IssueDetailPage />
              </Guard>
            ),
          },
          {
            path: "queue",
            element: (
              <Guard permission="issue.handle">
                <DepartmentQueuePage />
              </Guard>
            ),
          },
          {
            path: "my-issues",
            element: (
              <Guard permission="issue.read">
                <MyIssuesPage />
              </Guard>
            ),
          },
          {
            path: "my-issues/new",
            element: (
              <Guard permission="issue.create">
                <IssueNewPage />
              </Guard>
            ),
          },
          {
            path: "inbox",
            element: (
              <Guard permission="notification.read">
                <InboxPage />
              </Guard>
            ),
          },
          {
            path: "visits",
            element: (
              <Guard permission="visit.read">
                <VisitLogPage />
              </Guard>
            ),
          },
          {
            path: "visits/new",
            element: (
              <Guard permission="visit.write">
                <VisitNewRoute />
              </Guard>
            ),
          },
          {
            path: "visits/cadence",
            element: (
              <Guard permission="cadence.read">
                <CadenceReportPage />
              </Guard>
            ),
          },
          {
            path: "visits/cadence-rules",
            element: (
              <Guard permission="cadence.read">
                <CadenceRulesPage />
              </Guard>
            ),
          },
          {
            path: "meetings",
            element: (
              <Guard permission="meeting.read">
                <MeetingListPage />
              </Guard>
            ),
          },
          {
            path: "meetings/:id",
            element: (
              <Guard permission="meeting.read">
                <MeetingDetailPage />
              </Guard>
            ),
          },
          {
            path: "audit",
            element: (
              <Guard permission="audit.read">
                <AuditLogPage />
              </Guard>
            ),
          },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
