/**
 * Validation of auth-config request bodies against the API's shapes and the toolkit catalog, and the
 * update merge rules. Parsing is complete before anything is stored, which is what keeps failed
 * requests side-effect free. Field names and allowed keys follow the request types of
 * @composio/client (see the facts file).
 *
 * Null: the published request types allow `null` only for `proxy_config` (update). Anywhere else it
 * is a 400 naming the field; removing a credential key is done with `""` (README "Assumptions").
 */
import { creationFields, findAuthDetail, findToolkit } from "./catalog";
import { ApiError, badRequest } from "./errors";
import { deriveScopes, scopeList, type Scopes } from "./scopes";
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
/** Where Composio's OAuth callback lives under an API base (the v3.1 default since 2026-05-19). */
const CALLBACK_PATH = "/toolkits/auth/callback";

/** Everything a new auth config needs besides the ids and timestamps the store assigns. */
export interface CreateInput {
  toolkit: Toolkit;
  type: AuthConfigType;
  auth_scheme: AuthScheme;
  is_composio_managed: boolean;
  name: string;
  credentials: Json;
  explicit_scopes: Scopes | null;
  proxy_config: ProxyConfig | null;
  tool_access_config: ToolAccessConfig;
  restrict_to_following_tools: string[];
  shared_credentials: Json;
  is_enabled_for_tool_router: boolean;
}

/** What the request came through, for defaults that depend on it. */
export interface CreateContext {
  /** The API base the request used, e.g. `http://127.0.0.1:4000/api/v3.1`. */
  apiBase: string;
}

/** Fields an update may change; absent keys mean "leave unchanged". */
export type UpdateChanges = Partial<
  Pick<
    StoredAuthConfig,
    | "name"
    | "credentials"
    | "explicit_scopes"
    | "proxy_config"
    | "tool_access_config"
    | "restrict_to_following_tools"
    | "shared_credentials"
    | "is_enabled_for_tool_router"
  >
>;

const isBlank = (v: unknown): boolean => v === undefined || v === null || v === "";

function nullNotAllowed(path: string, fix: string): ApiError {
  return badRequest(`Invalid value for ${path}: null is not accepted`, fix, [{ field: path, message: "null is not accepted" }]);
}

export function parseCreate(body: unknown, context: CreateContext): CreateInput {
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
    throw new ApiError("toolkit_not_found", `Toolkit "${slug}" not found`, "Check the slug with GET /api/v3.1/toolkits.");
  }
  const name = common.name ?? `${toolkit.name} Auth`;
  const tools = common.tool_access_config.tools_for_connected_account_creation ?? [];

  if (type === "use_composio_managed_auth") {
    const scheme = toolkit.composio_managed_auth_schemes[0];
    if (scheme === undefined) {
      const offered = toolkit.auth_config_details.map((d) => d.mode).join(", ");
      throw badRequest(
        `Toolkit "${toolkit.slug}" has no Composio-managed auth`,
        `Create a custom auth config ("type": "use_custom_auth") with one of the schemes it offers: ${offered}.`,
      );
    }
    const patch = parseManagedScopes(authConfig.credentials ?? {}, toolkit, "auth_config.credentials");
    return {
      ...common,
      toolkit,
      name,
      type: "default",
      auth_scheme: scheme,
      is_composio_managed: true,
      ...applyCredentialPatch({}, null, patch, tools, toolkit, true),
      proxy_config: null,
    };
  }

  const scheme = parseScheme(authConfig.authScheme, toolkit);
  const patch = parseCustomCredentials(authConfig.credentials ?? {}, toolkit, scheme, "auth_config.credentials", "create");
  const fieldNames = creationFields(toolkit, scheme).map((f) => f.name);
  // Since 2026-05-19 a custom OAuth config's redirect URI defaults to the callback of the API version used.
  if (fieldNames.includes("oauth_redirect_uri") && (patch.oauth_redirect_uri === undefined || patch.oauth_redirect_uri === REMOVE)) {
    patch.oauth_redirect_uri = `${context.apiBase}${CALLBACK_PATH}`;
  }
  return {
    ...common,
    toolkit,
    name,
    type: "custom",
    auth_scheme: scheme,
    is_composio_managed: false,
    ...applyCredentialPatch({}, null, patch, tools, toolkit, fieldNames.includes("scopes")),
    proxy_config: optional(authConfig, "proxy_config", "auth_config", parseProxyConfig) ?? null,
  };
}

