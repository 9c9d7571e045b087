import { useQueryClient } from "@tanstack/react-query";
import { Button, Result } from "antd";
import { useEffect } from "react";
import { Navigate, Outlet, useLocation, useNavigate } from "react-router-dom";
import { PageSpin } from "../../components/page-spin";
import { useT } from "../../i18n";
import { isApiError, setAuthListener } from "../../lib/api";
import { currentUserKey, needsPasswordChange, useCurrentUser } from "../../lib/current-user";
import { AppLayout } from "./app-layout";

/** The root of every route: turns 401 and PASSWORD_CHANGE_REQUIRED answers into navigation. */
export function RootRoute() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useEffect(() => {
    setAuthListener((event) => {
      const here = window.location.pathname;
      if (event === "unauthenticated") {
        if (here === "/login") return;
        queryClient.removeQueries({ queryKey: currentUserKey });
        const next = `${here}${window.location.search}`;
        navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
      } else if (here !== "/change-password") {
        void queryClient.invalidateQueries({ queryKey: currentUserKey });
        navigate("/change-password", { replace: true });
      }
    });
    return () => setAuthListener(null);
  }, [navigate, queryClient]);
  return <Outlet />;
}

/** Signed-in pages: waits for /api/auth/me, sends strangers to sign in and stale passwords to be changed. */
export function AuthGate() {
  const t = useT();
  const location = useLocation();
  const me = useCurrentUser();
  if (me.isPending) return <PageSpin />;
  if (me.isError) {
    if (isApiError(me.error) && me.error.status === 401) {
      const next = `${location.pathname}${location.search}`;
      return <Navigate to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`} replace />;
    }
    return (
      <Result
        status="error"
        title={t("common.loadFailed")}
        subTitle={me.error.message}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            {t("common.retry")}
          </Button>
        }
      />
    );
  }
  if (needsPasswordChange(me.data)) return <Navigate to="/change-password" replace />;
  return <AppLayout />;
}
