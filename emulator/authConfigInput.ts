/**
 * Validation of auth-config request bodies against the API's shapes and the toolkit catalog.
 * Parsing is complete before anything is stored, which is what keeps failed requests side-effect free.
 * Field names and allowed keys follow the request types of @composio/client (see the facts file).
 */
import { creationFields, findAuthDetail, findToolkit } from "./catalog";
import { badRequest, notFound } from "./errors";
import type { AuthConfigType, AuthScheme, ProxyConfig, StoredAuthConfig, ToolAccessConfig, Toolkit } from "./types";
import { AUTH_SCHEMES } from "./types";
import {
  expectBoolean,
  expectObject,
  expectScopes,
  expectString,
  expectStringArray,
  joinPath,
  missingFields,
  optional,
  rejectUnknownKeys,
  type Json,
} from "./validate";

const SCOPE_FIELDS = ["scopes", "user_scopes"];
const SHARED_KEYS = [
  "type",
  "name",
  "credentials",
  "tool_access_config",
  "restrict_to_following_tools",
  "shared_credentials",
  "is_enabled_for_tool_router",
];
const MANAGED_CREATE_KEYS = SHARED_KEYS;
const CUSTOM_CREATE_KEYS = [...SHARED_KEYS, "authScheme", "proxy_config"];
const CUSTOM_UPDATE_KEYS = [...SHARED_KEYS, "proxy_config"];
const DEFAULT_UPDATE_KEYS = [...SHARED_KEYS.filter((k) => k !== "credentials"), "scopes", "user_scopes"];
/** The create body's tool_access_config only takes this key (per the client types); update takes both. */
const CREATE_TOOL_ACCESS_KEYS = ["tools_for_connected_account_creation"];
const UPDATE_TOOL_ACCESS_KEYS = ["tools_for_connected_account_creation", "tools_available_for_execution"];

/** Everything a new auth config needs besides the ids and timestamps the store assigns. */
export interface CreateInput {
  toolkit: Toolkit;
  type: AuthConfigType;
  auth_scheme: AuthScheme;
  is_composio_managed: boolean;
  name: string;
  credentials: Json;
  proxy_config: ProxyConfig | null;
  tool_access_config: ToolAccessConfig;
  restrict_to_following_tools: string[];
  shared_credentials: Json;
  is_enabled_for_tool_router: boolean;
}

/** Fields an update may change; absent keys mean "leave unchanged". */
export type UpdateChanges = Partial<
  Pick<
    StoredAuthConfig,
    | "name"
    | "credentials"
    | "proxy_config"
    | "tool_access_config"
    | "restrict_to_following_tools"
    | "shared_credentials"
    | "is_enabled_for_tool_router"
  >
>;

const isBlank = (v: unknown): boolean => v === undefined || v === null || v === "";

export function parseCreate(body: unknown): CreateInput {
  const root = expectObject(body, "");
  rejectUnknownKeys(root, ["toolkit", "auth_config"], "");
  const missing: string[] = [];

  let slug: string | undefined;
  if (root.toolkit === undefined) missing.push("toolkit.slug");
  else {
    const toolkitObj = expectObject(root.toolkit, "toolkit");
    rejectUnknownKeys(toolkitObj, ["slug"], "toolkit");
    if (isBlank(toolkitObj.slug)) missing.push("toolkit.slug");
    else slug = expectString(toolkitObj.slug, "toolkit.slug");
  }

  // An omitted auth_config means Composio-managed auth (documented).
  const authConfig = root.auth_config === undefined ? { type: "use_composio_managed_auth" } : expectObject(root.auth_config, "auth_config");
  let type: string | undefined;
  if (isBlank(authConfig.type)) missing.push("auth_config.type");
  else {
    type = expectString(authConfig.type, "auth_config.type");
    if (type !== "use_composio_managed_auth" && type !== "use_custom_auth") {
      throw badRequest(
        'Invalid value for auth_config.type: expected "use_composio_managed_auth" or "use_custom_auth"',
        'Use "use_composio_managed_auth" for Composio-managed auth or "use_custom_auth" with an authScheme.',
      );
    }
    rejectUnknownKeys(authConfig, type === "use_custom_auth" ? CUSTOM_CREATE_KEYS : MANAGED_CREATE_KEYS, "auth_config");
    if (type === "use_custom_auth" && isBlank(authConfig.authScheme)) missing.push("auth_config.authScheme");
  }
  if (missing.length > 0 || slug === undefined || type === undefined) throw missingFields(missing);

  const common = parseCommonCreateFields(authConfig);
  const toolkit = findToolkit(slug);
  if (!toolkit) {
    throw notFound(`Toolkit "${slug}" not found`, "Check the slug with GET /api/v3.1/toolkits.");
  }
  const name = common.name ?? `${toolkit.name} Auth`;

  if (type === "use_composio_managed_auth") {
    const scheme = toolkit.composio_managed_auth_schemes[0];
    if (scheme === undefined) {
      const offered = toolkit.auth_config_details.map((d) => d.mode).join(", ");
      throw badRequest(
        `Toolkit "${toolkit.slug}" has no Composio-managed auth`,
        `Create a custom auth config ("type": "use_custom_auth") with one of the schemes it offers: ${offered}.`,
      );
    }
    return {
      ...common,
      toolkit,
      name,
      type: "default",
      auth_scheme: scheme,
      is_composio_managed: true,
      credentials: parseManagedScopes(authConfig.credentials ?? {}, toolkit, "auth_config.credentials"),
      proxy_config: null,
    };
  }

  const scheme = parseScheme(authConfig.authScheme, toolkit);
  const credentials = parseCustomCredentials(authConfig.credentials ?? {}, toolkit, scheme, "auth_config.credentials", "create");
  return {
    ...common,
    toolkit,
    name,
    type: "custom",
    auth_scheme: scheme,
    is_composio_managed: false,
    credentials: withoutNulls(credentials),
    proxy_config: optional(authConfig, "proxy_config", "auth_config", parseProxyConfig) ?? null,
  };
}

