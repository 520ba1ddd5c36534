/**
 * Translation between the provider's model and the API's wire shapes, both ways. Pure: no I/O, so
 * every rule here (what a refresh keeps from the last run, what an update sends) is unit-tested.
 */
import { isDeepStrictEqual } from "node:util";
import { alignSecrets } from "./secrets";
import { normalize, normalizeScopes } from "./normalize";
import {
  SCOPE_KEYS,
  type AuthConfigInputs,
  type CredentialValue,
  type ProxyConfig,
  type StoredAuthConfig,
  type ToolAccessConfig,
} from "./schema";
import { changedOnServer, hiddenFieldsState, isChangedOnServer, isHiddenCredential, type HiddenFieldsState } from "./visibility";
import type { WireAuthConfig, WireCreateBody, WireProxyConfig, WireToolAccessConfig, WireUpdateBody } from "./wire";

/** The outputs: the inputs as the server holds them, plus the fields only the server sets. */
export type AuthConfigOutputs = StoredAuthConfig & ServerOwned;

/** What only the server sets (and the hooks' note beside it). */
export interface ServerOwned {
  authConfigId: string;
  status: "ENABLED" | "DISABLED";
  isComposioManaged: boolean;
  noOfConnections: number;
  createdAt?: string;
  /**
   * The server's `last_updated_at`: after a write, the baseline that tells whether fields reads hide
   * changed since (visibility.ts).
   */
  lastUpdatedAt?: string;
  /** Bookkeeping: the program named `authScheme` (the output holds the server's scheme either way). */
  __schemeFromProgram?: boolean;
}

const isScopeKey = (key: string) => (SCOPE_KEYS as readonly string[]).includes(key);

function toWireToolAccess(config: ToolAccessConfig | undefined): WireToolAccessConfig {
  // Both lists are always sent, so removing one from the program clears it on the server too.
  return {
    tools_for_connected_account_creation: config?.toolsForConnectedAccountCreation ?? [],
    tools_available_for_execution: config?.toolsAvailableForExecution ?? [],
  };
}

function toWireProxy(config: ProxyConfig | null | undefined): WireProxyConfig | null {
  if (!config) return null;
  return config.proxyAuthKey === undefined
    ? { proxy_url: config.proxyUrl }
    : { proxy_url: config.proxyUrl, proxy_auth_key: config.proxyAuthKey };
}

function optionalSettings(inputs: AuthConfigInputs) {
  const creationTools = inputs.toolAccessConfig?.toolsForConnectedAccountCreation;
  return {
    // The create body's tool_access_config takes only this list; the other one follows as an update.
    ...(creationTools ? { tool_access_config: { tools_for_connected_account_creation: creationTools } } : {}),
    ...(inputs.sharedCredentials ? { shared_credentials: inputs.sharedCredentials } : {}),
    ...(inputs.isEnabledForToolRouter !== undefined ? { is_enabled_for_tool_router: inputs.isEnabledForToolRouter } : {}),
  };
}

/** What a create cannot carry and must follow with an update (the execution tool list). */
export function planAfterCreate(inputs: AuthConfigInputs): UpdatePlan {
  const plan: UpdatePlan = {};
  if (inputs.toolAccessConfig?.toolsAvailableForExecution) {
    plan.body = {
      type: inputs.type === "use_custom_auth" ? "custom" : "default",
      tool_access_config: { tools_available_for_execution: inputs.toolAccessConfig.toolsAvailableForExecution },
    };
  }
  if (!inputs.enabled) plan.status = "DISABLED";
  return plan;
}

export function toCreateBody(inputs: AuthConfigInputs): WireCreateBody {
  const toolkit = { slug: inputs.toolkit };
  if (inputs.type === "use_custom_auth") {
    return {
      toolkit,
      auth_config: {
        type: "use_custom_auth",
        authScheme: inputs.authScheme,
        name: inputs.name,
        credentials: wireCredentials(inputs.credentials ?? {}),
        ...(inputs.proxyConfig ? { proxy_config: toWireProxy(inputs.proxyConfig) } : {}),
        ...optionalSettings(inputs),
      },
    };
  }
  return {
    toolkit,
    auth_config: {
      type: "use_composio_managed_auth",
      name: inputs.name,
      ...(inputs.credentials ? { credentials: wireCredentials(inputs.credentials) } : {}),
      ...optionalSettings(inputs),
    },
  };
}

