import { type ErrorCode, errorStatus } from "@zonedesk/contracts";

/** The one error type: a code from contracts, a message users can read, optional details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  /** Refusals worth an audit row (access denied, out-of-scope probes). */
  readonly isAccessRefusal: boolean;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; isAccessRefusal?: boolean } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = errorStatus[code];
    this.details = options.details;
    this.isAccessRefusal = options.isAccessRefusal ?? false;
  }
}

export function notFound(what: string, options: { isAccessRefusal?: boolean } = {}): AppError {
  return new AppError("NOT_FOUND", `${what}不存在或无权访问`, options);
}

/** A 400 VALIDATION_FAILED about one field: the web shows the message next to that field. */
export function fieldError(path: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", message, { details: { issues: [{ path, message }] } });
}

export function versionConflict(what: string): AppError {
  return new AppError(
    "VERSION_CONFLICT",
    `${what}已被他人修改，您看到的是旧版本。请刷新后重新修改（您的修改未保存）。`,
  );
}

/** Postgres unique_violation, whichever driver raised it. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const code = e?.code ?? e?.cause?.code;
  const name = e?.constraint ?? e?.cause?.constraint;
  return code === "23505" && (constraint === undefined || name === constraint || String(error).includes(constraint));
}