function parseCommonCreateFields(authConfig: Json) {
  const path = "auth_config";
  return {
    name: optional(authConfig, "name", path, expectString),
    tool_access_config: optional(authConfig, "tool_access_config", path, (v, p) => parseToolAccess(v, p, CREATE_TOOL_ACCESS_KEYS)) ?? {},
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
      'authScheme is camelCase in the request and upper case, e.g. "OAUTH2".',
    );
  }
  if (!findAuthDetail(toolkit, scheme)) {
    const offered = toolkit.auth_config_details.map((d) => d.mode).join(", ");
    throw badRequest(`Toolkit "${toolkit.slug}" does not offer auth scheme ${scheme}`, `Use one of the schemes it offers: ${offered}.`);
  }
  return scheme as AuthScheme;
}

/**
 * A credential patch: a value to set, or REMOVE for a key sent as "" (or, for scopes, []).
 * Absent keys are not in the patch.
 */
const REMOVE = Symbol("remove");
type CredentialPatch = Record<string, unknown>;

/** Reads one credential value of a patch: "" (and [] for scopes) removes, null is refused. */
function credentialValue(value: unknown, key: string, path: string): unknown {
  if (value === null) throw nullNotAllowed(path, `Send "" to remove ${key}, or omit it to leave it unchanged.`);
  if (SCOPE_FIELDS.includes(key)) {
    const scopes = expectScopes(value, path);
    return scopeList(scopes).length === 0 ? REMOVE : scopes;
  }
  const text = expectString(value, path);
  return text === "" ? REMOVE : text;
}

/** Managed configs take only OAuth scopes; user_scopes only where the toolkit's managed auth has them (Slack). */
function parseManagedScopes(value: unknown, toolkit: Toolkit, path: string): CredentialPatch {
  const obj = expectObject(value, path);
  const allowed = toolkit.composio_managed_auth.some((m) => m.user_scopes) ? SCOPE_FIELDS : ["scopes"];
  rejectUnknownKeys(obj, allowed, path);
  const out: CredentialPatch = {};
  for (const key of allowed) if (obj[key] !== undefined) out[key] = credentialValue(obj[key], key, joinPath(path, key));
  return out;
}

/**
 * Custom credentials are checked against the toolkit's auth_config_creation fields for the scheme.
 * On create every required field must be present and non-empty; on update a required field may be
 * omitted but not removed.
 */
function parseCustomCredentials(
  value: unknown,
  toolkit: Toolkit,
  scheme: string,
  path: string,
  mode: "create" | "update",
): CredentialPatch {
  const obj = expectObject(value, path);
  const fields = creationFields(toolkit, scheme);
  rejectUnknownKeys(
    obj,
    fields.map((f) => f.name),
    path,
  );
  const out: CredentialPatch = {};
  const missing: string[] = [];
  for (const f of fields) {
    const fieldPath = joinPath(path, f.name);
    if (obj[f.name] === undefined) {
      if (mode === "create" && f.required) missing.push(fieldPath);
      continue;
    }
    const v = credentialValue(obj[f.name], f.name, fieldPath);
    if (v === REMOVE && f.required) missing.push(fieldPath);
    else out[f.name] = v;
  }
  if (missing.length > 0) throw missingFields(missing);
  return out;
}

/**
 * Applies a credential patch key by key (REMOVE deletes the key), then derives the stored scopes
 * from the explicit ones and the tools (scopes.ts) when the config has OAuth scopes at all.
 */
