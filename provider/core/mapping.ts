/**
 * Translation between the provider's model and the API's wire shapes, both ways. Pure: no I/O, so
 * every rule here (what a refresh keeps from the last run, what an update sends) is unit-tested.
 * The field table (fields.ts) says where each field goes: a plain field (one wire name) is mapped here
 * from its name alone, both ways; a special one has its hand-written code below, registered under the
 * field's name in SPECIAL_MAPPINGS (its observation; the create and update bodies name it).
 */
import { isDeepStrictEqual } from "node:util";
import { alignSecrets } from "./secrets";
import { keepMarks, unmarkSecrets, withoutMarks } from "./secretMarks";
import { normalize, normalizeScopes } from "./normalize";
import {
  isHiddenOnRead,
  OBSERVED_FIELDS,
  omittedValue,
  PLAIN_WIRE_FIELDS,
  SERVER_FIELDS,
  SERVER_OUTPUTS,
  type FieldName,
  type Fields,
  type ServerOutputs,
} from "./fields";
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

/** What only the server sets (fields.ts SERVER_OUTPUTS), and the hooks' note beside it. */
export type ServerOwned = ServerOutputs & {
  /** Bookkeeping: the program named `authScheme` (the output holds the server's scheme either way). */
  __schemeFromProgram?: boolean;
};

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

type PlainFieldName = { [K in FieldName]: Fields[K]["wire"] extends { plain: string } ? K : never }[FieldName];
/** A wire body's plain fields, by wire name, each with its field's type. */
type PlainWireFields = {
  [K in PlainFieldName as Fields[K]["wire"] extends { plain: infer W extends string } ? W : never]?: NonNullable<AuthConfigInputs[K]>;
};

/** The plain fields the program sets, as a create body carries them. */
function plainCreateFields(inputs: AuthConfigInputs): PlainWireFields {
  return Object.fromEntries(
    PLAIN_WIRE_FIELDS.flatMap(({ name, wire }) => (inputs[name] === undefined ? [] : [[wire, inputs[name]]])),
  ) as PlainWireFields;
}

/** The plain fields among `changed`, as a PATCH carries them (an omitted one as what its omission means). */
function plainUpdateFields(news: AuthConfigInputs, changed: readonly string[]): PlainWireFields {
  return Object.fromEntries(
    PLAIN_WIRE_FIELDS.filter(({ name }) => changed.includes(name)).map(({ name, wire }) => [wire, news[name] ?? omittedValue(name)]),
  ) as PlainWireFields;
}

function optionalSettings(inputs: AuthConfigInputs) {
  const creationTools = inputs.toolAccessConfig?.toolsForConnectedAccountCreation;
  return {
    // The create body's tool_access_config takes only this list; the other one follows as an update.
    ...(creationTools ? { tool_access_config: { tools_for_connected_account_creation: creationTools } } : {}),
    ...(inputs.sharedCredentials ? { shared_credentials: inputs.sharedCredentials } : {}),
    ...plainCreateFields(inputs),
  };
}

