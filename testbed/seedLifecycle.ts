/**
 * The seed's four auth configs as the language e2e suites check them (tests/e2e/yamlProgram.test.ts and
 * goProgram.test.ts run the same lifecycle, each in its own language): what the server must hold after the
 * program's `up`, the edits a person makes in the dashboard, and the config made there that the suites import.
 * Everything goes through the emulator's public API (as the dashboard does) or its control API; nothing here
 * asserts, the suites do.
 */
import type { TestComposio } from "./emulatorApi";
import type { ConfigInput } from "./harness";

/** The resource names of the seed's programs (README "Quick start"), each of them in every language. */
const SEED_RESOURCES = ["github", "notion", "hubspot", "perplexity"] as const;
export type SeedIds = Record<(typeof SEED_RESOURCES)[number], string>;

/**
 * The sentinel secrets of one suite's lifecycle (`label` keeps each suite's apart): the API key, Notion's client
 * secret, the one the dashboard rotates it to, and the hidden values of the config made in the dashboard. None may
 * ever appear in state, code or output.
 */
export function seedSecrets(label: string) {
  const sentinel = (what: string) => `SENTINEL-${what}-${label}-${Math.random().toString(16).slice(2, 8)}`;
  const hidden = { clientSecret: sentinel("slack-secret"), proxyKey: sentinel("proxy-key"), shared: sentinel("shared") };
  const secrets = {
    apiKey: sentinel("api-key"),
    notionClientSecret: sentinel("client-secret"),
    rotated: sentinel("rotated-in-dashboard"),
    hidden,
  };
  return { ...secrets, all: [secrets.apiKey, secrets.notionClientSecret, secrets.rotated, ...Object.values(hidden)] };
}

const NOTION_CLIENT_ID = "notion-client-id";
const NOTION_REDIRECT_URI = "https://backend.composio.dev/api/v3.1/toolkits/auth/callback";

/** The stack config every seed program reads: the provider's settings and Notion's OAuth app. */
export function seedConfig(composio: TestComposio, notionClientSecret: string): ConfigInput {
  return {
    "composio:apiKey": { value: composio.apiKey, secret: true },
    "composio:baseUrl": composio.emulator.url,
    notionClientId: NOTION_CLIENT_ID,
    notionClientSecret: { value: notionClientSecret, secret: true },
  };
}

/** What `seedOnServer` returns when the server holds what the seed programs declare. */
export function seedAsDeclared(notionClientSecret: string) {
  return {
    github: { toolkit: "github", type: "default", name: "GitHub" },
    notion: {
      toolkit: "notion",
      type: "custom",
      scheme: "OAUTH2",
      name: "Notion Auth",
      credentials: { client_id: NOTION_CLIENT_ID, client_secret: notionClientSecret, oauth_redirect_uri: NOTION_REDIRECT_URI },
    },
    hubspot: { toolkit: "hubspot", type: "default", scopes: "sales-email-read,tickets" },
    perplexity: { toolkit: "perplexityai", type: "custom", scheme: "API_KEY", credentials: {} },
  };
}

/** API writes since the last clearStats, by route ("PATCH /auth_configs/{id}": 2, "PATCH /mcp/{id}": 1); reads left out. */
export async function writesByRoute(composio: TestComposio): Promise<Record<string, number>> {
  const { byRoute } = await composio.control.stats();
  return Object.fromEntries(Object.entries(byRoute).filter(([route]) => !route.startsWith("GET")));
}

/** What the server holds for the seed's configs, secrets in clear (the control API reads behind the masks). */
export async function seedOnServer(composio: TestComposio, ids: SeedIds) {
  const stored = async (id: string) => composio.control.storedAuthConfig(id);
  const [github, notion, hubspot, perplexity] = await Promise.all(SEED_RESOURCES.map((name) => stored(ids[name])));
  return {
    github: { toolkit: github.toolkit_slug, type: github.type, name: github.name },
    notion: {
      toolkit: notion.toolkit_slug,
      type: notion.type,
      scheme: notion.auth_scheme,
      name: notion.name,
      credentials: notion.credentials,
    },
    hubspot: { toolkit: hubspot.toolkit_slug, type: hubspot.type, scopes: hubspot.credentials.scopes },
    perplexity: {
      toolkit: perplexity.toolkit_slug,
      type: perplexity.type,
      scheme: perplexity.auth_scheme,
      credentials: perplexity.credentials,
    },
  };
}

/**
 * Drift made in the dashboard: GitHub renamed (a field reads show) and Notion's client secret rotated (one they
 * hide: only `last_updated_at` moving tells). A refresh sees both; an `up` puts both back with one PATCH each.
 */
export async function driftInDashboard(composio: TestComposio, ids: SeedIds, rotatedSecret: string): Promise<void> {
  for (const [id, body] of [
    [ids.github, { type: "default", name: "GitHub (renamed in the dashboard)" }],
    [ids.notion, { type: "custom", credentials: { client_secret: rotatedSecret } }],
  ] as const) {
    const r = await composio.api("PATCH", `/auth_configs/${id}`, body);
    if (r.status !== 200) throw new Error(`the dashboard's PATCH of ${id} failed: ${r.status} ${JSON.stringify(r.json)}`);
  }
}

/**
 * A Slack config made in the dashboard with everything reads hide: a client secret, a proxy key and a shared
 * credential. The suites import it: the code written and the state must hold none of the masked values reads
 * return, and no later `up` may send them back.
 */
export async function hiddenValuesConfigInDashboard(
  composio: TestComposio,
  secrets: { clientSecret: string; proxyKey: string; shared: string },
): Promise<string> {
  const r = await composio.api("POST", "/auth_configs", {
    toolkit: { slug: "slack" },
    auth_config: {
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      name: "Slack (dashboard)",
      credentials: { client_id: "slack-client-id", client_secret: secrets.clientSecret },
      proxy_config: { proxy_url: "https://proxy.example.com", proxy_auth_key: secrets.proxyKey },
      shared_credentials: { bot_token: secrets.shared },
    },
  });
  if (r.status !== 201) throw new Error(`the dashboard's create failed: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.auth_config.id as string;
}

/** The hidden values as the server holds them: after an import and an `up`, exactly what the dashboard set. */
export async function hiddenValuesOnServer(composio: TestComposio, id: string) {
  const stored = await composio.control.storedAuthConfig(id);
  return {
    clientSecret: stored.credentials.client_secret,
    proxyKey: stored.proxy_config?.proxy_auth_key,
    shared: stored.shared_credentials,
  };
}

/** What every mask format makes of a value, and the formats' fixed masks: none may appear in imported code or state. */
export function maskedForms(...values: string[]): string[] {
  return ["REDACTED", "********", ...values.map((value) => value.slice(0, 4) + "...")];
}