function applyCredentialPatch(
  credentials: Json,
  explicitScopes: Scopes | null,
  patch: CredentialPatch,
  tools: readonly string[],
  toolkit: Toolkit,
  hasScopes: boolean,
): { credentials: Json; explicit_scopes: Scopes | null } {
  const next: Json = { ...credentials };
  let explicit = explicitScopes;
  for (const [key, value] of Object.entries(patch)) {
    if (value === REMOVE) delete next[key];
    else next[key] = value;
    if (key === "scopes") explicit = value === REMOVE ? null : (value as Scopes);
  }
  if (hasScopes) {
    const scopes = deriveScopes(explicit, tools, toolkit);
    if (scopes === undefined) delete next.scopes;
    else next.scopes = scopes;
  }
  return { credentials: next, explicit_scopes: explicit };
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

/** Each list given replaces the stored one; `[]` clears it. */
function parseToolAccess(value: unknown, path: string, allowedKeys: string[]): ToolAccessConfig {
  const obj = expectObject(value, path);
  rejectUnknownKeys(obj, allowedKeys, path);
  const out: Record<string, string[]> = {};
  for (const key of allowedKeys) {
    if (obj[key] === undefined) continue;
    const keyPath = joinPath(path, key);
    if (obj[key] === null) throw nullNotAllowed(keyPath, `Send [] to clear ${key}, or omit it to leave it unchanged.`);
    out[key] = expectStringArray(obj[key], keyPath);
  }
  return out;
}

/** Top-level update fields whose null is refused with a field-specific hint. */
function rejectNulls(root: Json, keys: readonly string[]): void {
  for (const key of keys) {
    if (root[key] === null)
      throw nullNotAllowed(
        key,
        key === "shared_credentials" || key === "credentials" ? `Send an object, or omit ${key}.` : `Omit ${key} to leave it unchanged.`,
      );
  }
}

/**
 * Parses a PATCH body against the stored config and returns only the changed fields. Merge rules
 * ("true PATCH semantics", 2026-01-14): omitted fields are kept; credentials merge key by key, a
 * key sent as "" is removed; tool_access_config merges per list, [] clears a list;
 * proxy_config null clears it; shared_credentials and restrict_to_following_tools are replaced whole.
 * Whenever scopes or tools_for_connected_account_creation change, the stored scopes are re-derived.
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
  // `type` was required above; every other field both types share refuses null.
  rejectNulls(
    root,
    SHARED_KEYS.filter((key) => key !== "type"),
  );
  if (!toolkit) throw badRequest(`Toolkit "${config.toolkit_slug}" of auth config ${config.id} is no longer available`);

  const changes: UpdateChanges = {};
  const name = optional(root, "name", "", expectString);
  if (name !== undefined) changes.name = name;

  const credentialPatch =
    type === "custom"
      ? optional(root, "credentials", "", (v, p) => parseCustomCredentials(v, toolkit, config.auth_scheme, p, "update"))
      : parseDefaultScopes(root, toolkit);

  if (type === "custom" && root.proxy_config !== undefined) changes.proxy_config = parseProxyConfig(root.proxy_config, "proxy_config");

  const toolAccess = optional(root, "tool_access_config", "", (v, p) => parseToolAccess(v, p, UPDATE_TOOL_ACCESS_KEYS));
  if (toolAccess !== undefined) changes.tool_access_config = { ...config.tool_access_config, ...toolAccess };

  if (credentialPatch !== undefined || toolAccess?.tools_for_connected_account_creation !== undefined) {
    const tools = (changes.tool_access_config ?? config.tool_access_config).tools_for_connected_account_creation ?? [];
    const hasScopes = config.is_composio_managed || creationFields(toolkit, config.auth_scheme).some((f) => f.name === "scopes");
    // Configs from state files older than explicit_scopes: the stored scopes are the explicit ones.
    const explicit =
      config.explicit_scopes !== undefined ? config.explicit_scopes : ((config.credentials.scopes as Scopes | undefined) ?? null);
    Object.assign(changes, applyCredentialPatch(config.credentials, explicit, credentialPatch ?? {}, tools, toolkit, hasScopes));
  }

  if (root.restrict_to_following_tools !== undefined) {
    changes.restrict_to_following_tools = expectStringArray(root.restrict_to_following_tools, "restrict_to_following_tools");
  }
  if (root.shared_credentials !== undefined) changes.shared_credentials = expectObject(root.shared_credentials, "shared_credentials");
  const router = optional(root, "is_enabled_for_tool_router", "", expectBoolean);
  if (router !== undefined) changes.is_enabled_for_tool_router = router;
  return changes;
}

/** The "default" update variant carries scopes at the top level; they live in credentials. */
function parseDefaultScopes(root: Json, toolkit: Toolkit): CredentialPatch | undefined {
  const scopeBody: Json = {};
  for (const key of SCOPE_FIELDS) if (root[key] !== undefined) scopeBody[key] = root[key];
  return Object.keys(scopeBody).length === 0 ? undefined : parseManagedScopes(scopeBody, toolkit, "");
}
