/**
 * The connected-account endpoints: create (for schemes whose credentials are given directly: API_KEY,
 * BEARER_TOKEN, BASIC), retrieve, list, delete. Enough for an auth config's `no_of_connections` to count
 * real accounts and for a delete of the config to take them with it. Shapes follow @composio/client
 * 0.1.0-alpha.76 (`resources/connected-accounts.d.ts`); the rules the client does not fix are in the
 * README's Assumptions.
 */
import { loadAuthConfig } from "./authConfigs";
import { findAuthDetail, findToolkit } from "./catalog";
import { ApiError, badRequest } from "./errors";
import { isConnectedAccountId, newConnectedAccountId, newRevokeJobId } from "./ids";
import { maskValue, type MaskFormat } from "./masking";
import { paginate, parsePageRequest } from "./pagination";
import { booleanParam, enumParam, listParam } from "./queryParams";
import type { Route } from "./router";
import type { EmulatorSettings } from "./settings";
import type { AuthConfigStore } from "./store";
import type { AuthScheme, ConnectedAccountStatus, StoredAuthConfig, StoredConnectedAccount } from "./types";
import { expectObject, expectString, joinPath, missingFields, optional, rejectUnknownKeys, type Json } from "./validate";

/** The schemes whose connection data is given in the create body (OAuth goes through `/connected_accounts/link`). */
const DIRECT_SCHEMES: readonly AuthScheme[] = ["API_KEY", "BEARER_TOKEN", "BASIC"];
const STATUSES: readonly ConnectedAccountStatus[] = ["ACTIVE", "INACTIVE"];
/** Every status the API lists, for the `statuses` filter. */
const ALL_STATUSES = ["INITIALIZING", "INITIATED", "ACTIVE", "FAILED", "EXPIRED", "INACTIVE", "REVOKED"] as const;

/**
 * Connection-data keys whose values are secrets, masked on every read like an auth config's credentials:
 * the catalog's `is_secret` fields and the secret keys the client's types name.
 */
const SECRET_KEYS = new Set([
  "generic_api_key",
  "api_key",
  "token",
  "bearer_token",
  "password",
  "basic_encoded",
  "proxy_password",
  "access_token",
  "refresh_token",
]);

function checkId(id: string): void {
  if (!isConnectedAccountId(id)) {
    throw new ApiError(
      "invalid_connected_account_id",
      "Invalid connected account ID format",
      'Connected account ids look like "ca_1a2b3c4d5e6f".',
    );
  }
}

function connectionFields(config: StoredAuthConfig): { required: string[]; optional: string[] } {
  const toolkit = findToolkit(config.toolkit_slug);
  const group = toolkit && findAuthDetail(toolkit, config.auth_scheme)?.fields.connected_account_initiation;
  return { required: group?.required.map((f) => f.name) ?? [], optional: group?.optional.map((f) => f.name) ?? [] };
}

interface ParsedCreate {
  config: StoredAuthConfig;
  userId: string;
  alias: string | null;
  status: ConnectedAccountStatus;
  val: Record<string, string>;
}

