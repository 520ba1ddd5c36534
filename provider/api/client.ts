/**
 * The Composio API as the provider uses it, on top of the official `@composio/client` (with its own
 * retries off: they are done here, the same way for every call, see retry.ts). Every call is bounded:
 * each request times out, and retries stop at the policy's budget.
 *
 * Create is different from the other calls: repeating a POST whose response was lost could make a
 * duplicate. So after an ambiguous failure (timeout, dropped connection, 5xx) no POST is sent again
 * until a look-up by the config's (unique, autonamed) name and toolkit has shown that the lost one
 * made nothing; if it did, that config is adopted.
 */
import type Composio from "@composio/client";
import { setTimeout as sleep } from "node:timers/promises";
import { CoalescedReads } from "./coalescedReads";
import { officialClient } from "./officialClient";
import { ComposioApiError, toComposioError, statusOf, type OperationContext } from "./errors";
import {
  DEFAULT_RETRY_POLICY,
  isAmbiguous,
  isRateLimited,
  RatePause,
  retryDelayMs,
  serverRetryAfterMs,
  shouldRetry,
  type RetryPolicy,
} from "./retry";
import type { ProviderSettings } from "./settings";
import type { WireAuthConfig, WireCreateBody, WireListQuery, WireToolkit, WireToolkitSummary, WireUpdateBody } from "../core/wire";

export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";

/** The API's largest page (2026-09-21: 200, was 50). */
const LIST_PAGE_SIZE = 200;

/** Slack for clock skew between this machine and the API when matching a config's `created_at`. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * A create whose answer was lost and whose outcome could not be looked up: the config may or may not
 * exist. `since` is when the create began, for the look-up that settles it later.
 */
export class UnconfirmedCreateError extends ComposioApiError {
  override name = "UnconfirmedCreateError";
  constructor(
    readonly toolkit: string,
    readonly since: number,
    cause: Error,
  ) {
    super(
      // Not the name: a program may pass it as a secret, and the engine names the resource beside the message.
      // Without the cause's closing period: callers carry on the sentence (". Pulumi keeps it ...").
      `The create of this auth config (toolkit "${toolkit}") may have been applied, but it could not be checked: ${cause.message.replace(/\.$/, "")}`,
      // No status: this must end the create, not be retried as the listing's 5xx would be.
      { requestId: cause instanceof ComposioApiError ? cause.requestId : undefined, composioMessage: cause.message },
    );
  }
}

/** How a lost create's config is recognised: a name to search for (when known in clear), and a test on names. */
export interface LostConfigName {
  search?: string;
  matches(name: string): boolean;
}

export function exactName(name: string | undefined): LostConfigName {
  return { search: name ?? "", matches: (candidate) => candidate === name };
}

export class ComposioApi {
  protected readonly client: Composio;
  private readonly pause = new RatePause();
  private readonly reads = new CoalescedReads(
    () => this.listPages({ show_disabled: true }),
    (id) => this.getAuthConfig(id),
  );

