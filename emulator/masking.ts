/**
 * Credential masking on reads, per Composio's 2026-04-22 redaction policy:
 * - Composio-managed configs (`is_composio_managed: true`): every credential field is masked.
 * - Custom configs: every credential field except `client_id` and `consumer_key` is masked, the
 *   "credential fields" that are not secrets included (`scopes`, `user_scopes`, `oauth_redirect_uri`,
 *   `subdomain`, ...).
 * - `proxy_config.proxy_auth_key` and every `shared_credentials` value are masked (keys stay visible).
 *
 * The format for auth configs is undocumented, so it is selectable (README "Masking"):
 * - `prefix4` (default): the first 4 characters + "..." ("read,write" → "read..."); a value of 4
 *   characters or fewer shows nothing: "..." (revealing all of it would not be masking).
 * - `redacted`: the literal "REDACTED".
 * - `stars`: "********".
 * A masked value is always a string: a scope list is joined with "," first, any other non-string
 * value is JSON-encoded first, so ["read","write"] masks exactly like "read,write".
 */
import type { ProxyConfig, StoredAuthConfig } from "./types";

export const MASK_FORMATS = ["prefix4", "redacted", "stars"] as const;
export type MaskFormat = (typeof MASK_FORMATS)[number];
export const DEFAULT_MASK_FORMAT: MaskFormat = "prefix4";

export const REDACTED = "REDACTED";
export const STARS = "********";
const PREFIX_CHARS = 4;
const ELLIPSIS = "...";

/** Credential keys a custom config shows in clear; a managed config shows none. */
const CLEAR_CUSTOM_CREDENTIALS: readonly string[] = ["client_id", "consumer_key"];

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join(",");
  return JSON.stringify(value) ?? "";
}

export function maskValue(value: unknown, format: MaskFormat = DEFAULT_MASK_FORMAT): string {
  switch (format) {
    case "redacted":
      return REDACTED;
    case "stars":
      return STARS;
    case "prefix4": {
      const text = asText(value);
      return text.length > PREFIX_CHARS ? text.slice(0, PREFIX_CHARS) + ELLIPSIS : ELLIPSIS;
    }
  }
}

export function maskCredentials(
  config: Pick<StoredAuthConfig, "credentials" | "is_composio_managed">,
  format: MaskFormat,
): Record<string, unknown> {
  const clear = config.is_composio_managed ? [] : CLEAR_CUSTOM_CREDENTIALS;
  return Object.fromEntries(
    Object.entries(config.credentials).map(([key, value]) => [key, clear.includes(key) ? value : maskValue(value, format)]),
  );
}

export function maskProxyConfig(proxy: ProxyConfig | null, format: MaskFormat): ProxyConfig | null {
  if (proxy === null) return null;
  const out: ProxyConfig = { proxy_url: proxy.proxy_url };
  if (proxy.proxy_auth_key !== undefined) out.proxy_auth_key = maskValue(proxy.proxy_auth_key, format);
  return out;
}

/** Every shared-credential value is treated as secret: the API documents them as redacted. */
export function maskSharedCredentials(shared: Record<string, unknown>, format: MaskFormat): Record<string, string> {
  return Object.fromEntries(Object.entries(shared).map(([key, value]) => [key, maskValue(value, format)]));
}