function parseCreate(body: unknown, store: AuthConfigStore): ParsedCreate {
  const root = expectObject(body, "");
  rejectUnknownKeys(root, ["auth_config", "connection", "validate_credentials"], "");
  const missing = ["auth_config", "connection"].filter((key) => root[key] === undefined);
  if (missing.length > 0) throw missingFields(missing);
  const authConfig = expectObject(root.auth_config, "auth_config");
  rejectUnknownKeys(authConfig, ["id"], "auth_config");
  if (authConfig.id === undefined) throw missingFields(["auth_config.id"]);
  const config = loadAuthConfig(store, expectString(authConfig.id, "auth_config.id"));
  if (config.status !== "ENABLED") {
    throw badRequest(
      `Auth config "${config.id}" is disabled: it cannot connect new accounts`,
      `Enable it with PATCH /api/v3.1/auth_configs/${config.id}/ENABLED.`,
    );
  }
  const connection = expectObject(root.connection, "connection");
  rejectUnknownKeys(connection, ["user_id", "state", "alias", "callback_url"], "connection");
  const absent = ["user_id", "state"].filter((key) => connection[key] === undefined).map((key) => joinPath("connection", key));
  if (absent.length > 0) throw missingFields(absent);
  const userId = expectString(connection.user_id, "connection.user_id");
  if (userId.trim() === "") throw badRequest("Invalid value for connection.user_id: must not be empty", "Send your user's id.");
  const alias = optional(connection, "alias", "connection", expectString) ?? null;
  const state = expectObject(connection.state, "connection.state");
  rejectUnknownKeys(state, ["authScheme", "val"], "connection.state");
  const scheme = expectString(state.authScheme, "connection.state.authScheme");
  if (!(DIRECT_SCHEMES as readonly string[]).includes(scheme)) {
    throw badRequest(
      `Invalid value for connection.state.authScheme: ${DIRECT_SCHEMES.join(", ")} connections are created here`,
      "OAuth connections go through POST /api/v3.1/connected_accounts/link.",
    );
  }
  if (scheme !== config.auth_scheme) {
    throw badRequest(
      `connection.state.authScheme ${scheme} does not match the auth config's scheme ${config.auth_scheme}`,
      `Send authScheme "${config.auth_scheme}" for auth config ${config.id}.`,
    );
  }
  return { config, userId, alias, ...parseVal(expectObject(state.val, "connection.state.val"), config) };
}

/** `val`: a status and the scheme's connection fields, all strings; required fields present and not blank. */
function parseVal(val: Json, config: StoredAuthConfig): { status: ConnectedAccountStatus; val: Record<string, string> } {
  const path = "connection.state.val";
  const { status: rawStatus, ...fields } = val;
  if (rawStatus === undefined) throw missingFields([joinPath(path, "status")]);
  const status = expectString(rawStatus, joinPath(path, "status"));
  if (!(STATUSES as readonly string[]).includes(status)) {
    throw badRequest(
      `Invalid value for ${path}.status: expected ${STATUSES.join(" or ")}`,
      "Accounts created with their credentials are ACTIVE (or INACTIVE).",
    );
  }
  const strings = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, expectString(value, joinPath(path, key))]));
  const missing = connectionFields(config)
    .required.filter((name) => !strings[name]?.trim())
    .map((name) => joinPath(path, name));
  if (missing.length > 0) throw missingFields(missing);
  return { status: status as ConnectedAccountStatus, val: strings };
}

function maskedVal(account: StoredConnectedAccount, format: MaskFormat): Record<string, string> {
  const fields = Object.entries(account.val).map(([key, value]) => [key, SECRET_KEYS.has(key) ? maskValue(value, format) : value]);
  return { status: account.status, ...Object.fromEntries(fields) };
}

/** A retrieve answer / list item: the connection data masked. */
function renderAccount(account: StoredConnectedAccount, config: StoredAuthConfig | undefined, format: MaskFormat) {
  const val = maskedVal(account, format);
  return {
    id: account.id,
    alias: account.alias,
    auth_config: {
      id: account.auth_config_id,
      auth_scheme: account.auth_scheme,
      is_composio_managed: config?.is_composio_managed ?? false,
      is_disabled: config?.status === "DISABLED",
    },
    created_at: account.created_at,
    updated_at: account.updated_at,
    data: val,
    is_disabled: account.status !== "ACTIVE",
    state: { authScheme: account.auth_scheme, val },
    status: account.status,
    status_reason: null,
    toolkit: { slug: account.toolkit_slug },
    user_id: account.user_id,
    word_id: null,
  };
}

/**
 * A new ACTIVE account of a live config, stored: the API's create (connection data from the body) and the
 * control API's stand-in for a finished OAuth flow (none) both end here.
 */
