/**
 * Translation between the provider's model and the API's wire shapes, both ways. Pure: no I/O, so
 * every rule here (what a refresh keeps from the last run, what an update sends) is unit-tested.
 */
import { isDeepStrictEqual } from "node:util";
import type { AuthConfigInputs, AuthConfigOutputs, CredentialValue, ProxyConfig, ToolAccessConfig } from "./model";
import { normalizeScopes } from "./normalize";
import { SCOPE_KEYS } from "./schema";
import { isSecretKey, looksMasked } from "./secrets";
import type { WireAuthConfig, WireCreateBody, WireProxyConfig, WireToolAccessConfig, WireUpdateBody } from "./wire";

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
        authScheme: inputs.authScheme ?? "",
        name: inputs.name,
        credentials: inputs.credentials ?? {},
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
      ...(inputs.credentials ? { credentials: inputs.credentials } : {}),
      ...optionalSettings(inputs),
    },
  };
}

export interface UpdatePlan {
  /** The PATCH body, or undefined when only the status (or nothing on the server) changes. */
  body?: WireUpdateBody;
  status?: "ENABLED" | "DISABLED";
}

/**
 * Credentials as a PATCH carries them: the API merges key by key, so a field the program no longer
 * sets is sent as null to clear it.
 */
function credentialPatch(
  olds: Record<string, CredentialValue> | undefined,
  news: Record<string, CredentialValue> | undefined,
  keys?: readonly string[],
): Record<string, CredentialValue | null> {
  const patch: Record<string, CredentialValue | null> = {};
  for (const key of new Set([...Object.keys(olds ?? {}), ...Object.keys(news ?? {})])) {
    if (keys && !keys.includes(key)) continue;
    patch[key] = news?.[key] ?? null;
  }
  return patch;
}

/** The PATCH for the config's own variant, carrying only what changed (omitted fields stay as they are). */
export function planUpdate(olds: AuthConfigInputs, news: AuthConfigInputs, changed: readonly string[]): UpdatePlan {
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
          ...(has("credentials") ? { credentials: credentialPatch(olds.credentials, news.credentials) } : {}),
          ...(has("proxyConfig") ? { proxy_config: toWireProxy(news.proxyConfig) } : {}),
        }
      : {
          // The managed ("default") variant takes the scopes at the top level.
          type: "default",
          ...common,
          ...(has("credentials") ? credentialPatch(olds.credentials, news.credentials, SCOPE_KEYS) : {}),
        };
  const plan: UpdatePlan = {};
  if (Object.keys(body).length > 1) plan.body = body;
  if (has("enabled")) plan.status = news.enabled ? "ENABLED" : "DISABLED";
  return plan;
}

/** The live value, unless it means the same as the prior one: then the user's own spelling is kept. */
function keepSpelling<T>(live: T, prior: T | undefined, same: (a: T, b: T) => boolean): T {
  return prior !== undefined && same(live, prior) ? prior : live;
}

const sameScopes = (a: CredentialValue, b: CredentialValue) => isDeepStrictEqual(normalizeScopes(a), normalizeScopes(b));

/**
 * Live credentials as the program would have written them. Secret fields are masked by the API, so
 * their last known value stands in; fields the program never set are not tracked, except scopes,
 * whose out-of-band edits are the drift users most want to see.
 */
function observeCredentials(
  live: Record<string, unknown> | undefined,
  prior: Record<string, CredentialValue> | undefined,
): Record<string, CredentialValue> | undefined {
  const observed: Record<string, CredentialValue> = {};
  const liveValues = live ?? {};
  for (const key of new Set([...Object.keys(prior ?? {}), ...Object.keys(liveValues)])) {
    const priorValue = prior?.[key];
    const liveValue = liveValues[key] as CredentialValue | undefined;
    if (isSecretKey(key) || looksMasked(liveValue)) {
      if (priorValue !== undefined) observed[key] = priorValue;
    } else if (liveValue !== undefined && (priorValue !== undefined || isScopeKey(key))) {
      observed[key] = isScopeKey(key) ? keepSpelling(liveValue, priorValue, sameScopes) : liveValue;
    }
  }
  if (prior === undefined && Object.values(observed).every((value) => normalizeScopes(value).length === 0)) return undefined;
  return observed;
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

function observeProxy(live: WireProxyConfig | null | undefined, prior: ProxyConfig | null | undefined): ProxyConfig | null | undefined {
  if (!live) return prior === undefined ? undefined : null;
  const observed: ProxyConfig = { proxyUrl: live.proxy_url };
  // The proxy key is always masked in responses: the last known one stands in.
  if (prior?.proxyAuthKey !== undefined) observed.proxyAuthKey = prior.proxyAuthKey;
  return observed;
}

function observeSharedCredentials(
  live: Record<string, unknown> | undefined,
  prior: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (live === undefined || Object.keys(live).length === 0) return prior === undefined ? undefined : {};
  // Values are redacted by the API; keys are what can be observed.
  return Object.fromEntries(Object.entries(live).map(([key, value]) => [key, prior && key in prior ? prior[key] : value]));
}

/** What the server holds, in the program's terms: the outputs and the inputs a refresh writes back. */
export function observe(live: WireAuthConfig, prior: AuthConfigInputs): AuthConfigOutputs {
  const observed: AuthConfigOutputs = {
    ...prior,
    toolkit: live.toolkit.slug,
    name: live.name,
    type: live.type === "custom" ? "use_custom_auth" : "use_composio_managed_auth",
    enabled: live.status === "ENABLED",
    authConfigId: live.id,
    status: live.status,
    isComposioManaged: live.is_composio_managed ?? live.type === "default",
    noOfConnections: live.no_of_connections ?? 0,
  };
  const optional = {
    authScheme: (live.auth_scheme as AuthConfigInputs["authScheme"]) ?? prior.authScheme,
    credentials: observeCredentials(live.credentials, prior.credentials),
    toolAccessConfig: observeToolAccess(live.tool_access_config, prior.toolAccessConfig),
    proxyConfig: observeProxy(live.proxy_config, prior.proxyConfig),
    sharedCredentials: observeSharedCredentials(live.shared_credentials, prior.sharedCredentials),
    isEnabledForToolRouter:
      live.is_enabled_for_tool_router === undefined || (prior.isEnabledForToolRouter === undefined && !live.is_enabled_for_tool_router)
        ? prior.isEnabledForToolRouter
        : live.is_enabled_for_tool_router,
    createdAt: live.created_at,
    lastUpdatedAt: live.last_updated_at,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value === undefined) delete (observed as unknown as Record<string, unknown>)[key];
    else (observed as unknown as Record<string, unknown>)[key] = value;
  }
  return observed;
}

const SERVER_ONLY = new Set(["authConfigId", "status", "isComposioManaged", "noOfConnections", "createdAt", "lastUpdatedAt"]);

/** The input half of an observation: outputs minus the fields only the server sets. */
export function inputsOf(outputs: AuthConfigOutputs): AuthConfigInputs {
  return Object.fromEntries(Object.entries(outputs).filter(([key]) => !SERVER_ONLY.has(key))) as unknown as AuthConfigInputs;
}

/** The server-set half of previous outputs (and the server's scheme), to carry over an update that sent nothing. */
export function serverPartOf(outputs: AuthConfigOutputs): Partial<AuthConfigOutputs> {
  return Object.fromEntries(
    Object.entries(outputs).filter(([key, value]) => (SERVER_ONLY.has(key) || key === "authScheme") && value !== undefined),
  );
}