export interface UpdatePlan {
  /** The PATCH body, or undefined when only the status (or nothing on the server) changes. */
  body?: WireUpdateBody;
  status?: "ENABLED" | "DISABLED";
}

/** A credential value as it is sent: scopes in one spelling (the diff's: trimmed, de-duplicated, no blanks). */
function wireCredential(key: string, value: CredentialValue): CredentialValue {
  return isScopeKey(key) ? normalizeScopes(value).join(",") : value;
}

function wireCredentials(credentials: Record<string, CredentialValue>): Record<string, CredentialValue> {
  return Object.fromEntries(Object.entries(credentials).map(([key, value]) => [key, wireCredential(key, value)]));
}

/**
 * Credentials as a PATCH carries them. The API merges key by key, so only the fields whose value
 * changed are sent (a rotated client_secret goes alone), and a field the program no longer sets is
 * cleared with "" (the API's request types take no null; "" is how the changelog clears scopes).
 * `olds` may hold fingerprints and "changed on the server" markers: values are compared in the
 * diff's terms, and a marker never equals a value, so a field marked as changed is always resent.
 */
function credentialPatch(
  olds: StoredAuthConfig,
  news: AuthConfigInputs,
  keys?: readonly string[],
): Record<string, CredentialValue> {
  const before = normalize(olds).credentials;
  const after = normalize(alignSecrets(news, olds)).credentials;
  const patch: Record<string, CredentialValue> = {};
  for (const key of new Set([...Object.keys(olds.credentials ?? {}), ...Object.keys(news.credentials ?? {})])) {
    if ((keys && !keys.includes(key)) || isDeepStrictEqual(before[key], after[key])) continue;
    const value = news.credentials?.[key];
    patch[key] = value === undefined ? "" : wireCredential(key, value);
  }
  return patch;
}

/** The PATCH for the config's own variant, carrying only what changed (omitted fields stay as they are). */
export function planUpdate(olds: StoredAuthConfig, news: AuthConfigInputs, changed: readonly string[]): UpdatePlan {
  const has = (property: string) => changed.includes(property);
  const common = {
    ...(has("name") ? { name: news.name } : {}),
    ...(has("toolAccessConfig") ? { tool_access_config: toWireToolAccess(news.toolAccessConfig) } : {}),
    ...(has("sharedCredentials") ? { shared_credentials: news.sharedCredentials ?? {} } : {}),
    ...(has("isEnabledForToolRouter") ? { is_enabled_for_tool_router: news.isEnabledForToolRouter ?? false } : {}),
  };
  const body: WireUpdateBody =
    news.type === "use_custom_auth"
      ? {
          type: "custom",
          ...common,
          ...(has("credentials") ? { credentials: credentialPatch(olds, news) } : {}),
          ...(has("proxyConfig") ? { proxy_config: toWireProxy(news.proxyConfig) } : {}),
        }
      : {
          // The managed ("default") variant takes the scopes at the top level.
          type: "default",
          ...common,
          ...(has("credentials") ? credentialPatch(olds, news, SCOPE_KEYS) : {}),
        };
  const plan: UpdatePlan = {};
  if (Object.keys(body).length > 1) plan.body = body;
  if (has("enabled")) plan.status = news.enabled ? "ENABLED" : "DISABLED";
  return plan;
}

/**
 * Live credentials in the program's terms. Only the fields the program sets are tracked. A field the
 * API shows (a custom config's client_id / consumer_key) is taken from the read; a hidden one keeps
 * what this provider last wrote, or becomes a "changed on the server" marker once the config changed
 * since (see visibility.ts). A hidden field gone from a read is not taken as removed: reads may omit
 * what they redact, and a removal moves `last_updated_at` anyway.
 */
function observeCredentials(
  live: Record<string, unknown> | undefined,
  prior: Record<string, CredentialValue> | undefined,
  hidden: HiddenValue,
  composioManaged: boolean,
): Record<string, CredentialValue> | undefined {
  if (prior === undefined) return undefined;
  const observed: Record<string, CredentialValue> = {};
  for (const [key, priorValue] of Object.entries(prior)) {
    if (isHiddenCredential(key, composioManaged)) observed[key] = hidden(priorValue, `credentials.${key}`) as CredentialValue;
    else if (live?.[key] !== undefined) observed[key] = live[key] as CredentialValue;
  }
  return observed;
}