export function storeAccount(
  store: AuthConfigStore,
  config: StoredAuthConfig,
  user: { userId: string; alias: string | null; status: ConnectedAccountStatus; val: Record<string, string> },
): StoredConnectedAccount {
  const at = store.stamp();
  let id = newConnectedAccountId();
  while (store.hasAccountId(id)) id = newConnectedAccountId();
  const account: StoredConnectedAccount = {
    id,
    seq: store.takeSeq(),
    auth_config_id: config.id,
    toolkit_slug: config.toolkit_slug,
    user_id: user.userId,
    alias: user.alias,
    auth_scheme: config.auth_scheme,
    status: user.status,
    val: user.val,
    created_at: at,
    updated_at: at,
  };
  // The config's last_updated_at does not move: a connection is not a change to the config.
  store.putAccount(account);
  return account;
}

export function connectedAccountRoutes(store: AuthConfigStore, settings: EmulatorSettings): Route[] {
  const load = (id: string): StoredConnectedAccount => {
    checkId(id);
    const account = store.getAccount(id);
    if (!account) {
      throw new ApiError(
        "connected_account_not_found",
        `Connected account "${id}" not found`,
        "Check the id with GET /api/v3.1/connected_accounts.",
      );
    }
    return account;
  };
  const render = (account: StoredConnectedAccount) => renderAccount(account, store.get(account.auth_config_id), settings.maskFormat);

  return [
    {
      method: "POST",
      template: "/connected_accounts",
      readsBody: true,
      capability: "connected_accounts:write",
      handle: ({ body }) => {
        const { config, ...user } = parseCreate(body, store);
        const account = storeAccount(store, config, user);
        const connectionData = { authScheme: account.auth_scheme, val: maskedVal(account, settings.maskFormat) };
        return { status: 201, body: { id: account.id, connectionData, status: account.status, redirect_url: null, redirect_uri: null } };
      },
    },
    {
      method: "GET",
      template: "/connected_accounts",
      capability: "connected_accounts:read",
      handle: ({ query }) => {
        const pageRequest = parsePageRequest(query);
        const authConfigIds = listParam(query, "auth_config_ids");
        const accountIds = listParam(query, "connected_account_ids");
        const userIds = listParam(query, "user_ids");
        const toolkits = listParam(query, "toolkit_slugs")?.map((slug) => slug.toLowerCase());
        const statuses = listParam(query, "statuses");
        const unknownStatus = statuses?.find((s) => !(ALL_STATUSES as readonly string[]).includes(s));
        if (unknownStatus !== undefined) throw badRequest(`Invalid value for statuses: expected any of ${ALL_STATUSES.join(", ")}`);
        // Every emulated account is PRIVATE: SHARED lists none.
        const accountType = enumParam(query, "account_type", ["PRIVATE", "SHARED", "ALL"] as const) ?? "PRIVATE";
        const orderBy = enumParam(query, "order_by", ["created_at", "updated_at"] as const) ?? "created_at";
        const direction = enumParam(query, "order_direction", ["asc", "desc"] as const) ?? "desc";
        const sign = direction === "asc" ? 1 : -1;
        const matches = store
          .allAccounts()
          .filter(() => accountType !== "SHARED")
          .filter((a) => !authConfigIds || authConfigIds.includes(a.auth_config_id))
          .filter((a) => !accountIds || accountIds.includes(a.id))
          .filter((a) => !userIds || userIds.includes(a.user_id))
          .filter((a) => !toolkits || toolkits.includes(a.toolkit_slug))
          .filter((a) => !statuses || statuses.includes(a.status))
          .sort((a, b) => sign * (a[orderBy].localeCompare(b[orderBy]) || a.seq - b.seq));
        const page = paginate(matches, pageRequest);
        return { status: 200, body: { ...page, items: page.items.map(render) } };
      },
    },
    {
      method: "GET",
      template: "/connected_accounts/{id}",
      capability: "connected_accounts:read",
      handle: ({ params }) => ({ status: 200, body: { ...render(load(params.id!)), params: {} } }),
    },
    {
      method: "DELETE",
      template: "/connected_accounts/{id}",
      capability: "connected_accounts:write",
      handle: ({ params, query }) => {
        const revoke = booleanParam(query, "revoke_on_delete") ?? false;
        load(params.id!);
        store.softDeleteAccount(params.id!, store.stamp());
        return { status: 200, body: revoke ? { success: true, revoke_job_id: newRevokeJobId() } : { success: true } };
      },
    },
  ];
}
