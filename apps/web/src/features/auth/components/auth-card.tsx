import { Card, Flex, Typography } from "antd";
import type { ReactNode } from "react";
import { LanguageToggle } from "../../../components/language-toggle";
import { useT } from "../../../i18n";

/** The centred card the sign-in and password pages sit in; fits a 390 px phone. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  const t = useT();
  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: "100vh", padding: 16, background: "linear-gradient(180deg, #e6f0ff 0%, #f5f5f5 60%)" }}
    >
      <div style={{ width: "100%", maxWidth: 400 }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t("app.name")}
            </Typography.Title>
            <Typography.Text type="secondary">{t("app.tagline")}</Typography.Text>
          </div>
          <LanguageToggle />
        </Flex>
        <Card title={title}>{children}</Card>
      </div>
    </Flex>
  );
}
