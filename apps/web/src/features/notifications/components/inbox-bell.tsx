import { BellOutlined } from "@ant-design/icons";
import { Badge, Button } from "antd";
import { useNavigate } from "react-router-dom";
import { useT } from "../../../i18n";
import { useCan } from "../../../lib/current-user";
import { useUnreadCount } from "../api/notifications-api";

/** The header's bell: the unread count (polled every 60 s); opens the inbox. */
export function InboxBell() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const allowed = can("notification.read");
  const unread = useUnreadCount(allowed);
  if (!allowed) return null;
  const count = unread.data?.total ?? 0;
  return (
    <Badge count={count} size="small" overflowCount={99} offset={[-4, 4]}>
      <Button
        type="text"
        icon={<BellOutlined style={{ fontSize: 18 }} />}
        aria-label={t("inbox.bell", { count })}
        onClick={() => navigate("/inbox")}
      />
    </Badge>
  );
}
