import type { ErrorCode, FieldIssue } from "@zonedesk/contracts";

/** A failed API call: the server's error code, message and field issues, as sent. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | "NETWORK_ERROR";
  readonly details: unknown;
  readonly requestId: string | null;

  constructor(
    status: number,
    code: ErrorCode | "NETWORK_ERROR",
    message: string,
    details: unknown,
    requestId: string | null,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }

  /** Field issues from `details.issues`, if the server sent any. */
  get issues(): FieldIssue[] {
    const details = this.details;
    if (typeof details !== "object" || details === null || !("issues" in details)) return [];
    const issues = (details as { issues: unknown }).issues;
    if (!Array.isArray(issues)) return [];
    return issues.filter(
      (i): i is FieldIssue =>
        typeof i === "object" && i !== null && typeof i.path === "string" && typeof i.message === "string",
    );
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

type AuthEvent = "unauthenticated" | "password-change-required";
let authListener: ((event: AuthEvent) => void) | null = null;

/** The app registers one listener that navigates on 401 and on PASSWORD_CHANGE_REQUIRED. */
export function setAuthListener(listener: ((event: AuthEvent) => void) | null): void {
  authListener = listener;
}

export type QueryValue = string | number | boolean | null | undefined | readonly string[];

/** `?a=1&b=x,y` from an object; empty values are left out. */
export function buildQuery(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(","));
      continue;
    }
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (typeof body === "object" && body !== null && "code" in body && "message" in body) {
    const b = body as { code: ErrorCode; message: string; details?: unknown; requestId?: string };
    return new ApiError(response.status, b.code, b.message, b.details, b.requestId ?? null);
  }
  return new ApiError(response.status, "INTERNAL_ERROR", `请求失败（HTTP ${response.status}）`, undefined, null);
}

async function send(method: string, path: string, init: { body?: BodyInit; json?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  let body = init.body;
  if (init.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(init.json);
  }
  let response: Response;
  try {
    response = await fetch(`/api${path}`, { method, headers, body, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "NETWORK_ERROR", "无法连接服务器，请检查网络", undefined, null);
  }
  if (response.ok) return response;
  const error = await toApiError(response);
  if (error.code === "UNAUTHENTICATED" || error.code === "SESSION_EXPIRED") authListener?.("unauthenticated");
  if (error.code === "PASSWORD_CHANGE_REQUIRED") authListener?.("password-change-required");
  throw error;
}

async function readJson<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T; // no body: callers of such endpoints type T as void
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T; // the server's response schema is the contract for T
}

export const api = {
  get: async <T>(path: string, query: Record<string, QueryValue> = {}) =>
    readJson<T>(await send("GET", `${path}${buildQuery(query)}`)),
  post: async <T>(path: string, json: unknown = {}) => readJson<T>(await send("POST", path, { json })),
  put: async <T>(path: string, json: unknown) => readJson<T>(await send("PUT", path, { json })),
  patch: async <T>(path: string, json: unknown) => readJson<T>(await send("PATCH", path, { json })),
  delete: async <T>(path: string) => readJson<T>(await send("DELETE", path)),
  /** multipart upload with the file in field "file". */
  upload: async <T>(path: string, file: File) => {
    const form = new FormData();
    form.append("file", file, file.name);
    return readJson<T>(await send("POST", path, { body: form }));
  },
};

function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ""));
    } catch {
      // fall through to the plain filename
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/** Downloads a file answer (e.g. an .xlsx export) and saves it under the server's file name. */
export async function downloadFile(
  path: string,
  query: Record<string, QueryValue>,
  fallbackName: string,
): Promise<void> {
  const response = await send("GET", `${path}${buildQuery(query)}`);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileNameFrom(response.headers.get("Content-Disposition"), fallbackName);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
