/**
 * The comparable form of an auth config: what two configurations must agree on to be "the same", for every
 * property the diff compares (fields.ts COMPARED_PROPERTIES). Scopes given as "a, b" or ["b","a"] compare
 * equal; defaults the API applies compare equal to omissions (the table's `default` / `absentMeans`). Pure, so
 * it can be property-tested (normalising twice changes nothing).
 */
import { COMPARED_PROPERTIES, omittedValue, type FieldName } from "./fields";
import { SCOPE_KEYS, type StoredAuthConfig, type CredentialValue, type ProxyConfig, type ToolAccessConfig } from "./schema";

/** "repo, user" and ["user","repo"] are the same grant: a sorted, de-duplicated list of trimmed scopes. */
export function normalizeScopes(value: CredentialValue): string[] {
  const parts = Array.isArray(value) ? value : String(value).split(",");
  return [...new Set(parts.map((scope) => scope.trim()).filter((scope) => scope !== ""))].sort();
}

function normalizeToolList(list: string[] | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  // A list the program wrapped as a secret is stored as its fingerprint, a string made in these terms.
  if (!Array.isArray(list)) return list;
  const tools = [...new Set(list.map((tool) => tool.trim()).filter((tool) => tool !== ""))].sort();
  return tools.length === 0 ? undefined : tools;
}

/**
 * One value in the diff's terms, by its property path: what a fingerprint is made from, so two
 * spellings that normalize alike get the same fingerprint.
 */
export function comparableAt(path: string, value: unknown): unknown {
  const key = path.startsWith("credentials.") ? path.slice("credentials.".length) : undefined;
  if (key !== undefined && (SCOPE_KEYS as readonly string[]).includes(key)) return normalizeScopes(value as CredentialValue);
  if (path.startsWith("toolAccessConfig.")) return normalizeToolList(value as string[]) ?? [];
  return typeof value === "string" && path !== "proxyConfig.proxyAuthKey" && !path.startsWith("sharedCredentials.") ? value.trim() : value;
}

function normalizeCredentials(credentials: Record<string, CredentialValue> | undefined): Record<string, CredentialValue> {
  const result: Record<string, CredentialValue> = {};
  for (const key of Object.keys(credentials ?? {}).sort()) {
    const value = credentials![key];
    if ((SCOPE_KEYS as readonly string[]).includes(key)) {
      const scopes = normalizeScopes(value);
      // No scopes at all is what the API stores when none are given.
      if (scopes.length > 0) result[key] = scopes;
    } else {
      result[key] = typeof value === "string" ? value.trim() : value;
    }
  }
  return result;
}

function normalizeToolAccess(config: ToolAccessConfig | undefined): ToolAccessConfig {
  const result: ToolAccessConfig = {};
  const creation = normalizeToolList(config?.toolsForConnectedAccountCreation);
  const execution = normalizeToolList(config?.toolsAvailableForExecution);
  if (creation) result.toolsForConnectedAccountCreation = creation;
  if (execution) result.toolsAvailableForExecution = execution;
  return result;
}

function normalizeProxy(config: ProxyConfig | null | undefined): ProxyConfig | null {
  if (!config) return null;
  const proxy: ProxyConfig = { proxyUrl: config.proxyUrl.trim() };
  if (config.proxyAuthKey !== undefined) proxy.proxyAuthKey = config.proxyAuthKey;
  return proxy;
}

function sortKeys(record: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The fields whose comparable form is not their value (or, omitted, what the omission means): how to make it. */
const NORMALIZERS = {
  toolkit: (toolkit: string) => toolkit.trim().toLowerCase(),
  name: (name: string) => name.trim(),
  credentials: normalizeCredentials,
  toolAccessConfig: normalizeToolAccess,
  proxyConfig: normalizeProxy,
  sharedCredentials: sortKeys,
} satisfies { [K in FieldName]?: (value: StoredAuthConfig[K]) => unknown };

type Normalized = { [K in keyof typeof NORMALIZERS]: ReturnType<(typeof NORMALIZERS)[K]> };
/** Each compared property in the diff's terms; a plain field omitted with no default is left out. */
export type ComparableAuthConfig = Normalized & { [K in Exclude<(typeof COMPARED_PROPERTIES)[number], keyof Normalized>]?: unknown };

export function normalize(config: StoredAuthConfig): ComparableAuthConfig {
  const comparable: Record<string, unknown> = {};
  for (const property of COMPARED_PROPERTIES) {
    const value: unknown = config[property];
    if (property in NORMALIZERS) comparable[property] = (NORMALIZERS[property as keyof Normalized] as (value: unknown) => unknown)(value);
    else if ((value ?? omittedValue(property)) !== undefined) comparable[property] = value ?? omittedValue(property);
  }
  return comparable as ComparableAuthConfig;
}
