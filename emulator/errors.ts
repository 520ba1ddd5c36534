/**
 * The documented error shape: `{ error: { message, status, request_id, suggested_fix? } }`.
 * Handlers throw ApiError; the server turns it into that body, so no handler formats errors itself.
 * Messages name fields, never their values, because values may be secrets and errors get logged.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly suggestedFix?: string,
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ErrorBody {
  error: { message: string; status: number; request_id: string; suggested_fix?: string };
}

export function errorBody(err: ApiError, requestId: string): ErrorBody {
  const error: ErrorBody["error"] = { message: err.message, status: err.status, request_id: requestId };
  if (err.suggestedFix !== undefined) error.suggested_fix = err.suggestedFix;
  return { error };
}

export const badRequest = (message: string, suggestedFix?: string): ApiError => new ApiError(400, message, suggestedFix);
export const notFound = (message: string, suggestedFix?: string): ApiError => new ApiError(404, message, suggestedFix);
