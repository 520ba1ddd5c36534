/**
 * MCP server request bodies: create (`POST /mcp/servers`), custom create (`POST /mcp/servers/custom`) and update
 * (`PATCH /mcp/{id}`), checked against the stored auth configs and the catalog's toolkits and tools. Where the API
 * documents no rule the emulator is strict (README, "MCP servers"): every failure is a 400 naming the field and the
 * id, slug or tool at fault (none of them a secret), before anything is stored.
 */
import { findToolkit } from "./catalog";
import { ApiError, badRequest, type FieldError } from "./errors";
import { isAuthConfigId } from "./ids";
import type { AuthConfigStore } from "./store";
import type { McpServerAuthConfig, StoredMcpServer } from "./types";
import { expectBoolean, expectObject, expectString, expectStringArray, missingFields, rejectUnknownKeys, type Json } from "./validate";

/** The documented name rule: 4-30 characters, letters, digits, spaces and hyphens only. */
const MCP_NAME_RULE = /^[A-Za-z0-9 -]{4,30}$/;

/** The configuration an MCP server write sets; on update, an absent key is left as it is. */
export interface McpServerFields {
  name: string;
  auth_configs: McpServerAuthConfig[];
  no_auth_apps: string[];
  allowed_tools: string[];
  managed_auth_via_composio: boolean;
}

const CREATE_KEYS = ["name", "auth_config_ids", "allowed_tools", "managed_auth_via_composio", "no_auth_apps"] as const;
const CUSTOM_CREATE_KEYS = ["name", "toolkits", "auth_config_ids", "allowed_tools", "custom_tools", "managed_auth_via_composio"] as const;
const UPDATE_KEYS = ["name", "auth_config_ids", "allowed_tools", "toolkits", "managed_auth_via_composio"] as const;

/** `POST /mcp/servers`: `name` and `auth_config_ids` required (the client's McpCreateParams). */
export function parseCreate(body: unknown, store: AuthConfigStore): McpServerFields {
  const root = readBody(body, CREATE_KEYS, ["name", "auth_config_ids"]);
  const authConfigs = readAuthConfigs(root.auth_config_ids, store);
  const noAuthApps =
    root.no_auth_apps === undefined ? [] : readNoAuthApps(entriesOf(expectStringArray(root.no_auth_apps, "no_auth_apps")), "no_auth_apps");
  return completeCreate(root, authConfigs, noAuthApps, store);
}

/**
 * `POST /mcp/servers/custom` (how `@composio/core` creates servers): `name` required; `toolkits`, when sent, must be
 * exactly the auth configs' toolkits plus any NO_AUTH ones. The deprecated `custom_tools` is refused.
 */
export function parseCustomCreate(body: unknown, store: AuthConfigStore): McpServerFields {
  const root = readBody(body, CUSTOM_CREATE_KEYS, ["name"]);
  if (root.custom_tools !== undefined) {
    throw badRequest("custom_tools is deprecated: send the tools in allowed_tools", "Move the tool slugs to allowed_tools.", [
      { field: "custom_tools", message: "deprecated" },
    ]);
  }
  const authConfigs = root.auth_config_ids === undefined ? [] : readAuthConfigs(root.auth_config_ids, store);
  const noAuthApps = root.toolkits === undefined ? [] : readToolkits(root.toolkits, authConfigs);
  return completeCreate(root, authConfigs, noAuthApps, store);
}

function completeCreate(root: Json, authConfigs: McpServerAuthConfig[], noAuthApps: string[], store: AuthConfigStore): McpServerFields {
  const name = readName(root.name);
  const toolkits = requireToolkits(authConfigs, noAuthApps);
  const fields: McpServerFields = {
    name,
    auth_configs: authConfigs,
    no_auth_apps: noAuthApps,
    allowed_tools: root.allowed_tools === undefined ? [] : readAllowedTools(root.allowed_tools, toolkits),
    managed_auth_via_composio:
      root.managed_auth_via_composio === undefined ? false : expectBoolean(root.managed_auth_via_composio, "managed_auth_via_composio"),
  };
  refuseTakenName(name, store);
  return fields;
}

/**
 * `PATCH /mcp/{id}`: only the fields sent change. A new set of auth configs or toolkits re-checks the allow-list
 * the server keeps, so a server never holds a tool that is not a tool of its toolkits.
 */
