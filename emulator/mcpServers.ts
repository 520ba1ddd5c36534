/**
 * The MCP-server endpoints, at the paths @composio/client 0.1.0-alpha.76 calls (`resources/mcp/mcp.d.ts`,
 * `custom.d.ts`): create, custom create, list (page-numbered), retrieve, update, soft delete, and the servers of one
 * toolkit. Answers have the client's shapes; the rules the client does not fix are in the README's "MCP servers".
 */
import type { CustomCreateResponse } from "@composio/client/resources/mcp/custom";
import type { McpDeleteResponse, McpListResponse, McpRetrieveResponse } from "@composio/client/resources/mcp/mcp";
import { findToolkit } from "./catalog";
import { ApiError } from "./errors";
import { isMcpServerId, newUuid } from "./ids";
import { parseCreate, parseCustomCreate, parseUpdate, serverToolkits, type McpServerFields } from "./mcpInput";
import { paginate, parsePageNumberRequest } from "./pagination";
import { enumParam, listParam, slugListParam } from "./queryParams";
import type { Route } from "./router";
import type { AuthConfigStore } from "./store";
import type { StoredMcpServer } from "./types";

type McpServerItem = McpListResponse.Item;

/** A malformed id is a 400 before anything is looked up, as for auth configs and connected accounts. */
function loadServer(store: AuthConfigStore, id: string): StoredMcpServer {
  if (!isMcpServerId(id)) {
    const fix = 'MCP server ids are UUIDs, e.g. "550e8400-e29b-41d4-a716-446655440000".';
    throw new ApiError("invalid_mcp_server_id", "Invalid MCP server ID format", fix);
  }
  const server = store.getServer(id);
  if (!server) throw new ApiError("mcp_server_not_found", `MCP server "${id}" not found`, "Check the id with GET /api/v3.1/mcp/servers.");
  return server;
}

/**
 * A list item (and, with `deleted`, a retrieve or update answer). `mcp_url` is on the emulator's own origin, the
 * way the real one is on the API's host (`/v3/mcp/{id}`); the deprecated `commands` install it into each client.
 */
function renderServer(server: StoredMcpServer, origin: string): McpServerItem {
  const toolkits = serverToolkits(server);
  const mcpUrl = `${origin}/v3/mcp/${server.id}`;
  const command = (client: string) => `npx @composio/mcp@latest setup "${mcpUrl}" "${server.name}" --client ${client}`;
  return {
    id: server.id,
    name: server.name,
    auth_config_ids: server.auth_configs.map((a) => a.id),
    allowed_tools: server.allowed_tools,
    toolkits,
    toolkit_icons: Object.fromEntries(toolkits.map((slug) => [slug, findToolkit(slug)?.logo ?? ""])),
    managed_auth_via_composio: server.managed_auth_via_composio,
    mcp_url: mcpUrl,
    commands: { claude: command("claude"), cursor: command("cursor"), windsurf: command("windsurf") },
    // Instances are per-user URLs (`/mcp/servers/generate`), which are not emulated.
    server_instance_count: 0,
    created_at: server.created_at,
    updated_at: server.updated_at,
  };
}

const renderFull = (server: StoredMcpServer, origin: string): McpRetrieveResponse => ({ ...renderServer(server, origin), deleted: false });

/** The page-numbered listing shared by `GET /mcp/servers` and `GET /mcp/app/{toolkit}` (`app`: that toolkit only). */
function listServers(store: AuthConfigStore, query: URLSearchParams, origin: string, app?: string): McpListResponse {
  const pageRequest = parsePageNumberRequest(query);
  const name = query.get("name")?.toLowerCase() || undefined;
  const toolkits = slugListParam(query, "toolkits");
  const authConfigIds = listParam(query, "auth_config_ids");
  const orderBy = enumParam(query, "order_by", ["created_at", "updated_at"] as const) ?? "created_at";
  const sign = (enumParam(query, "order_direction", ["asc", "desc"] as const) ?? "desc") === "asc" ? 1 : -1;
  const matches = store
    .allServers()
    .filter((s) => !app || serverToolkits(s).includes(app))
    .filter((s) => !name || s.name.toLowerCase().includes(name))
    .filter((s) => !toolkits || serverToolkits(s).some((slug) => toolkits.includes(slug)))
    .filter((s) => !authConfigIds || s.auth_configs.some((a) => authConfigIds.includes(a.id)))
    .sort((a, b) => sign * (a[orderBy].localeCompare(b[orderBy]) || a.seq - b.seq));
  const page = paginate(matches, pageRequest);
  return { items: page.items.map((s) => renderServer(s, origin)), current_page: page.current_page, total_pages: page.total_pages };
}

