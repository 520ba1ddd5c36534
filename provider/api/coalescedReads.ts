/**
 * Refresh reads served from one listing of the project's auth configs instead of one GET each: a
 * refresh of 200 configs is one `GET /auth_configs?limit=200` (list items carry the same masked view
 * as a single read). The engine calls `read` for every resource of a refresh at about the same time,
 * so the first read starts the listing and the others wait for it.
 *
 * Exactness: a config the listing lacks is not taken as gone on that evidence (a config created while
 * the pages were walked can shift between pages): one GET decides, as without the listing. A listing
 * that fails is not retried per read: every read of that window falls back to its own GET, unless the
 * key was refused (401, 403), which a GET would only repeat: then each read fails with it. Nothing
 * stale crosses a write: any write through this process discards the listing (one in flight too), and
 * a listing serves reads for `maxAgeMs` after it began at most.
 */
import type { WireAuthConfig } from "../core/wire";

interface Listing<T> {
  startedAt: number;
  /** The error when the listing failed: reads fall back to GETs until it expires. */
  byId: Promise<Map<string, T> | Error>;
}

const isRefusedKey = (error: Error) => [401, 403].includes((error as { status?: unknown }).status as number);

/** `T`: what is read (auth configs by default; MCP servers too, provider/api/mcpServers.ts). */
export class CoalescedReads<T extends { id: string } = WireAuthConfig> {
  private listing?: Listing<T>;

  constructor(
    private readonly listAll: () => Promise<T[]>,
    private readonly getOne: (id: string) => Promise<T | undefined>,
    private readonly maxAgeMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The config as the API shows it, or undefined when it does not exist. */
  async read(id: string): Promise<T | undefined> {
    const byId = await this.current().byId;
    if (byId instanceof Error && isRefusedKey(byId)) throw byId;
    return (byId instanceof Map ? byId.get(id) : undefined) ?? (await this.getOne(id));
  }

  /** After any write: the next read lists again. */
  invalidate(): void {
    this.listing = undefined;
  }

  private current(): Listing<T> {
    if (!this.listing || this.now() - this.listing.startedAt > this.maxAgeMs) {
      const byId = this.listAll().then(
        (items) => new Map(items.map((item) => [item.id, item])),
        (error: Error) => error,
      );
      this.listing = { startedAt: this.now(), byId };
    }
    return this.listing;
  }
}
