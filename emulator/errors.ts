/**
 * The error shape of Composio's published OpenAPI spec:
 * `{ error: { message, code, slug, status, request_id, suggested_fix?, errors? } }`, with `code`
 * (a number) and `slug` always present. The spec does not list Composio's own codes and slugs, so
 * the emulator keeps one stable pair per kind of failure (ERROR_KINDS, also tabled in the README).
 * Handlers throw ApiError; the server turns it into that body, so no handler formats errors itself.
 * Messages name fields, never their values, because values may be secrets and errors get logged.
 */
export const ERROR_KINDS = {
  invalid_request: { status: 400, code: 4000 },
  malformed_json: { status: 400, code: 4001 },
  invalid_auth_config_id: { status: 400, code: 4002 },
  invalid_connected_account_id: { status: 400, code: 4003 },
  invalid_mcp_server_id: { status: 400, code: 4004 },
  unauthorized: { status: 401, code: 4010 },
  missing_capability: { status: 403, code: 4030 },
  ip_not_allowed: { status: 403, code: 4031 },
  auth_config_not_found: { status: 404, code: 4040 },
  toolkit_not_found: { status: 404, code: 4041 },
  route_not_found: { status: 404, code: 4042 },
  connected_account_not_found: { status: 404, code: 4043 },
  mcp_server_not_found: { status: 404, code: 4044 },
  name_conflict: { status: 409, code: 4090 },
  api_version_gone: { status: 410, code: 4100 },
  payload_too_large: { status: 413, code: 4130 },
  rate_limited: { status: 429, code: 4290 },
  internal_error: { status: 500, code: 5000 },
  service_unavailable: { status: 503, code: 5030 },
} as const satisfies Record<string, { status: number; code: number }>;

export type ErrorKind = keyof typeof ERROR_KINDS;

/** One entry of `error.errors`: which field failed and why (never its value). */
export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly suggestedFix?: string,
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
    /** Per-field details for validation failures. */
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = "ApiError";
    this.status = ERROR_KINDS[kind].status;
  }
}

export interface ErrorBody {
  error: {
    message: string;
    code: number;
    slug: ErrorKind;
    status: number;
    request_id: string;
    suggested_fix?: string;
    errors?: FieldError[];
  };
}

export function errorBody(err: ApiError, requestId: string): ErrorBody {
  const error: ErrorBody["error"] = {
    message: err.message,
    code: ERROR_KINDS[err.kind].code,
    slug: err.kind,
    status: err.status,
    request_id: requestId,
  };
  if (err.suggestedFix !== undefined) error.suggested_fix = err.suggestedFix;
  if (err.errors !== undefined) error.errors = err.errors;
  return { error };
}

export const badRequest = (message: string, suggestedFix?: string, errors?: FieldError[]): ApiError =>
  new ApiError("invalid_request", message, suggestedFix, {}, errors);