export function mcpServerRoutes(store: AuthConfigStore): Route[] {
  const create = (fields: McpServerFields): StoredMcpServer => {
    const at = store.stamp();
    let id = newUuid();
    while (store.hasServerId(id)) id = newUuid();
    const server: StoredMcpServer = { id, seq: store.takeSeq(), ...fields, created_at: at, updated_at: at };
    store.putServer(server);
    return server;
  };

  return [
    {
      method: "POST",
      template: "/mcp/servers",
      readsBody: true,
      capability: "mcp:write",
      handle: ({ body, apiBase }) => ({ status: 201, body: renderServer(create(parseCreate(body, store)), originOf(apiBase)) }),
    },
    {
      method: "POST",
      template: "/mcp/servers/custom",
      readsBody: true,
      capability: "mcp:write",
      handle: ({ body, apiBase }) => {
        const server = create(parseCustomCreate(body, store));
        const { id, name, auth_config_ids, allowed_tools, commands, mcp_url } = renderServer(server, originOf(apiBase));
        const answer: CustomCreateResponse = { id, name, auth_config_ids, allowed_tools, commands, mcp_url };
        return { status: 201, body: answer };
      },
    },
    // Before `/mcp/{id}`: the route table takes the first match, and "servers" is not an id.
    {
      method: "GET",
      template: "/mcp/servers",
      capability: "mcp:read",
      handle: ({ query, apiBase }) => ({ status: 200, body: listServers(store, query, originOf(apiBase)) }),
    },
    {
      method: "GET",
      template: "/mcp/app/{toolkit}",
      capability: "mcp:read",
      handle: ({ params, query, apiBase }) => {
        const toolkit = findToolkit(params.toolkit!);
        if (!toolkit) {
          throw new ApiError("toolkit_not_found", `Toolkit "${params.toolkit}" not found`, "List toolkits with GET /api/v3.1/toolkits.");
        }
        return { status: 200, body: listServers(store, query, originOf(apiBase), toolkit.slug) };
      },
    },
    {
      method: "GET",
      template: "/mcp/{id}",
      capability: "mcp:read",
      handle: ({ params, apiBase }) => ({ status: 200, body: renderFull(loadServer(store, params.id!), originOf(apiBase)) }),
    },
    {
      method: "PATCH",
      template: "/mcp/{id}",
      readsBody: true,
      capability: "mcp:write",
      handle: ({ params, body, apiBase }) => {
        const server = loadServer(store, params.id!);
        // Every write moves updated_at to a strictly later instant, even one that changes nothing.
        const updated: StoredMcpServer = { ...server, ...parseUpdate(body, server, store), updated_at: store.stamp() };
        store.putServer(updated);
        return { status: 200, body: renderFull(updated, originOf(apiBase)) };
      },
    },
    {
      method: "DELETE",
      template: "/mcp/{id}",
      capability: "mcp:write",
      handle: ({ params }) => {
        loadServer(store, params.id!);
        store.softDeleteServer(params.id!, store.stamp());
        const answer: McpDeleteResponse = { id: params.id!, deleted: true };
        return { status: 200, body: answer };
      },
    },
  ];
}

/** `http://127.0.0.1:4000/api/v3.1` → `http://127.0.0.1:4000`. */
const originOf = (apiBase: string): string => new URL(apiBase).origin;
