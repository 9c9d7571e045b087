import { Segmented } from "antd";
import { type Locale, useLocale, useT } from "../i18n";

/** 中文 / English switch; the choice is kept in localStorage. */
export function LanguageToggle({ compact = false }: { compact?: boolean }) {
  const { locale, setLocale } = useLocale();
  const t = useT();
  return (
    <Segmented<Locale>
      size="small"
      aria-label={t("header.language")}
      value={locale}
      onChange={setLocale}
      options={[
        { value: "zh-CN", label: compact ? "中" : "中文" },
        { value: "en-US", label: compact ? "EN" : "English" },
      ]}
    />
  );
}
