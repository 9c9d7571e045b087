import { Button, Result } from "antd";
import { Link } from "react-router-dom";
import { useT } from "../../i18n";

export function NotFoundPage() {
  const t = useT();
  return (
    <Result
      status="404"
      title={t("common.notFound")}
      subTitle={t("common.notFoundHint")}
      extra={
        <Link to="/">
          <Button type="primary">{t("common.backHome")}</Button>
        </Link>
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
        <Link to="/">
          <Button type="primary">{t("common.backHome")}</Button>
        </Link>
      }
    />
  );
}