export function parseUpdate(body: unknown, server: StoredMcpServer, store: AuthConfigStore): Partial<McpServerFields> {
  const root = readBody(body, UPDATE_KEYS, []);
  const changes: Partial<McpServerFields> = {};
  if (root.name !== undefined) changes.name = readName(root.name);
  const authConfigs = root.auth_config_ids === undefined ? server.auth_configs : readAuthConfigs(root.auth_config_ids, store);
  if (root.auth_config_ids !== undefined) changes.auth_configs = authConfigs;
  const noAuthApps = root.toolkits === undefined ? server.no_auth_apps : readToolkits(root.toolkits, authConfigs);
  if (root.toolkits !== undefined) changes.no_auth_apps = noAuthApps;
  const toolkits = requireToolkits(authConfigs, noAuthApps);
  if (root.allowed_tools !== undefined) changes.allowed_tools = readAllowedTools(root.allowed_tools, toolkits);
  else {
    const known = new Set(toolsOf(toolkits));
    const stale = server.allowed_tools.filter((tool) => !known.has(tool));
    if (stale.length > 0) {
      throw badRequest(
        `allowed_tools holds ${quoteAll(stale)}, not a tool of the server's toolkits after this change (${toolkits.join(", ")})`,
        "Send allowed_tools with the new auth_config_ids or toolkits.",
      );
    }
  }
  if (root.managed_auth_via_composio !== undefined) {
    changes.managed_auth_via_composio = expectBoolean(root.managed_auth_via_composio, "managed_auth_via_composio");
  }
  if (changes.name !== undefined) refuseTakenName(changes.name, store, server.id);
  return changes;
}

/** The server's toolkits, derived: its auth configs' toolkits, then its NO_AUTH apps. */
export function serverToolkits(server: Pick<StoredMcpServer, "auth_configs" | "no_auth_apps">): string[] {
  return [...new Set([...server.auth_configs.map((a) => a.toolkit_slug), ...server.no_auth_apps])];
}

/** The catalog's tools of the given toolkits, in catalog order. */
function toolsOf(toolkits: readonly string[]): string[] {
  return toolkits.flatMap((slug) => Object.keys(findToolkit(slug)?.tool_scopes ?? {}));
}

/** An object of only `allowed` keys, with `required` present and no `null` (the request types allow none). */
function readBody(body: unknown, allowed: readonly string[], required: readonly string[]): Json {
  const root = expectObject(body, "");
  rejectUnknownKeys(root, allowed, "");
  const missing = required.filter((key) => root[key] === undefined);
  if (missing.length > 0) throw missingFields(missing);
  const nulls = Object.keys(root).filter((key) => root[key] === null);
  if (nulls.length > 0) {
    throw badRequest(
      `Invalid value for ${nulls.join(", ")}: null is not accepted`,
      "Omit a field to leave it as it is; send [] for an empty list.",
      nulls.map((field) => ({ field, message: "null is not accepted" })),
    );
  }
  return root;
}

function readName(value: unknown): string {
  const name = expectString(value, "name");
  if (!MCP_NAME_RULE.test(name)) {
    throw badRequest(
      "Invalid value for name: 4-30 characters, letters, digits, spaces and hyphens only",
      'Choose a name such as "github-agent".',
      [{ field: "name", message: "4-30 characters: letters, digits, spaces, hyphens" }],
    );
  }
  return name;
}

/** Names are unique among live servers, in any case (409), checked after every 400 so a bad body never reports it. */
function refuseTakenName(name: string, store: AuthConfigStore, selfId?: string): void {
  const taken = store.allServers().find((s) => s.id !== selfId && s.name.toLowerCase() === name.toLowerCase());
  if (taken) {
    const message = `An MCP server named "${taken.name}" already exists (${taken.id})`;
    throw new ApiError("name_conflict", message, "Choose another name, or update that server.");
  }
}

/** Live auth configs by id, each toolkit at most once (a server reaches a toolkit through one auth config). */
function readAuthConfigs(value: unknown, store: AuthConfigStore): McpServerAuthConfig[] {
  const ids = expectStringArray(value, "auth_config_ids");
  refuseDuplicates(ids, "auth_config_ids");
  const unknown = entriesOf(ids).filter(({ id }) => !isAuthConfigId(id) || !store.get(id));
  if (unknown.length > 0) {
    throw entryError(
      `Unknown auth config(s) in auth_config_ids: ${quoteAll(unknown.map((u) => u.id))}`,
      "auth_config_ids",
      unknown,
      "unknown auth config",
      "Create the auth config first, or check the id with GET /api/v3.1/auth_configs.",
    );
  }
  const authConfigs = ids.map((id) => ({ id, toolkit_slug: store.get(id)!.toolkit_slug }));
  for (const [i, a] of authConfigs.entries()) {
    const first = authConfigs.findIndex((b) => b.toolkit_slug === a.toolkit_slug);
    if (first !== i) {
      throw badRequest(
        `Auth configs "${authConfigs[first]!.id}" and "${a.id}" are both for toolkit ${a.toolkit_slug}: ` +
          "a server uses one auth config per toolkit",
        "Keep one auth config of each toolkit in auth_config_ids.",
        [{ field: `auth_config_ids[${i}]`, message: "second auth config of its toolkit" }],
      );
    }
  }
  return authConfigs;
}