  constructor(
    settings: ProviderSettings,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {
    this.client = new (officialClient().default)({
      apiKey: settings.apiKey,
      baseURL: settings.baseUrl,
      maxRetries: 0,
      timeout: settings.requestTimeoutMs ?? policy.timeoutMs,
      // The client's logger could print request details; the provider reports failures itself.
      logLevel: "off",
    });
  }

  /** One call with retries; `maxAttempts` counts failures other than 429s. Errors come out unconverted. */
  protected async attempt<T>(request: () => PromiseLike<T>, maxAttempts = this.policy.maxRetries + 1): Promise<T> {
    const startedAt = Date.now();
    for (let attempt = 0, failures = 0; ; attempt++) {
      const paused = this.pause.delayMs();
      if (paused > 0) await sleep(paused);
      try {
        return await request();
      } catch (error) {
        if (!isRateLimited(error)) failures++;
        const delay = retryDelayMs(error, attempt, this.policy);
        if (!shouldRetry(error, failures, maxAttempts, delay, Date.now() - startedAt, this.policy)) throw error;
        // A rate limit holds every request of this client (this one included, at the top of the loop).
        if (isRateLimited(error)) this.pause.extend(serverRetryAfterMs(error) ?? delay);
        else await sleep(delay);
      }
    }
  }

  protected async call<T>(context: OperationContext, request: () => PromiseLike<T>): Promise<T> {
    try {
      return await this.attempt(request);
    } catch (error) {
      throw toComposioError(error, context);
    }
  }

  /** POST once per attempt; after an ambiguous failure, adopt the config the lost response was for. */
  async createAuthConfig(body: WireCreateBody): Promise<{ id: string }> {
    this.reads.invalidate();
    const startedAt = Date.now();
    return this.createOnce(
      async () => ({ id: (await this.client.authConfigs.create(body)).auth_config.id }),
      () => this.findCreatedSince(body, startedAt),
      { action: "creating", toolkit: body.toolkit.slug },
    );
  }

  /**
   * A create, whose repeat could make a duplicate: after an ambiguous failure (timeout, dropped connection, 5xx) no
   * POST is sent again before `findMade` has looked for what the lost one made (and that is the answer if found).
   */
  protected async createOnce<T>(post: () => Promise<T>, findMade: () => Promise<T | undefined>, context: OperationContext): Promise<T> {
    let maybeCreated = false;
    const postOnce = async () => {
      // Resolve the doubt a lost response left before sending anything again.
      const made = maybeCreated ? await findMade() : undefined;
      if (made) return made;
      try {
        return await post();
      } catch (error) {
        // A conflict (409) answers this POST: another cannot succeed. What holds the name is ours only if an earlier
        // answer was lost, which the look-up below settles; else it was someone else's before this create began.
        if (statusOf(error) === 409) throw new CreateConflict(error);
        maybeCreated ||= isAmbiguous(error);
        throw error;
      }
    };
    try {
      return await this.attempt(postOnce, this.policy.createAttempts);
    } catch (error) {
      const failure = error instanceof CreateConflict ? error.conflict : error;
      // The last POST's answer may have been lost too: look once more before reporting a failure.
      // (A ComposioApiError here came from the look-up itself, which already says what to check.)
      const made = maybeCreated && !(failure instanceof ComposioApiError) ? await findMade() : undefined;
      if (made) return made;
      throw toComposioError(failure, context);
    }
  }

  /**
   * The config a lost create made: same name, toolkit and kind, created since the create began
   * (with clock-skew slack). Undefined when there is none. Two or more is an error rather than a
   * guess: adopting the wrong one, or creating another, would both be worse than stopping.
   * `name` is the body's own by default; a later run may know it only as a fingerprint (a name the
   * program wraps as a secret), and then passes a test instead of a name to search for.
   */
  async findCreatedSince(
    body: WireCreateBody,
    since: number,
    name: LostConfigName = exactName(body.auth_config.name),
  ): Promise<{ id: string } | undefined> {
    const { type } = body.auth_config;
    const toolkit = body.toolkit.slug;
    if (name.search === "") return undefined;
    const kind = type === "use_custom_auth" ? "custom" : "default";
    let listed: WireAuthConfig[];
    try {
      listed = await this.listAuthConfigs({
        toolkit_slug: toolkit,
        ...(name.search === undefined ? {} : { search: name.search }),
        show_disabled: true,
      });
    } catch (error) {
      throw new UnconfirmedCreateError(toolkit, since, error as Error);
    }
    const matches = listed.filter(
      (config) =>
        name.matches(config.name) &&
        config.toolkit.slug === toolkit &&
        config.type === kind &&
        (config.created_at === undefined || Date.parse(config.created_at) >= since - CLOCK_SKEW_MS),
    );
    if (matches.length > 1) {
      throw new ComposioApiError(
        `Composio has ${matches.length} auth configs with this resource's name (toolkit "${toolkit}") created just now, after a create whose ` +
          `answer was lost; cannot tell which is this resource's. Delete the extra ones ` +
          `(${matches.map((config) => config.id).join(", ")}) or adopt one with adoptId, then run again.`,
        { composioMessage: "ambiguous create" },
      );
    }
    return matches[0] ? { id: matches[0].id } : undefined;
  }

  /**
   * A refresh's read: like getAuthConfig, but served with the other reads of the moment from one
   * listing (coalescedReads.ts). `toolkit` names the config in an error.
   */
  async readAuthConfig(id: string, toolkit?: string): Promise<WireAuthConfig | undefined> {
    try {
      return await this.reads.read(id);
    } catch (error) {
      throw toComposioError(error, { action: "reading", id, toolkit });
    }
  }

  /** The config, or undefined when the API says it does not exist (404). */
  async getAuthConfig(id: string, toolkit?: string): Promise<WireAuthConfig | undefined> {
    try {
      return await this.attempt(() => this.client.authConfigs.retrieve(id));
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw toComposioError(error, { action: "reading", id, toolkit });
    }
  }

  /** Every page, following `next_cursor`. */
  async listAuthConfigs(query: WireListQuery): Promise<WireAuthConfig[]> {
    try {
      return await this.listPages(query);
    } catch (error) {
      throw toComposioError(error, { action: "listing" });
    }
  }

  /** Errors come out unconverted, for the caller to name its own operation. */
  private async listPages(query: WireListQuery): Promise<WireAuthConfig[]> {
    const items: WireAuthConfig[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.attempt(() =>
        this.client.authConfigs.list({ ...query, limit: LIST_PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
      );
      items.push(...page.items);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    return items;
  }

  /** Repeating a PATCH after a lost answer is harmless: it sets the same values again. */
  async updateAuthConfig(id: string, body: WireUpdateBody, toolkit?: string): Promise<void> {
    this.reads.invalidate();
    await this.call({ action: "updating", id, toolkit }, () => this.client.authConfigs.update(id, body));
  }

  async setStatus(id: string, status: "ENABLED" | "DISABLED", toolkit?: string): Promise<void> {
    this.reads.invalidate();
    const action = status === "ENABLED" ? "enabling" : "disabling";
    await this.call({ action, id, toolkit }, () => this.client.authConfigs.updateStatus(status, { nanoid: id }));
  }

  /** False when it was already gone (404): for a delete, that is success, also when a retry follows a lost answer. */
  async deleteAuthConfig(id: string, revokeOnDelete: boolean, toolkit?: string): Promise<boolean> {
    this.reads.invalidate();
    try {
      await this.attempt(() => this.client.authConfigs.delete(id, revokeOnDelete ? { revoke_on_delete: true } : undefined));
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw toComposioError(error, { action: "deleting", id, toolkit });
    }
  }

  /** Every toolkit Composio lists (all pages), in its order. */
  async listToolkits(): Promise<WireToolkitSummary[]> {
    const items: WireToolkitSummary[] = [];
    let cursor: string | undefined;
    try {
      do {
        const page = await this.attempt(() => this.client.toolkits.list({ limit: LIST_PAGE_SIZE, ...(cursor ? { cursor } : {}) }));
        items.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
    } catch (error) {
      throw toComposioError(error, { action: "listing", subject: "toolkits" });
    }
    return items;
  }

  async getToolkit(slug: string): Promise<WireToolkit> {
    return this.call({ action: `reading toolkit "${slug}" for`, toolkit: slug }, () => this.client.toolkits.retrieve(slug));
  }
}

/** A create's conflict (409), carried out of the retry loop unretried: no retry can help. */
class CreateConflict extends Error {
  constructor(readonly conflict: unknown) {
    super("the create's name is taken");
  }
}
