/**
 * Errors from the Composio API, rewritten for the person reading `pulumi up` output: which
 * operation on which auth config failed, Composio's own message, status, request id and suggested
 * fix. Built only from the response body and headers, never from the request, so no secret sent
 * to the API can surface here.
 */
import { officialClient } from "./officialClient";
import { ProviderSettingsError } from "./settings";

export interface OperationContext {
  /** e.g. "creating", "reading", "deleting". */
  action: string;
  toolkit?: string;
  id?: string;
  /** What the operation is on, when not an auth config (e.g. "toolkits"). */
  subject?: string;
}

/** What an API error carries beside its message; only `composioMessage` (Composio's own words, or what failed) is always there. */
export interface ComposioApiErrorDetails {
  status?: number;
  requestId?: string;
  suggestedFix?: string;
  composioMessage: string;
}

export class ComposioApiError extends Error {
  override name = "ComposioApiError";
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly suggestedFix: string | undefined;
  readonly composioMessage: string;
  constructor(message: string, details: ComposioApiErrorDetails) {
    super(message);
    this.status = details.status;
    this.requestId = details.requestId;
    this.suggestedFix = details.suggestedFix;
    this.composioMessage = details.composioMessage;
  }
}

interface ErrorBody {
  error?: { message?: unknown; status?: unknown; request_id?: unknown; suggested_fix?: unknown };
  message?: unknown;
}

function describe(context: OperationContext): string {
  const parts = [context.subject ?? (context.id ? `auth config ${context.id}` : "an auth config")];
  if (context.toolkit) parts.push(`(toolkit "${context.toolkit}")`);
  return `${context.action} ${parts.join(" ")}`;
}

const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim().replace(/\.$/, "") : undefined);

/** What to do about statuses whose fix does not depend on the request. */
function hintFor(status: number | undefined): string | undefined {
  if (status === 401)
    return "check the API key: `pulumi config set --secret composio:apiKey <key>` (or COMPOSIO_API_KEY when the stack sets none)";
  if (status === 403) return "the API key's project may not allow this; check its permissions in the Composio dashboard";
  if (status === 429) return "Composio is rate limiting this key; retry later or lower `pulumi up --parallel`";
  return undefined;
}

/**
 * A write the provider refuses on its own, before any API call, with a message that says why and what to
 * do (e.g. a delete that would cut off connected accounts: core/connectionGuard.ts).
 */
export class RefusedWriteError extends Error {
  override name = "RefusedWriteError";
}

export function toComposioError(error: unknown, context: OperationContext): Error {
  if (error instanceof ComposioApiError) return error;
  const { APIConnectionError, APIConnectionTimeoutError, APIError } = officialClient();
  if (error instanceof APIConnectionTimeoutError || error instanceof APIConnectionError) {
    const kind = error instanceof APIConnectionTimeoutError ? "timed out" : "could not connect";
    return new ComposioApiError(
      `Composio API ${kind} while ${describe(context)}; check composio:baseUrl / COMPOSIO_BASE_URL and the network, then run again.`,
      { composioMessage: error.message },
    );
  }
  if (error instanceof APIError) {
    const body = (error.error ?? {}) as ErrorBody;
    const status = typeof error.status === "number" ? error.status : undefined;
    const composioMessage = text(body.error?.message) ?? text(body.message) ?? `HTTP ${status ?? "error"} with no message`;
    const requestId = text(body.error?.request_id) ?? error.headers?.get("x-request-id") ?? undefined;
    const suggestedFix = text(body.error?.suggested_fix);
    const hint = hintFor(status);
    const details = [`status ${status ?? "unknown"}`, requestId ? `request id ${requestId}` : undefined].filter(Boolean).join(", ");
    const message =
      `Composio API error while ${describe(context)}: ${composioMessage} (${details})` +
      (suggestedFix ? `. Suggested fix: ${suggestedFix}` : "") +
      (hint ? `. In Pulumi: ${hint}` : "");
    return new ComposioApiError(message, { status, requestId, suggestedFix, composioMessage });
  }
  return error instanceof Error ? error : new Error(String(error));
}

export function statusOf(error: unknown): number | undefined {
  if (error instanceof ComposioApiError) return error.status;
  const { APIError } = officialClient();
  if (error instanceof APIError && typeof error.status === "number") return error.status;
  return undefined;
}

/**
 * `pulumi refresh` does not run the program: the engine configures the provider with the settings the
 * last `pulumi up` recorded in the state, not with the stack's config. So when Composio refuses the key
 * on a read, "set composio:apiKey" is no advice (it may be set right already); say which key a refresh
 * uses and what makes the provider take the config's. Other errors are returned as they are.
 */
export function withRecordedKeyAdvice(error: unknown): unknown {
  const status = statusOf(error);
  if (!(error instanceof ComposioApiError) || (status !== 401 && status !== 403)) return error;
  // The API's part (operation, id, status, request id) stays; the generic hint is replaced.
  const apiPart = error.message.replace(/\. In Pulumi: [\s\S]*$/, "");
  return new ComposioApiError(
    `${apiPart}. In Pulumi: a refresh does not run the program, so it uses the API key recorded by the last \`pulumi up\`, ` +
      "not composio:apiKey as set now. If composio:apiKey (or COMPOSIO_API_KEY) holds the right key, run `pulumi refresh --run-program` " +
      "(it runs the program, so the provider takes the key from the stack's config) or `pulumi up`. " +
      "Otherwise set it first: `pulumi config set --secret composio:apiKey <key>`.",
    error,
  );
}

/**
 * The dynamic-provider host prints every error a hook throws to stderr as `${error}: ${error.stack}`, and
 * the CLI shows that beside the resource's own error (the message): the message three times and a stack
 * trace. For errors whose message says everything (the API's, the settings'), that line becomes a short
 * pointer; the message is shown once, as the resource's error. Unexpected errors keep their trace.
 */
export function reportedOnce<E>(error: E): E {
  if (error instanceof ComposioApiError || error instanceof ProviderSettingsError || error instanceof RefusedWriteError) {
    Object.defineProperty(error, "stack", { value: "the error is shown on the resource", configurable: true, writable: true });
    Object.defineProperty(error, "toString", { value: () => "pulumi-composio", configurable: true, writable: true });
  }
  return error;
}
