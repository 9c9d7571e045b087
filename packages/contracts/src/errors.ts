/** Error codes shared by server and web, with the HTTP status each answers with. */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  INVALID_CREDIT_CODE: 400,
  PASSWORD_TOO_WEAK: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  CREDIT_CODE_TAKEN: 409,
  USERNAME_TAKEN: 409,
  CONFLICT: 409,
  INVALID_STATE: 409,
  IMPORT_HAS_ERRORS: 409,
  IMPORT_ALREADY_APPLIED: 409,
  UPLOAD_TOO_LARGE: 413,
  UNSUPPORTED_FILE: 415,
  IMPORT_INVALID_FILE: 422,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
  requestId: string;
}

/** One issue found by validation: a field path and the reason, in Chinese. */
export interface FieldIssue {
  path: string;
  message: string;
}