function parseCommonCreateFields(authConfig: Json) {
  const path = "auth_config";
  return {
    name: optional(authConfig, "name", path, expectString),
    tool_access_config:
      optional(authConfig, "tool_access_config", path, (v, p) => parseToolAccess(v, p, CREATE_TOOL_ACCESS_KEYS)) ?? {},
    restrict_to_following_tools: optional(authConfig, "restrict_to_following_tools", path, expectStringArray) ?? [],
    shared_credentials: optional(authConfig, "shared_credentials", path, expectObject) ?? {},
    is_enabled_for_tool_router: optional(authConfig, "is_enabled_for_tool_router", path, expectBoolean) ?? false,
  };
}

function parseScheme(value: unknown, toolkit: Toolkit): AuthScheme {
  const scheme = expectString(value, "auth_config.authScheme");
  if (!(AUTH_SCHEMES as readonly string[]).includes(scheme)) {
    throw badRequest(
      `Invalid value for auth_config.authScheme: expected one of ${AUTH_SCHEMES.join(", ")}`,
      "authScheme is camelCase in the request and upper case, e.g. \"OAUTH2\".",
    );
  }
  if (!findAuthDetail(toolkit, scheme)) {
    const offered = toolkit.auth_config_details.map((d) => d.mode).join(", ");
    throw badRequest(
      `Toolkit "${toolkit.slug}" does not offer auth scheme ${scheme}`,
      `Use one of the schemes it offers: ${offered}.`,
    );
  }
  return scheme as AuthScheme;
}

/** Managed configs take only OAuth scopes; user_scopes only where the toolkit's managed auth has them (Slack). */
function parseManagedScopes(value: unknown, toolkit: Toolkit, path: string, allowNull = false): Json {
  const obj = expectObject(value, path);
  const allowed = toolkit.composio_managed_auth.some((m) => m.user_scopes) ? SCOPE_FIELDS : ["scopes"];
  rejectUnknownKeys(obj, allowed, path);
  const out: Json = {};
  for (const key of allowed) {
    const v = obj[key];
    if (v === undefined) continue;
    out[key] = allowNull && v === null ? null : expectScopes(v, joinPath(path, key));
  }
  return out;
}

/**
 * Custom credentials are checked against the toolkit's auth_config_creation fields for the scheme.
 * Returned nulls mean "clear this optional field" (update only). On create every required field must
 * be present and non-empty; on update a required field may be omitted but not blanked.
 */
function parseCustomCredentials(value: unknown, toolkit: Toolkit, scheme: string, path: string, mode: "create" | "update"): Json {
  const obj = expectObject(value, path);
  const fields = creationFields(toolkit, scheme);
  rejectUnknownKeys(obj, fields.map((f) => f.name), path);
  const out: Json = {};
  const missing: string[] = [];
  for (const f of fields) {
    const v = obj[f.name];
    const fieldPath = joinPath(path, f.name);
    if (v === undefined) {
      if (mode === "create" && f.required) missing.push(fieldPath);
    } else if (v === null || v === "") {
      if (f.required) missing.push(fieldPath);
      else out[f.name] = null;
    } else {
      out[f.name] = SCOPE_FIELDS.includes(f.name) ? expectScopes(v, fieldPath) : expectString(v, fieldPath);
    }
  }
  if (missing.length > 0) throw missingFields(missing);
  return out;
}

