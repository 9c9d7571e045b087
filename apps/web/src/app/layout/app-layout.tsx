import type { CurrentUser } from "@zonedesk/contracts";
import { Drawer, Layout, Menu, Typography, theme } from "antd";
import { Suspense, useMemo, useState } from "react";
import { Outlet, useLocation, useNavigate } from "react-router-dom";
import { PageSpin } from "../../components/page-spin";
import { useUnreadCount } from "../../features/notifications/api/notifications-api";
import { useT } from "../../i18n";
import { useCurrentUser } from "../../lib/current-user";
import { useIsMobile } from "../../lib/use-is-mobile";
import { HeaderBar } from "./header-bar";
import { buildMenuItems, openGroupKeys, selectedMenuKey } from "./menu-items";

function SideMenu({ user, onNavigate }: { user: CurrentUser; onNavigate?: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const unread = useUnreadCount(user.permissions.includes("notification.read"));
  const unreadCount = unread.data?.total ?? 0;
  const items = useMemo(() => buildMenuItems(user, t, unreadCount), [user, t, unreadCount]);
  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={[selectedMenuKey(location.pathname, user)]}
      defaultOpenKeys={openGroupKeys}
      onClick={({ key }) => {
        navigate(key);
        onNavigate?.();
      }}
      style={{ borderInlineEnd: "none" }}
    />
  );
}

function Brand() {
  const t = useT();
  return (
    <div style={{ padding: "16px 20px", borderBottom: "1px solid rgba(5,5,5,0.06)" }}>
      <Typography.Text strong style={{ fontSize: 16 }}>
        {t("app.name")}
      </Typography.Text>
      <br />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t("app.tagline")}
      </Typography.Text>
    </div>
  );
}

/** The signed-in frame: side menu (a drawer on phones), header, and the page. */
export function AppLayout() {
  const { data: user } = useCurrentUser();
  const isMobile = useIsMobile();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { token } = theme.useToken();
  if (!user) return null;
  return (
    <Layout style={{ minHeight: "100vh" }}>
      {!isMobile && (
        <Layout.Sider width={216} theme="light" style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}>
          <Brand />
          <SideMenu user={user} />
        </Layout.Sider>
      )}
      {isMobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          styles={{ body: { padding: 0 } }}
          title={null}
          closable={false}
        >
          <Brand />
          <SideMenu user={user} onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            padding: isMobile ? "0 8px" : "0 24px",
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            position: "sticky",
            top: 0,
            zIndex: 10,
            height: 56,
            lineHeight: "normal",
          }}
        >
          <HeaderBar user={user} isMobile={isMobile} onOpenMenu={() => setDrawerOpen(true)} />
        </Layout.Header>
        <Layout.Content style={{ padding: isMobile ? 12 : 24, minWidth: 0 }}>
          <Suspense fallback={<PageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
