import type { FormInstance } from "antd";
import { App } from "antd";
import { useCallback } from "react";
import { isApiError } from "./api";

/** A field path from the server ("body.name", "contacts.0.phone") as an antd name path. */
export function toNamePath(path: string): (string | number)[] {
  return path
    .replace(/^body\./, "")
    .split(".")
    .filter((s) => s.length > 0)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * Shows an API error: field issues next to their form fields when the form has them,
 * otherwise the server's message as a toast. Returns whether any field got an error.
 */
export function useErrorHandler() {
  const { message } = App.useApp();
  return useCallback(
    (error: unknown, form?: FormInstance): boolean => {
      if (!isApiError(error)) {
        message.error(error instanceof Error ? error.message : String(error));
        return false;
      }
      if (form) {
        // getFieldsValue() without arguments returns an object keyed by the registered fields
        const registered = new Set(Object.keys(form.getFieldsValue() as Record<string, unknown>));
        const fields = error.issues
          .map((issue) => ({ name: toNamePath(issue.path), errors: [issue.message] }))
          .filter((f) => f.name.length > 0 && registered.has(String(f.name[0])));
        if (fields.length > 0) {
          form.setFields(fields);
          return true;
        }
      }
      message.error(error.message);
      return false;
    },
    [message],
  );
}