function parseProxyConfig(value: unknown, path: string): ProxyConfig | null {
  if (value === null) return null;
  const obj = expectObject(value, path);
  rejectUnknownKeys(obj, ["proxy_url", "proxy_auth_key"], path);
  if (isBlank(obj.proxy_url)) throw missingFields([joinPath(path, "proxy_url")]);
  const proxy: ProxyConfig = { proxy_url: expectString(obj.proxy_url, joinPath(path, "proxy_url")) };
  const key = optional(obj, "proxy_auth_key", path, expectString);
  if (key !== undefined) proxy.proxy_auth_key = key;
  return proxy;
}

/** Returned nulls mean "clear this list" (update only). */
function parseToolAccess(value: unknown, path: string, allowedKeys: string[]): Record<string, string[] | null> {
  const obj = expectObject(value, path);
  rejectUnknownKeys(obj, allowedKeys, path);
  const out: Record<string, string[] | null> = {};
  for (const key of allowedKeys) {
    if (obj[key] === undefined) continue;
    out[key] = obj[key] === null ? null : expectStringArray(obj[key], joinPath(path, key));
  }
  return out;
}

function withoutNulls<T>(obj: Record<string, T | null>): Record<string, T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== null)) as Record<string, T>;
}

/**
 * Parses a PATCH body against the stored config and returns only the changed fields. Merge rules
 * (documented "true PATCH semantics"): omitted fields are kept; credentials and tool_access_config
 * merge key by key; an explicit null (or []) clears; shared_credentials is replaced as a whole.
 */
export function parseUpdate(body: unknown, config: StoredAuthConfig, toolkit: Toolkit | undefined): UpdateChanges {
  const root = expectObject(body, "");
  if (isBlank(root.type)) throw missingFields(["type"]);
  const type = expectString(root.type, "type");
  if (type !== "custom" && type !== "default") {
    throw badRequest('Invalid value for type: expected "custom" or "default"', 'Send "type": "custom" or "type": "default".');
  }
  if (type !== config.type) {
    throw badRequest(
      `Auth config ${config.id} is of type "${config.type}" and cannot be updated with type "${type}"`,
      `Send "type": "${config.type}" to update this auth config.`,
    );
  }
  rejectUnknownKeys(root, type === "custom" ? CUSTOM_UPDATE_KEYS : DEFAULT_UPDATE_KEYS, "");
  if (!toolkit) throw badRequest(`Toolkit "${config.toolkit_slug}" of auth config ${config.id} is no longer available`);

  const changes: UpdateChanges = {};
  const name = optional(root, "name", "", expectString);
  if (name !== undefined) changes.name = name;

  const credentialPatch =
    type === "custom"
      ? optional(root, "credentials", "", (v, p) => parseCustomCredentials(v, toolkit, config.auth_scheme, p, "update"))
      : parseDefaultScopes(root, toolkit);
  if (credentialPatch !== undefined) changes.credentials = withoutNulls({ ...config.credentials, ...credentialPatch });

  if (type === "custom" && root.proxy_config !== undefined) changes.proxy_config = parseProxyConfig(root.proxy_config, "proxy_config");

  const toolAccess = optional(root, "tool_access_config", "", (v, p) => parseToolAccess(v, p, UPDATE_TOOL_ACCESS_KEYS));
  if (toolAccess !== undefined) changes.tool_access_config = withoutNulls({ ...config.tool_access_config, ...toolAccess });

  if (root.restrict_to_following_tools !== undefined) {
    changes.restrict_to_following_tools =
      root.restrict_to_following_tools === null ? [] : expectStringArray(root.restrict_to_following_tools, "restrict_to_following_tools");
  }
  if (root.shared_credentials !== undefined) {
    changes.shared_credentials = root.shared_credentials === null ? {} : expectObject(root.shared_credentials, "shared_credentials");
  }
  const router = optional(root, "is_enabled_for_tool_router", "", expectBoolean);
  if (router !== undefined) changes.is_enabled_for_tool_router = router;
  return changes;
}

/** The "default" update variant carries scopes at the top level; they live in credentials. */
function parseDefaultScopes(root: Json, toolkit: Toolkit): Json | undefined {
  const scopeBody: Json = {};
  for (const key of SCOPE_FIELDS) if (root[key] !== undefined) scopeBody[key] = root[key];
  return Object.keys(scopeBody).length === 0 ? undefined : parseManagedScopes(scopeBody, toolkit, "", true);
}
