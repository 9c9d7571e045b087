import type { FieldIssue } from "@zonedesk/contracts";
import type { FormInstance } from "antd";
import { App } from "antd";
import { useCallback } from "react";
import { isApiError } from "./api";

type NamePath = (string | number)[];

/** How a form meets the server's field paths, where its own names differ. */
export interface FieldErrorOptions {
  /**
   * Server field path (without "body.") → the form's field name. A key also maps the paths under it:
   * `{ enterpriseId: ["projectId"] }`, `{ items: ["agenda"] }` turns "items.2.decision" into ["agenda", 2, "decision"].
   */
  fields?: Record<string, string | NamePath>;
  /** Chinese label of a server path (or of the paths under it), for an issue no form field can show. */
  labels?: Record<string, string>;
}

/** A field path from the server ("body.name", "contacts.0.phone") as an antd name path. */
export function toNamePath(path: string): NamePath {
  return path
    .replace(/^body\./, "")
    .split(".")
    .filter((s) => s.length > 0)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The entry of `map` for `path` itself or for the longest path above it, with the rest of the path. */
function lookUp<T>(map: Record<string, T> | undefined, path: string): { value: T; rest: string } | null {
  if (!map) return null;
  let best: { value: T; rest: string; length: number } | null = null;
  for (const [key, value] of Object.entries(map)) {
    if (path === key || path.startsWith(`${key}.`)) {
      if (!best || key.length > best.length) best = { value, rest: path.slice(key.length + 1), length: key.length };
    }
  }
  return best && { value: best.value, rest: best.rest };
}

/** The form field an issue belongs to, after the mapping. */
function fieldOf(issue: FieldIssue, options?: FieldErrorOptions): NamePath {
  const path = issue.path.replace(/^body\./, "");
  const mapped = lookUp(options?.fields, path);
  if (!mapped) return toNamePath(path);
  const base = typeof mapped.value === "string" ? toNamePath(mapped.value) : mapped.value;
  return [...base, ...toNamePath(mapped.rest)];
}

/**
 * What a toast says for issues no field shows: the Chinese label (when known) and the server's Chinese message,
 * never the English field path.
 */
function describeIssues(issues: FieldIssue[], options?: FieldErrorOptions): string {
  const lines = issues.map((issue) => {
    const label = lookUp(options?.labels, issue.path.replace(/^body\./, ""))?.value;
    return label && !issue.message.includes(label) ? `${label}：${issue.message}` : issue.message;
  });
  return [...new Set(lines)].join("；");
}

/** The server's message without a leading field path ("issues.0.title：…" → "…"). */
function withoutPath(message: string): string {
  return message.replace(/^[A-Za-z0-9_.[\]]+[：:]\s*/, "");
}

/**
 * Shows an API error: field issues next to their form fields when the form has them (through
 * `options.fields` where the names differ), the others as one toast in Chinese. Returns whether any
 * field got an error.
 */
export function useErrorHandler() {
  const { message } = App.useApp();
  return useCallback(
    (error: unknown, form?: FormInstance, options?: FieldErrorOptions): boolean => {
      if (!isApiError(error)) {
        message.error(error instanceof Error ? error.message : String(error));
        return false;
      }
      const apiError = error;
      // a validation failure lists what is wrong; any other refusal is summed up by the server's message
      const toast = (unplaced: FieldIssue[], someShown: boolean) => {
        const useIssues = unplaced.length > 0 && (apiError.code === "VALIDATION_FAILED" || someShown);
        message.error(useIssues ? describeIssues(unplaced, options) : withoutPath(apiError.message));
      };
      let rest = apiError.issues;
      if (form) {
        // getFieldsValue() without arguments returns an object keyed by the registered fields
        const registered = new Set(Object.keys(form.getFieldsValue() as Record<string, unknown>));
        const placed = rest.map((issue) => ({ issue, name: fieldOf(issue, options) }));
        const onForm = placed.filter((p) => p.name.length > 0 && registered.has(String(p.name[0])));
        if (onForm.length > 0) form.setFields(onForm.map((p) => ({ name: p.name, errors: [p.issue.message] })));
        rest = placed.filter((p) => !onForm.includes(p)).map((p) => p.issue);
        if (onForm.length > 0 && rest.length === 0) return true;
        toast(rest, onForm.length > 0);
        return onForm.length > 0;
      }
      toast(rest, false);
      return false;
    },
    [message],
  );
}