/** What a hidden field reads as: the last written value, or the marker once the config changed on the server. */
type HiddenValue = (prior: unknown, path: string) => unknown;

/** `hidden` for one read, and the markers it handed out by property path. */
function hiddenValues(state: HiddenFieldsState, liveUpdatedAt: string | undefined): { hidden: HiddenValue; marked: Record<string, string> } {
  const marked: Record<string, string> = {};
  if (state === "as-written") {
    // A marker from an earlier read stands until an update resends the field.
    return { hidden: (prior, path) => (isChangedOnServer(prior) ? (marked[path] = prior) : prior), marked };
  }
  const marker = changedOnServer(liveUpdatedAt);
  return {
    hidden: (_prior, path) => {
      marked[path] = marker;
      return marker;
    },
    marked,
  };
}

/** The live value, unless it means the same as the prior one: then the user's own spelling is kept. */
function keepSpelling<T>(live: T, prior: T | undefined, same: (a: T, b: T) => boolean): T {
  return prior !== undefined && same(live, prior) ? prior : live;
}

function observeToolAccess(live: WireToolAccessConfig | undefined, prior: ToolAccessConfig | undefined): ToolAccessConfig | undefined {
  const observed: ToolAccessConfig = {};
  const creation = live?.tools_for_connected_account_creation ?? [];
  const execution = live?.tools_available_for_execution ?? [];
  if (creation.length > 0 || prior?.toolsForConnectedAccountCreation) observed.toolsForConnectedAccountCreation = creation;
  if (execution.length > 0 || prior?.toolsAvailableForExecution) observed.toolsAvailableForExecution = execution;
  const sameTools = (a: ToolAccessConfig, b: ToolAccessConfig) =>
    isDeepStrictEqual([...(a.toolsForConnectedAccountCreation ?? [])].sort(), [...(b.toolsForConnectedAccountCreation ?? [])].sort()) &&
    isDeepStrictEqual([...(a.toolsAvailableForExecution ?? [])].sort(), [...(b.toolsAvailableForExecution ?? [])].sort());
  if (prior === undefined && Object.keys(observed).length === 0) return undefined;
  return keepSpelling(observed, prior, sameTools);
}

function observeProxy(
  live: WireProxyConfig | null | undefined,
  prior: ProxyConfig | null | undefined,
  hidden: HiddenValue,
): ProxyConfig | null | undefined {
  if (!live) return prior === undefined ? undefined : null;
  const observed: ProxyConfig = { proxyUrl: live.proxy_url };
  // The proxy key is hidden on reads.
  if (prior?.proxyAuthKey !== undefined) observed.proxyAuthKey = hidden(prior.proxyAuthKey, "proxyConfig.proxyAuthKey") as string;
  return observed;
}

function observeSharedCredentials(
  live: Record<string, unknown> | undefined,
  prior: Record<string, unknown> | undefined,
  hidden: HiddenValue,
): Record<string, unknown> | undefined {
  // Not set by the program (or by the code `pulumi import` writes): not managed, like a credential field the program
  // leaves out. Taking the live values instead would make the masked ones ("REDACTED", "abcd...") inputs, and
  // an update would PATCH them back as if they were the secrets.
  if (prior === undefined) return undefined;
  if (live === undefined || Object.keys(live).length === 0) return {};
  // Values are hidden on reads; keys can be seen, so a key added or removed on the server shows.
  return Object.fromEntries(Object.entries(live).map(([key, value]) => [key, key in prior ? hidden(prior[key], `sharedCredentials.${key}`) : value]));
}

/**
 * What the server holds, in the program's terms: the outputs and the inputs a refresh writes back.
 * `baseline` is the `last_updated_at` recorded after this provider's last write (`"unknown"` when
 * adopting a config made elsewhere): it decides whether hidden fields still hold what was written.
 */
