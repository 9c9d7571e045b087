import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { enLabels, enUS } from "./en-US";
import { type EnumLabels, type MessageKey, type Messages, zhCN, zhLabels } from "./zh-CN";

export type Locale = "zh-CN" | "en-US";
export type { MessageKey };

const storageKey = "zonedesk.locale";

const dictionaries: Record<Locale, { messages: Messages; labels: EnumLabels; dayjs: string }> = {
  "zh-CN": { messages: zhCN, labels: zhLabels, dayjs: "zh-cn" },
  "en-US": { messages: enUS, labels: enLabels, dayjs: "en" },
};

function readStoredLocale(): Locale {
  try {
    return localStorage.getItem(storageKey) === "en-US" ? "en-US" : "zh-CN";
  } catch {
    return "zh-CN";
  }
}

interface LocaleContextValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleContextValue>({ locale: "zh-CN", setLocale: () => {} });

/** Holds the UI language (Simplified Chinese unless the user chose English), persisted in localStorage. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const initial = readStoredLocale();
    dayjs.locale(dictionaries[initial].dayjs);
    return initial;
  });
  const setLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // private mode: keep the choice for this visit only
    }
    dayjs.locale(dictionaries[next].dayjs);
    document.documentElement.lang = next;
    setLocaleState(next);
  }, []);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleContextValue {
  return useContext(LocaleContext);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** `t("enterprise.name")`, with `{name}` placeholders filled from params. */
export function useT(): Translate {
  const { locale } = useLocale();
  return useCallback(
    (key, params) => {
      const text = dictionaries[locale].messages[key];
      if (!params) return text;
      return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
        const value = params[name];
        return value === undefined ? whole : String(value);
      });
    },
    [locale],
  );
}

/** Labels of roles, liaison roles, sizes, org unit kinds and audit actions in the current language. */
export function useLabels(): EnumLabels & {
  of: (map: Record<string, string>, key: string | null | undefined) => string;
} {
  const { locale } = useLocale();
  return useMemo(() => {
    const labels = dictionaries[locale].labels;
    return {
      ...labels,
      of: (map: Record<string, string>, key: string | null | undefined) => (key ? (map[key] ?? key) : "—"),
    };
  }, [locale]);
}