/** Catalog toolkits without auth (the API's NO_AUTH apps), lower-cased, each once. */
function readNoAuthApps(entries: Entry[], field: string): string[] {
  const unknown = entries.filter(({ id }) => !findToolkit(id));
  if (unknown.length > 0) {
    throw entryError(`Unknown toolkit(s) in ${field}: ${quoteAll(unknown.map((u) => u.id))}`, field, unknown, "unknown toolkit");
  }
  const needAuth = entries.filter(({ id }) => findToolkit(id)!.auth_config_details.length > 0);
  if (needAuth.length > 0) {
    throw entryError(
      `Toolkit(s) ${quoteAll(needAuth.map((u) => u.id))} in ${field} need auth: none of the server's auth configs is for them`,
      field,
      needAuth,
      "needs an auth config",
      "Give one of the toolkit's auth configs in auth_config_ids.",
    );
  }
  const lower = entries.map((e) => e.id.toLowerCase());
  refuseDuplicates(lower, field);
  return lower;
}

/**
 * `toolkits` (custom create, update): the auth configs' toolkits plus NO_AUTH toolkits, nothing else and none left
 * out, since a server's toolkits are derived from its auth configs. Returns the NO_AUTH ones.
 */
function readToolkits(value: unknown, authConfigs: McpServerAuthConfig[]): string[] {
  const lower = expectStringArray(value, "toolkits").map((s) => s.toLowerCase());
  refuseDuplicates(lower, "toolkits");
  const configured = new Set(authConfigs.map((a) => a.toolkit_slug));
  const noAuthApps = readNoAuthApps(
    entriesOf(lower).filter(({ id }) => !configured.has(id)),
    "toolkits",
  );
  const missing = [...configured].filter((slug) => !lower.includes(slug));
  if (missing.length > 0) {
    throw badRequest(
      `toolkits leaves out ${quoteAll(missing)}, the toolkit(s) of the server's auth configs`,
      "List every auth config's toolkit in toolkits, or drop the auth config from auth_config_ids.",
    );
  }
  return noAuthApps;
}

/** The allow-list: tools of the server's toolkits, each once; `[]` means every tool of them. */
function readAllowedTools(value: unknown, toolkits: string[]): string[] {
  const tools = expectStringArray(value, "allowed_tools");
  refuseDuplicates(tools, "allowed_tools");
  const known = new Set(toolsOf(toolkits));
  const foreign = entriesOf(tools).filter(({ id }) => !known.has(id));
  if (foreign.length > 0) {
    throw entryError(
      `Tool(s) ${quoteAll(foreign.map((f) => f.id))} in allowed_tools are not tools of the server's toolkits (${toolkits.join(", ")})`,
      "allowed_tools",
      foreign,
      "not a tool of the server's toolkits",
      "List only tools of the toolkits of auth_config_ids (GET /api/v3.1/toolkits/{slug} names the toolkit; tool slugs start with it).",
    );
  }
  return tools;
}

function requireToolkits(authConfigs: McpServerAuthConfig[], noAuthApps: string[]): string[] {
  const toolkits = serverToolkits({ auth_configs: authConfigs, no_auth_apps: noAuthApps });
  if (toolkits.length === 0) {
    throw badRequest("An MCP server needs at least one toolkit", "Give at least one auth config in auth_config_ids (or a NO_AUTH app).");
  }
  return toolkits;
}

function refuseDuplicates(values: string[], field: string): void {
  const repeated = entriesOf(values).filter(({ id, i }) => values.indexOf(id) !== i);
  if (repeated.length > 0) {
    throw entryError(`Duplicate entries in ${field}: ${quoteAll(repeated.map((r) => r.id))}`, field, repeated, "duplicate");
  }
}

/** A list entry and its index, so errors[] can name `field[i]`. */
interface Entry {
  id: string;
  i: number;
}

const entriesOf = (values: string[]): Entry[] => values.map((id, i) => ({ id, i }));

/** A 400 about list entries, each named in `errors[]` by its index. */
function entryError(message: string, field: string, entries: Entry[], why: string, fix?: string): ApiError {
  const errors: FieldError[] = entries.map(({ i }) => ({ field: `${field}[${i}]`, message: why }));
  return badRequest(message, fix, errors);
}

const quoteAll = (values: string[]): string => values.map((v) => `"${v}"`).join(", ");
