import { Result } from "antd";
import { LinkButton } from "../../components/link-button";
import { useT } from "../../i18n";

export function NotFoundPage() {
  const t = useT();
  return (
    <Result
      status="404"
      title={t("common.notFound")}
      subTitle={t("common.notFoundHint")}
      extra={
        <LinkButton to="/" type="primary">
          {t("common.backHome")}
        </LinkButton>
      }
    />
  );
}

export function ForbiddenPage() {
  const t = useT();
  return (
    <Result
      status="403"
      title={t("common.forbidden")}
      subTitle={t("common.forbiddenHint")}
      extra={
        <LinkButton to="/" type="primary">
          {t("common.backHome")}
        </LinkButton>
      }
    />
  );
}
