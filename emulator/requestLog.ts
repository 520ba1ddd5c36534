/**
 * Counters and a request log of API calls, for tests and benchmarks that count calls per endpoint.
 * Control calls under /_emulator/ are not recorded, so reading the stats never changes them.
 */

export interface RequestLogEntry {
  method: string;
  /** The request path with its query string, as received. */
  path: string;
  /** `"<METHOD> <route template>"`, e.g. `"GET /auth_configs/{id}"`, without the version prefix. */
  route: string;
  /** The status sent; null when the connection was dropped without a response. */
  status: number | null;
  /** ISO 8601 time the request arrived. */
  at: string;
  request_id: string;
  fault?: string;
}

export interface Stats {
  total: number;
  byRoute: Record<string, number>;
}

/** Bounds memory for long-running demos; the counters keep counting past it. */
const MAX_LOG_ENTRIES = 10_000;

export class RequestLog {
  private total = 0;
  private byRoute = new Map<string, number>();
  private entries: RequestLogEntry[] = [];

  /** Counted on arrival, so a request that is dropped or still in flight is already counted. */
  count(route: string): void {
    this.total++;
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }

  /** Recorded just before the response is written, so a caller that got its response sees the entry. */
  record(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_LOG_ENTRIES) this.entries.splice(0, this.entries.length - MAX_LOG_ENTRIES);
  }

  stats(): Stats {
    return { total: this.total, byRoute: Object.fromEntries(this.byRoute) };
  }

  requests(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.total = 0;
    this.byRoute.clear();
    this.entries = [];
  }
}
