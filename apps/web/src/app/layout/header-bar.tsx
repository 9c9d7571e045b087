import { GlobalOutlined, KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from "@ant-design/icons";
import type { CurrentUser } from "@zonedesk/contracts";
import { App, Button, Dropdown, Flex, Tag, Typography } from "antd";
import { useNavigate } from "react-router-dom";
import { LanguageToggle } from "../../components/language-toggle";
import { InboxBell } from "../../features/notifications/components/inbox-bell";
import { useLabels, useT } from "../../i18n";
import { useSignOut } from "../../lib/current-user";

interface HeaderBarProps {
  user: CurrentUser;
  isMobile: boolean;
  onOpenMenu: () => void;
}

/** Who is signed in, in which role and unit; language; password; sign-out. */
export function HeaderBar({ user, isMobile, onOpenMenu }: HeaderBarProps) {
  const t = useT();
  const labels = useLabels();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const { message } = App.useApp();

  const handleSignOut = async () => {
    await signOut().catch(() => undefined);
    message.success(t("header.signedOut"));
    navigate("/login", { replace: true });
  };

  const menu = {
    items: [
      {
        key: "who",
        disabled: true,
        label: (
          <Flex vertical>
            <Typography.Text strong>{user.displayName}</Typography.Text>
            <Typography.Text type="secondary">
              {labels.role[user.role]} · {user.orgUnitName}
            </Typography.Text>
          </Flex>
        ),
      },
      { type: "divider" as const },
      { key: "password", icon: <KeyOutlined />, label: t("header.changePassword") },
      { key: "sign-out", icon: <LogoutOutlined />, label: t("header.signOut"), danger: true },
    ],
    onClick: ({ key }: { key: string }) => {
      if (key === "password") navigate("/change-password");
      if (key === "sign-out") void handleSignOut();
    },
  };

  return (
    <Flex align="center" justify="space-between" gap={8} style={{ height: "100%", width: "100%", minWidth: 0 }}>
      <Flex align="center" gap={8} style={{ minWidth: 0 }}>
        {isMobile && (
          <Button type="text" icon={<MenuOutlined />} onClick={onOpenMenu} aria-label={t("nav.menu")}>
            {t("nav.menu")}
          </Button>
        )}
        {isMobile && (
          <Typography.Text strong ellipsis>
            {t("app.name")}
          </Typography.Text>
        )}
      </Flex>
      <Flex align="center" gap={isMobile ? 6 : 12} style={{ minWidth: 0, marginInlineStart: "auto" }}>
        <GlobalOutlined aria-hidden style={{ color: "#8c8c8c", display: isMobile ? "none" : undefined }} />
        <LanguageToggle compact={isMobile} />
        {!isMobile && (
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: 200 }}>
            {user.orgUnitName}
          </Typography.Text>
        )}
        {!isMobile && <Tag color="blue">{labels.role[user.role]}</Tag>}
        <InboxBell />
        <Dropdown menu={menu} trigger={["click"]} placement="bottomRight">
          <Button type="text" icon={<UserOutlined />} aria-label={user.displayName}>
            <span style={{ maxWidth: isMobile ? 72 : 160, overflow: "hidden", textOverflow: "ellipsis" }}>
              {user.displayName}
            </span>
          </Button>
        </Dropdown>
      </Flex>
    </Flex>
  );
}
