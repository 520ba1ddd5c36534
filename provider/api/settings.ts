/**
 * Provider settings: the API key and base URL, from stack config (`composio:apiKey`, a secret, and
 * `composio:baseUrl`) or the environment (`COMPOSIO_API_KEY`, `COMPOSIO_BASE_URL`), and the request
 * timeout from the environment (`COMPOSIO_REQUEST_TIMEOUT_MS`). Pure.
 */

const DEFAULT_BASE_URL = "https://backend.composio.dev";

export interface ProviderSettings {
  apiKey: string;
  baseUrl: string;
  /** Timeout of each API request; unset means the client's default (30 s). */
  requestTimeoutMs?: number;
}

export class ProviderSettingsError extends Error {
  override name = "ProviderSettingsError";
  /** The setting to fix, e.g. "composio:baseUrl". */
  constructor(
    message: string,
    readonly setting: string,
  ) {
    super(message);
  }
}

export const MISSING_KEY_MESSAGE =
  "No Composio API key is set. Set it in the stack with `pulumi config set --secret composio:apiKey <key>`, " +
  "or export COMPOSIO_API_KEY in the environment that runs Pulumi.";

/**
 * A preview without a key still runs (offline: the schema's checks), but never silently: a pull request's green
 * preview would hide an `up` that fails.
 */
export const MISSING_KEY_PREVIEW_WARNING =
  "No Composio API key: neither `composio:apiKey` (stack config) nor COMPOSIO_API_KEY (environment) is set, so the auth " +
  "configs were checked offline only (not against their toolkits), and `pulumi up` will fail on every change that reaches " +
  "Composio. Set it with `pulumi config set --secret composio:apiKey <key>`, or export COMPOSIO_API_KEY.";

/** Plain http is only for a local emulator or proxy: anything that leaves the machine must use TLS. */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The server's root. The client adds `/api/v3.1/...` itself, so a URL copied with the API's path
 * (`https://backend.composio.dev/api/v3.1`, as Composio's docs print endpoints) would ask for
 * `/api/v3.1/api/v3.1/...` and get 404s that look like unknown toolkits. The current paths (`/api`,
 * `/api/v3`, `/api/v3.1`, any case, trailing slashes) are dropped; other versions are refused, since
 * Composio no longer serves them (410) and dropping them would change which API the user meant.
 */
function withoutApiPath(value: string, url: URL): string {
  const trimmed = value.replace(/\/+$/, "");
  const version = /\/api\/(v[^/]*)$/i.exec(url.pathname.replace(/\/+$/, ""));
  if (version && !/^v3(\.1)?$/i.test(version[1])) {
    throw new ProviderSettingsError(
      `composio:baseUrl ends in the API path /api/${version[1]}; set the server's root instead, e.g. ${DEFAULT_BASE_URL} ` +
        `(the provider adds /api/v3.1 itself, and Composio no longer serves other versions).`,
      "composio:baseUrl",
    );
  }
  const root = url.pathname.replace(/\/+$/, "").replace(/\/api(\/v3(\.1)?)?$/i, "");
  if (root === url.pathname.replace(/\/+$/, "")) return trimmed;
  url.pathname = root;
  return url.toString().replace(/\/+$/, "");
}

export function validateBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ProviderSettingsError(
      `composio:baseUrl ${JSON.stringify(value)} is not a URL; set it to e.g. ${DEFAULT_BASE_URL} (or unset it to use that default).`,
      "composio:baseUrl",
    );
  }
  if (url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname))) {
    return withoutApiPath(value, url);
  }
  throw new ProviderSettingsError(
    // The value as written: `url.origin` is "null" for a scheme URL does not know (`htps://...`).
    `composio:baseUrl ${value} must use https:// (plain http:// is allowed only for 127.0.0.0/8, localhost and ::1, e.g. a local emulator).`,
    "composio:baseUrl",
  );
}

/** A positive whole number of milliseconds, at most 10 minutes. */
export function parseRequestTimeout(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 1 || ms > 600_000) {
    throw new ProviderSettingsError(
      `COMPOSIO_REQUEST_TIMEOUT_MS ${JSON.stringify(value)} must be a whole number of milliseconds from 1 to 600000 (e.g. 30000), or unset for the default.`,
      "COMPOSIO_REQUEST_TIMEOUT_MS",
    );
  }
  return ms;
}

type Lookup = (key: string) => string | undefined;

export function resolveSettings(config: Lookup, env: NodeJS.ProcessEnv): ProviderSettings {
  const apiKey = (config("composio:apiKey") ?? env.COMPOSIO_API_KEY ?? "").trim();
  if (apiKey === "") throw new ProviderSettingsError(MISSING_KEY_MESSAGE, "composio:apiKey");
  const baseUrl = validateBaseUrl(config("composio:baseUrl") ?? env.COMPOSIO_BASE_URL ?? DEFAULT_BASE_URL);
  const requestTimeoutMs = parseRequestTimeout(env.COMPOSIO_REQUEST_TIMEOUT_MS);
  return { apiKey, baseUrl, ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }) };
}
