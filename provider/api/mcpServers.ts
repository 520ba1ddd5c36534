/**
 * Composio's MCP-server calls, through the official client with ComposioApi's conventions (client.ts): every call
 * bounded and retried by one policy, errors rewritten to name the operation and the server, refresh reads served by
 * one listing (coalescedReads.ts; the MCP listing is page-numbered), a server missing from it confirmed by a GET.
 *
 * Create after a lost answer: names are unique in a project (a second POST of the same name is refused), so once
 * a POST's answer was lost no POST is sent again before a look-up by that name has shown the server does not
 * exist; if it does, it is the one the lost POST made.
 */
import { CLOCK_SKEW_MS, ComposioApi } from "./client";
import { CoalescedReads } from "./coalescedReads";
import { statusOf, toComposioError, type OperationContext } from "./errors";
import type { WireMcpCreateBody, WireMcpServer, WireMcpUpdateBody } from "../core/mcpServer";

/** The MCP listing's largest page (the same cap as the other listings). */
const MCP_PAGE_SIZE = 200;

const about = (action: string, id?: string): OperationContext => ({ action, subject: id ? `MCP server ${id}` : "an MCP server" });

export class McpServerApi extends ComposioApi {
  private readonly servers = new CoalescedReads<WireMcpServer>(
    () => this.listMcpServerPages(),
    (id) => this.getMcpServer(id),
  );

  async createMcpServer(body: WireMcpCreateBody): Promise<WireMcpServer> {
    this.servers.invalidate();
    const since = Date.now() - CLOCK_SKEW_MS;
    return this.createOnce<WireMcpServer>(
      () => this.client.mcp.create(body),
      () => this.findMade(body, since),
      about("creating"),
    );
  }

  /**
   * The live server a lost POST of `body` made: named exactly as it (the listing's `name` filter is a partial,
   * case-insensitive match), created since `since`, over the same auth configs. One of that name with other auth
   * configs, or older, is someone else's: the create then fails on it (409) rather than taking it over.
   */
  async findMade(body: WireMcpCreateBody, since: number): Promise<WireMcpServer | undefined> {
    const sameAuthConfigs = (ids: readonly string[]) =>
      ids.length === body.auth_config_ids.length && body.auth_config_ids.every((id) => ids.includes(id));
    try {
      const listed = await this.listMcpServerPages(body.name);
      return listed.find(
        (server) => server.name === body.name && Date.parse(server.created_at) >= since && sameAuthConfigs(server.auth_config_ids),
      );
    } catch (error) {
      throw toComposioError(error, about("looking up"));
    }
  }

  /** A refresh's read: served with the other reads of the moment from one listing; undefined when it does not exist. */
  async readMcpServer(id: string): Promise<WireMcpServer | undefined> {
    try {
      return await this.servers.read(id);
    } catch (error) {
      throw toComposioError(error, about("reading", id));
    }
  }

  /** The server, or undefined when the API says it does not exist (404). */
  async getMcpServer(id: string): Promise<WireMcpServer | undefined> {
    try {
      const server = await this.attempt(() => this.client.mcp.retrieve(id));
      return server.deleted ? undefined : server;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw toComposioError(error, about("reading", id));
    }
  }

  /** Every page, by page number until `total_pages`. Errors come out unconverted, for the caller to name its operation. */
  private async listMcpServerPages(name?: string): Promise<WireMcpServer[]> {
    const items: WireMcpServer[] = [];
    for (let page = 1, pages = 1; page <= pages; page++) {
      const answer = await this.attempt(() => this.client.mcp.list({ limit: MCP_PAGE_SIZE, page_no: page, ...(name ? { name } : {}) }));
      items.push(...answer.items);
      pages = answer.total_pages;
    }
    return items;
  }

  /** The PATCH answers the server as it now is. Repeating it after a lost answer sets the same values again. */
  async updateMcpServer(id: string, body: WireMcpUpdateBody): Promise<WireMcpServer> {
    this.servers.invalidate();
    return this.call(about("updating", id), () => this.client.mcp.update(id, body));
  }

  /** Idempotent: a server already gone (404) is deleted, also when a retry follows a lost answer. */
  async deleteMcpServer(id: string): Promise<void> {
    this.servers.invalidate();
    try {
      await this.attempt(() => this.client.mcp.delete(id));
    } catch (error) {
      if (statusOf(error) !== 404) throw toComposioError(error, about("deleting", id));
    }
  }
}