/** What a create cannot carry and must follow with an update (the execution tool list). */
export function planAfterCreate(marked: AuthConfigInputs): UpdatePlan {
  const inputs = withoutMarks(marked);
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

/** The POST's body (plain: it is sent) from checked inputs, marked or not. */
export function toCreateBody(marked: AuthConfigInputs): WireCreateBody {
  const inputs = withoutMarks(marked);
  const toolkit = { slug: inputs.toolkit };
  if (inputs.type === "use_custom_auth") {
    return {
      toolkit,
      auth_config: {
        type: "use_custom_auth",
        authScheme: inputs.authScheme,
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
function credentialPatch(olds: StoredAuthConfig, markedNews: AuthConfigInputs, keys?: readonly string[]): Record<string, CredentialValue> {
  const news = withoutMarks(markedNews);
  const before = normalize(olds).credentials;
  // Aligned by the marks: a value the program wrapped compares with its fingerprint.
  const after = normalize(alignSecrets(markedNews, olds)).credentials;
  const patch: Record<string, CredentialValue> = {};
  for (const key of new Set([...Object.keys(olds.credentials ?? {}), ...Object.keys(news.credentials ?? {})])) {
    if ((keys && !keys.includes(key)) || isDeepStrictEqual(before[key], after[key])) continue;
    const value = news.credentials?.[key];
    patch[key] = value === undefined ? "" : wireCredential(key, value);
  }
  return patch;
}

/** The PATCH for the config's own variant, carrying only what changed (omitted fields stay as they are); both sides marked or not. */
export function planUpdate(markedOlds: StoredAuthConfig, markedNews: AuthConfigInputs, changed: readonly string[]): UpdatePlan {
  const olds = withoutMarks(markedOlds);
  const news = withoutMarks(markedNews);
  const has = (property: string) => changed.includes(property);
  const common = {
    ...plainUpdateFields(news, changed),
    ...(has("toolAccessConfig") ? { tool_access_config: toWireToolAccess(news.toolAccessConfig) } : {}),
    ...(has("sharedCredentials") ? { shared_credentials: news.sharedCredentials ?? {} } : {}),
  };
  const body: WireUpdateBody =
    news.type === "use_custom_auth"
      ? {
          type: "custom",
          ...common,
          ...(has("credentials") ? { credentials: credentialPatch(olds, markedNews) } : {}),
          ...(has("proxyConfig") ? { proxy_config: toWireProxy(news.proxyConfig) } : {}),
        }
      : {
          // The managed ("default") variant takes the scopes at the top level.
          type: "default",
          ...common,
          ...(has("credentials") ? credentialPatch(olds, markedNews, SCOPE_KEYS) : {}),
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
function hiddenValues(
  state: HiddenFieldsState,
  liveUpdatedAt: string | undefined,
): { hidden: HiddenValue; marked: Record<string, string> } {
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

const PROXY_KEY = "proxyConfig.proxyAuthKey";

function observeProxy(
  live: WireProxyConfig | null | undefined,
  prior: ProxyConfig | null | undefined,
  hidden: HiddenValue,
  composioManaged: boolean,
): ProxyConfig | null | undefined {
  if (!live) return prior === undefined ? undefined : null;
  const observed: ProxyConfig = { proxyUrl: live.proxy_url };
  if (prior?.proxyAuthKey === undefined) return observed;
  const key = isHiddenOnRead(PROXY_KEY, composioManaged) ? hidden(prior.proxyAuthKey, PROXY_KEY) : live.proxy_auth_key;
  if (key !== undefined) observed.proxyAuthKey = key as string;
  return observed;
}

function observeSharedCredentials(
  live: Record<string, unknown> | undefined,
  prior: Record<string, unknown> | undefined,
  hidden: HiddenValue,
  composioManaged: boolean,
): Record<string, unknown> | undefined {
  // Not set by the program (or by the code `pulumi import` writes): not managed, like a credential field the program
  // leaves out. Taking the live values instead would make the masked ones ("REDACTED", "abcd...") inputs, and
  // an update would PATCH them back as if they were the secrets.
  if (prior === undefined) return undefined;
  if (live === undefined || Object.keys(live).length === 0) return {};
  // Keys can be seen, so a key added or removed on the server shows; a value reads hide is the last one written.
  return Object.fromEntries(
    Object.entries(live).map(([key, value]) => {
      const path = `sharedCredentials.${key}`;
      return [key, key in prior && isHiddenOnRead(path, composioManaged) ? hidden(prior[key], path) : value];
    }),
  );
}

/** What one read tells the observation of a field. */
interface Read {
  live: WireAuthConfig;
  prior: StoredAuthConfig;
  hidden: HiddenValue;
  server: ReturnType<typeof serverFields>;
}

type SpecialFieldName = { [K in FieldName]: Fields[K]["wire"] extends { special: string } ? K : never }[FieldName];

/**
 * The hand-written observation of each field whose table entry says `special` (fields.ts), by the field's name:
 * a field the table marks special without an entry here does not compile (and fieldCoverage names it).
 */
export const SPECIAL_MAPPINGS = {
  toolkit: ({ live }: Read) => live.toolkit.slug,
  type: ({ live }: Read) => (live.type === "custom" ? "use_custom_auth" : "use_composio_managed_auth"),
  authScheme: ({ server, prior }: Read) => server.authScheme ?? prior.authScheme,
  credentials: ({ live, prior, hidden, server }: Read) =>
    observeCredentials(live.credentials, prior.credentials, hidden, server.isComposioManaged),
  toolAccessConfig: ({ live, prior }: Read) => observeToolAccess(live.tool_access_config, prior.toolAccessConfig),
  proxyConfig: ({ live, prior, hidden, server }: Read) =>
    observeProxy(live.proxy_config, prior.proxyConfig, hidden, server.isComposioManaged),
  sharedCredentials: ({ live, prior, hidden, server }: Read) =>
    observeSharedCredentials(live.shared_credentials, prior.sharedCredentials, hidden, server.isComposioManaged),
  enabled: ({ live }: Read) => live.status === "ENABLED",
} satisfies Record<SpecialFieldName, (read: Read) => unknown>;

const isSpecial = (name: FieldName): name is SpecialFieldName => name in SPECIAL_MAPPINGS;

/**
 * A plain field as read: the server's value, unless the read lacks it, or the program never set it and the
 * server holds what an omission means (then it stays unset, as the program has it).
 */
function observePlain(name: FieldName, wire: string, { live, prior }: Read): unknown {
  const seen = (live as unknown as Record<string, unknown>)[wire];
  const before = prior[name];
  return seen === undefined || (before === undefined && isDeepStrictEqual(seen, omittedValue(name))) ? before : seen;
}

const WIRE_NAMES: Partial<Record<FieldName, string>> = Object.fromEntries(PLAIN_WIRE_FIELDS.map(({ name, wire }) => [name, wire]));

/**
 * What the server holds, in the program's terms: the outputs and the inputs a refresh writes back.
 * `baseline` is the `last_updated_at` recorded after this provider's last write (`"unknown"` when
 * adopting a config made elsewhere): it decides whether hidden fields still hold what was written.
 * `prior` may be marked: the observation is marked where it was (secretMarks.ts `keepMarks`).
 */
export function observe(live: WireAuthConfig, markedPrior: StoredAuthConfig, baseline: string | undefined | "unknown"): AuthConfigOutputs {
  const { value, markedPaths } = unmarkSecrets(markedPrior);
  const prior = value as StoredAuthConfig;
  const { hidden, marked } = hiddenValues(hiddenFieldsState(baseline, live.last_updated_at), live.last_updated_at);
  const read: Read = { live, prior, hidden, server: serverFields(live) };
  // Every field the server holds is observed anew: one it no longer holds is left out, not kept from `prior`.
  const observed = Object.fromEntries(
    OBSERVED_FIELDS.map((name) => [name, isSpecial(name) ? SPECIAL_MAPPINGS[name](read) : observePlain(name, WIRE_NAMES[name]!, read)]),
  );
  const observedKeys = new Set<string>([...OBSERVED_FIELDS, "__changedOnServer"]);
  const kept = Object.fromEntries(Object.entries(prior).filter(([key]) => !observedKeys.has(key)));
  const observation = {
    ...kept,
    ...read.server,
    ...definedOnly({
      ...observed,
      // The marked paths in one place that is never secret, for reports (a marker in a secret field prints as [secret]).
      __changedOnServer: Object.keys(marked).length > 0 ? marked : undefined,
    }),
  } as AuthConfigOutputs;
  return keepMarks(observation, markedPaths);
}

/** `fields` without the undefined ones: an output either holds a field or leaves it out. */
function definedOnly(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

const SERVER_ONLY = new Set<string>([...SERVER_FIELDS, "__schemeFromProgram"]);

/** Fields only the server sets, taken from a fresh read so outputs show the server's view (and its scheme). */
export function serverFields(live: WireAuthConfig): ServerOutputs & Pick<StoredAuthConfig, "authScheme"> {
  const read = SERVER_FIELDS.flatMap((name) => {
    const value = SERVER_OUTPUTS[name].read(live);
    return value === undefined ? [] : [[name, value]];
  });
  return { ...(Object.fromEntries(read) as ServerOutputs), ...(live.auth_scheme ? { authScheme: live.auth_scheme } : {}) };
}

/** The input half of an observation: outputs minus the fields only the server sets (ServerOwned's keys). */
export function inputsOf(outputs: AuthConfigOutputs): StoredAuthConfig {
  return Object.fromEntries(Object.entries(outputs).filter(([key]) => !SERVER_ONLY.has(key))) as StoredAuthConfig;
}

/**
 * What an import that knows nothing but the id takes as the program's credentials: the fields reads show in clear
 * on a customer-owned config (`client_id`, `consumer_key`), so the code `pulumi import` writes has them. Hidden
 * fields stay out (their reads are masks, not values); none for a managed config, whose fields are all hidden.
 */
export function importedCredentials(live: WireAuthConfig): Pick<StoredAuthConfig, "credentials"> {
  if (live.is_composio_managed) return {};
  const shown = Object.entries(live.credentials ?? {}).filter(
    ([key, value]) => !isHiddenCredential(key, false) && typeof value === "string" && value !== "",
  );
  return shown.length > 0 ? { credentials: Object.fromEntries(shown) as StoredAuthConfig["credentials"] } : {};
}

/** The server-set half of previous outputs (and the server's scheme), to carry over an update that sent nothing. */
export function serverPartOf(outputs: AuthConfigOutputs): Partial<AuthConfigOutputs> {
  return Object.fromEntries(
    Object.entries(outputs).filter(([key, value]) => (SERVER_ONLY.has(key) || key === "authScheme") && value !== undefined),
  );
}