export function observe(live: WireAuthConfig, prior: StoredAuthConfig, baseline: string | undefined | "unknown"): AuthConfigOutputs {
  const { hidden, marked } = hiddenValues(hiddenFieldsState(baseline, live.last_updated_at), live.last_updated_at);
  const server = serverFields(live);
  // The optional fields are observed anew below: one the server no longer holds is left out, not kept from `prior`.
  const { authScheme, credentials, toolAccessConfig, proxyConfig, sharedCredentials, isEnabledForToolRouter, __changedOnServer, ...kept } = prior;
  const optional: OptionalFields = {
    authScheme: server.authScheme ?? authScheme,
    credentials: observeCredentials(live.credentials, credentials, hidden, server.isComposioManaged),
    toolAccessConfig: observeToolAccess(live.tool_access_config, toolAccessConfig),
    proxyConfig: observeProxy(live.proxy_config, proxyConfig, hidden),
    sharedCredentials: observeSharedCredentials(live.shared_credentials, sharedCredentials, hidden),
    isEnabledForToolRouter:
      live.is_enabled_for_tool_router === undefined || (isEnabledForToolRouter === undefined && !live.is_enabled_for_tool_router)
        ? isEnabledForToolRouter
        : live.is_enabled_for_tool_router,
    // The marked paths in one place that is never secret, for reports (a marker in a secret field prints as [secret]).
    __changedOnServer: Object.keys(marked).length > 0 ? marked : undefined,
  };
  return {
    ...kept,
    toolkit: live.toolkit.slug,
    name: live.name,
    type: live.type === "custom" ? "use_custom_auth" : "use_composio_managed_auth",
    enabled: live.status === "ENABLED",
    ...server,
    ...definedOnly(optional),
  };
}

/** The fields an observation holds only when the server (or the program, for hidden ones) has them. */
type OptionalFields = Pick<
  StoredAuthConfig,
  "authScheme" | "credentials" | "toolAccessConfig" | "proxyConfig" | "sharedCredentials" | "isEnabledForToolRouter" | "__changedOnServer"
>;

/** `fields` without the undefined ones: an output either holds a field or leaves it out. */
function definedOnly(fields: OptionalFields): OptionalFields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** The outputs only the server sets (the SDK registers them as outputs, the hooks take them from reads). */
export const SERVER_FIELDS = [
  "authConfigId",
  "status",
  "isComposioManaged",
  "noOfConnections",
  "createdAt",
  "lastUpdatedAt",
] as const satisfies readonly (keyof AuthConfigOutputs)[];

const SERVER_ONLY = new Set<string>([...SERVER_FIELDS, "__schemeFromProgram"]);

/** Fields only the server sets, taken from a fresh read so outputs show the server's view (and its scheme). */
export function serverFields(live: WireAuthConfig): Pick<ServerOwned, (typeof SERVER_FIELDS)[number]> & Pick<StoredAuthConfig, "authScheme"> {
  return {
    authConfigId: live.id,
    status: live.status,
    isComposioManaged: live.is_composio_managed ?? live.type === "default",
    noOfConnections: live.no_of_connections ?? 0,
    ...(live.auth_scheme ? { authScheme: live.auth_scheme } : {}),
    ...(live.created_at ? { createdAt: live.created_at } : {}),
    ...(live.last_updated_at ? { lastUpdatedAt: live.last_updated_at } : {}),
  };
}

/** The input half of an observation: outputs minus the fields only the server sets (ServerOwned's keys). */
export function inputsOf(outputs: AuthConfigOutputs): StoredAuthConfig {
  const { authConfigId, status, isComposioManaged, noOfConnections, createdAt, lastUpdatedAt, __schemeFromProgram, ...inputs } = outputs;
  return inputs;
}

/**
 * What an import that knows nothing but the id takes as the program's credentials: the fields reads show in clear
 * on a customer-owned config (`client_id`, `consumer_key`), so the code `pulumi import` writes has them. Hidden
 * fields stay out (their reads are masks, not values); none for a managed config, whose fields are all hidden.
 */
export function importedCredentials(live: WireAuthConfig): Pick<StoredAuthConfig, "credentials"> {
  if (live.is_composio_managed) return {};
  const shown = Object.entries(live.credentials ?? {}).filter(([key, value]) => !isHiddenCredential(key, false) && typeof value === "string" && value !== "");
  return shown.length > 0 ? { credentials: Object.fromEntries(shown) as StoredAuthConfig["credentials"] } : {};
}

/** The server-set half of previous outputs (and the server's scheme), to carry over an update that sent nothing. */
export function serverPartOf(outputs: AuthConfigOutputs): Partial<AuthConfigOutputs> {
  return Object.fromEntries(
    Object.entries(outputs).filter(([key, value]) => (SERVER_ONLY.has(key) || key === "authScheme") && value !== undefined),
  );
}
