/**
 * When a failed Composio request is tried again, and after how long. Pure functions plus one small
 * stateful piece, the `RatePause` a client shares between its concurrent requests.
 *
 * Retried: 429 (after `Retry-After`), 408, 409, 5xx and connection errors (refused, reset, timed out).
 * Never retried: every other 4xx, which says the request itself is wrong (bad key, bad body, not found).
 */
import { officialClient } from "./officialClient";
import { statusOf } from "./errors";

export interface RetryPolicy {
  /** Attempts for a create, the first included. */
  createAttempts: number;
  /** Retries for every other call (so maxRetries + 1 attempts). 429s do not count: they are waits, not failures. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Timeout of each request. */
  timeoutMs: number;
  /** No retry starts later than this after the first attempt of a call: the bound on the whole call. */
  retryBudgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  createAttempts: 8,
  maxRetries: 6,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  timeoutMs: 30_000,
  retryBudgetMs: 120_000,
};

/** Jitter added on top of a server-given wait, so the clients it throttled do not all come back at once. */
const RETRY_AFTER_SPREAD_MS = 250;

/** A failure after which a write may or may not have been applied: the request reached the server and no answer says otherwise. */
export function isAmbiguous(error: unknown): boolean {
  const status = statusOf(error);
  return (
    error instanceof officialClient().APIConnectionError || status === 408 || status === 409 || (status !== undefined && status >= 500)
  );
}

/** A failure worth another attempt: the server did not refuse the request itself. */
export function isRetryable(error: unknown): boolean {
  return isAmbiguous(error) || statusOf(error) === 429;
}

export function isRateLimited(error: unknown): boolean {
  return statusOf(error) === 429;
}

/** The wait the server asked for (`retry-after-ms`, or `Retry-After` in seconds or as an HTTP date), if any. */
export function serverRetryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const { APIConnectionError, APIError } = officialClient();
  if (!(error instanceof APIError) || error instanceof APIConnectionError) return undefined;
  const headers = error.headers;
  const ms = Number.parseFloat(headers?.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before attempt `attempt + 1`: the server's Retry-After plus a little jitter (never
 * sooner than asked), else exponential backoff with jitter (between half and all of the capped ceiling).
 */
export function retryDelayMs(error: unknown, attempt: number, policy: RetryPolicy, random = Math.random): number {
  const asked = serverRetryAfterMs(error);
  if (asked !== undefined) return asked + random() * RETRY_AFTER_SPREAD_MS;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * Whether to try again after `error`. `failures` counts the failed attempts that were not rate
 * limits; the budget bounds the whole call, so a server asking for a wait beyond it ends the call now.
 */
export function shouldRetry(
  error: unknown,
  failures: number,
  maxAttempts: number,
  delayMs: number,
  elapsedMs: number,
  policy: RetryPolicy,
): boolean {
  if (!isRetryable(error)) return false;
  if (!isRateLimited(error) && failures >= maxAttempts) return false;
  return elapsedMs + delayMs <= policy.retryBudgetMs;
}

/**
 * A pause shared by every request of one client: once the server says "429, retry after N s", the
 * other requests in flight from this process wait too instead of spending their own 429 each. This
 * is what keeps a `pulumi up` of hundreds of resources (8 at a time by default) at the server's rate.
 */
export class RatePause {
  private until = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Record a server-requested wait. */
  extend(waitMs: number): void {
    this.until = Math.max(this.until, this.now() + waitMs);
  }

  /** How long a request starting now must wait. */
  remainingMs(): number {
    return Math.max(0, this.until - this.now());
  }

  /** The wait, spread a little so the requests it held do not all come back in the same instant. */
  delayMs(random = Math.random): number {
    const remaining = this.remainingMs();
    return remaining > 0 ? remaining + random() * RETRY_AFTER_SPREAD_MS : 0;
  }
}
