/**
 * Secret masking for responses. The real API says secrets "may be partially hidden"; the exact format
 * is the emulator's (see README): longer than 12 characters → first 4 + "********", else "********".
 * Short values are fully hidden because 4 revealed characters of a short secret reveal too much.
 */
import { creationFields } from "./catalog";
import type { ProxyConfig, StoredAuthConfig, Toolkit } from "./types";

export const MASK = "********";
const REVEAL_THRESHOLD = 12;
const REVEALED_CHARS = 4;

export function maskValue(value: unknown): string {
  // Non-string secrets (numbers, objects in shared_credentials) are stringified so their length
  // counts the same way; their content is never revealed beyond the prefix rule.
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? "";
  return text.length > REVEAL_THRESHOLD ? text.slice(0, REVEALED_CHARS) + MASK : MASK;
}

/** Names of credential fields the toolkit marks `is_secret` for the given scheme. */
export function secretCredentialNames(toolkit: Toolkit, scheme: string): Set<string> {
  return new Set(
    creationFields(toolkit, scheme)
      .filter((f) => f.is_secret)
      .map((f) => f.name),
  );
}

export function maskCredentials(config: StoredAuthConfig, toolkit: Toolkit): Record<string, unknown> {
  const secrets = secretCredentialNames(toolkit, config.auth_scheme);
  return Object.fromEntries(
    Object.entries(config.credentials).map(([key, value]) => [key, secrets.has(key) ? maskValue(value) : value]),
  );
}

export function maskProxyConfig(proxy: ProxyConfig | null): ProxyConfig | null {
  if (proxy === null) return null;
  const out: ProxyConfig = { proxy_url: proxy.proxy_url };
  if (proxy.proxy_auth_key !== undefined) out.proxy_auth_key = maskValue(proxy.proxy_auth_key);
  return out;
}

/** Every shared-credential value is treated as secret: the API documents them as redacted. */
export function maskSharedCredentials(shared: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(shared).map(([key, value]) => [key, maskValue(value)]));
}
