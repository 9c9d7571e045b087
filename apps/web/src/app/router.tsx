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
const EnterpriseDetailPage = page(
  () => import("../features/enterprises/pages/enterprise-detail-page"),
  "EnterpriseDetailPage",
);
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
  if (data?.permissions.includes("enterprise.read")) return <Navigate to="/enterprises" replace />;
  return <NotFoundPage />;
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
                <EnterpriseDetailPage />
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
