/** A typed client for the /_emulator/ control API, for tests and benchmarks. Uses global fetch. */
import type { FaultOptions } from "./faults";
import type { RequestLogEntry, Stats } from "./requestLog";

export class EmulatorControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`composio-emulator control call failed with HTTP ${status}: ${JSON.stringify(body)}`);
    this.name = "EmulatorControlError";
  }
}

export class EmulatorControl {
  private readonly baseUrl: string;

  constructor(
    url: string,
    private readonly apiKey: string,
  ) {
    this.baseUrl = url.replace(/\/+$/, "");
  }

  /** Empties auth configs, counters, the request log, faults and the rate limit. */
  async reset(): Promise<void> {
    await this.call("POST", "/reset");
  }

  async stats(): Promise<Stats> {
    return (await this.call("GET", "/stats")) as Stats;
  }

  async clearStats(): Promise<void> {
    await this.call("DELETE", "/stats");
  }

  async requests(): Promise<RequestLogEntry[]> {
    return (await this.call("GET", "/requests")) as RequestLogEntry[];
  }

  /** Adds a fault rule (rules accumulate until clearFaults or reset). */
  async faults(options: FaultOptions): Promise<void> {
    await this.call("POST", "/faults", options);
  }

  async clearFaults(): Promise<void> {
    await this.call("DELETE", "/faults");
  }

  /** Requests per second for API calls; null removes the limit. */
  async rateLimit(rps: number | null): Promise<void> {
    await this.call("POST", "/rate-limit", { rps });
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { "x-api-key": this.apiKey };
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${this.baseUrl}/_emulator${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const parsed: unknown = await res.json().catch(() => null);
    if (!res.ok) throw new EmulatorControlError(res.status, parsed);
    return parsed;
  }
}
