/** A typed client for the /_emulator/ control API, for tests and benchmarks. Uses global fetch. */
import type { FaultOptions } from "./faults";
import type { MaskFormat } from "./masking";
import type { RequestLogEntry, Stats } from "./requestLog";
import type { Capability } from "./settings";
import type { StoredAuthConfig } from "./types";

/** What `restrictKey` takes: omitted means unrestricted, so `restrictKey({})` lifts every restriction. */
export interface KeyRestrictionOptions {
  /** Capabilities the key lacks: calls needing one answer 403 naming it. */
  missingCapabilities?: Capability[];
  /** Refuse every API call with 403, as an IP allowlist that excludes the caller would. */
  ipBlocked?: boolean;
}

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

  /** Empties auth configs, counters, the request log, faults and the rate limit; restores the start mask format and an unrestricted key. */
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

  /** How reads mask credentials from now on. */
  async maskFormat(format: MaskFormat): Promise<void> {
    await this.call("POST", "/mask-format", { format });
  }

  /** Replaces the key's restrictions (scoped capabilities, IP allowlist). */
  async restrictKey(options: KeyRestrictionOptions): Promise<void> {
    await this.call("POST", "/key-restrictions", {
      missing_capabilities: options.missingCapabilities ?? [],
      ip_blocked: options.ipBlocked ?? false,
    });
  }

  /** ACTIVE accounts of a config, one per user, as users who finished its OAuth flow would leave (any scheme); their ids. */
  async connectUsers(authConfigId: string, userIds: string[]): Promise<string[]> {
    return ((await this.call("POST", "/connected_accounts", { auth_config_id: authConfigId, user_ids: userIds })) as { ids: string[] }).ids;
  }

  /**
   * The config as stored, secrets in clear, `deleted_at` set if it was deleted: what the server
   * holds behind the masked reads. Throws EmulatorControlError (404) for an id never stored.
   */
  async storedAuthConfig(id: string): Promise<StoredAuthConfig> {
    return (await this.call("GET", `/auth_configs/${encodeURIComponent(id)}`)) as StoredAuthConfig;
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
