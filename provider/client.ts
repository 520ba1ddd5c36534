/**
 * The Composio API as the provider uses it, on top of the official `@composio/client`. Reads,
 * updates and deletes use the client's own retries (408/409/429/5xx and connection errors, with
 * backoff and `Retry-After`). Create is different: repeating a POST whose response was lost could
 * make a duplicate, so it is retried here, and after an ambiguous failure the config it may have
 * made is looked up by its (unique, autonamed) name and adopted instead.
 */
import Composio, { APIConnectionError, APIError } from "@composio/client";
import { setTimeout as sleep } from "node:timers/promises";
import { toComposioError, statusOf, type OperationContext } from "./errors";
import type { ProviderSettings } from "./settings";
import type { WireAuthConfig, WireCreateBody, WireCreateResponse, WireListResponse, WireToolkit, WireUpdateBody } from "./wire";

export interface RetryPolicy {
  /** Attempts for a create, the first included. */
  createAttempts: number;
  /** Retries the official client makes for other calls. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  createAttempts: 8,
  maxRetries: 6,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  timeoutMs: 30_000,
};

/** Exponential backoff with full jitter, or the server's Retry-After when it gives one. */
export function retryDelayMs(error: unknown, attempt: number, policy: RetryPolicy, random = Math.random): number {
  const retryAfter = error instanceof APIError ? error.headers?.get("retry-after") : undefined;
  const seconds = retryAfter ? Number(retryAfter) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0 && seconds <= 60) return seconds * 1000 + random() * 100;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

/** A failure after which the POST may or may not have been applied. */
function isAmbiguous(error: unknown): boolean {
  const status = statusOf(error);
  return error instanceof APIConnectionError || status === 408 || status === 409 || (status !== undefined && status >= 500);
}

/** A failure worth another attempt: the server did not refuse the request itself. */
function isRetryable(error: unknown): boolean {
  return isAmbiguous(error) || statusOf(error) === 429;
}

export class ComposioApi {
  private readonly client: Composio;

  constructor(
    settings: ProviderSettings,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {
    this.client = new Composio({
      apiKey: settings.apiKey,
      baseURL: settings.baseUrl,
      maxRetries: policy.maxRetries,
      timeout: policy.timeoutMs,
      // The client's logger could print request details; the provider reports failures itself.
      logLevel: "off",
    });
  }

  private async call<T>(context: OperationContext, request: () => PromiseLike<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toComposioError(error, context);
    }
  }

  /** POST once per attempt; after an ambiguous failure, adopt the config the lost response was for. */
  async createAuthConfig(body: WireCreateBody): Promise<{ id: string }> {
    const context = { action: "creating", toolkit: body.toolkit.slug };
    const startedAt = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        const created = (await this.client.authConfigs.create(body as never, { maxRetries: 0 })) as WireCreateResponse;
        return { id: created.auth_config.id };
      } catch (error) {
        if (!isRetryable(error) || attempt + 1 >= this.policy.createAttempts) throw toComposioError(error, context);
        if (isAmbiguous(error)) {
          const made = await this.findCreatedSince(body.toolkit.slug, body.auth_config.name, startedAt);
          if (made) return { id: made.id };
        }
        await sleep(retryDelayMs(error, attempt, this.policy));
      }
    }
  }

  /** A config with this exact name and toolkit created since the create began (with clock-skew slack). */
  private async findCreatedSince(toolkit: string, name: string | undefined, since: number): Promise<WireAuthConfig | undefined> {
    if (!name) return undefined;
    const skewMs = 5 * 60_000;
    const matches = (await this.listAuthConfigs({ toolkit_slug: toolkit, search: name, show_disabled: true })).filter(
      (config) =>
        config.name === name &&
        config.toolkit.slug === toolkit &&
        (config.created_at === undefined || Date.parse(config.created_at) >= since - skewMs),
    );
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** The config, or undefined when the API says it does not exist (404). */
  async getAuthConfig(id: string, toolkit?: string): Promise<WireAuthConfig | undefined> {
    try {
      return (await this.client.authConfigs.retrieve(id)) as unknown as WireAuthConfig;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw toComposioError(error, { action: "reading", id, toolkit });
    }
  }

  /** Every page, following `next_cursor`. */
  async listAuthConfigs(query: Record<string, string | number | boolean>): Promise<WireAuthConfig[]> {
    const items: WireAuthConfig[] = [];
    let cursor: string | undefined;
    do {
      const page = (await this.call({ action: "listing" }, () =>
        this.client.authConfigs.list({ ...query, limit: 50, ...(cursor ? { cursor } : {}) } as never),
      )) as unknown as WireListResponse;
      items.push(...page.items);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    return items;
  }

  async updateAuthConfig(id: string, body: WireUpdateBody, toolkit?: string): Promise<void> {
    await this.call({ action: "updating", id, toolkit }, () => this.client.authConfigs.update(id, body as never));
  }

  async setStatus(id: string, status: "ENABLED" | "DISABLED", toolkit?: string): Promise<void> {
    const action = status === "ENABLED" ? "enabling" : "disabling";
    await this.call({ action, id, toolkit }, () => this.client.authConfigs.updateStatus(status, { nanoid: id }));
  }

  /** False when it was already gone (404): for a delete, that is success. */
  async deleteAuthConfig(id: string, revokeOnDelete: boolean, toolkit?: string): Promise<boolean> {
    try {
      await this.client.authConfigs.delete(id, revokeOnDelete ? { revoke_on_delete: true } : undefined);
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw toComposioError(error, { action: "deleting", id, toolkit });
    }
  }

  async getToolkit(slug: string): Promise<WireToolkit> {
    return (await this.call({ action: `reading toolkit "${slug}" for`, toolkit: slug }, () =>
      this.client.toolkits.retrieve(slug),
    )) as unknown as WireToolkit;
  }
}
