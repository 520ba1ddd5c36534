/**
 * The toolkit catalog, as data. Auth-config validation (schemes offered, managed schemes, required
 * creation fields, which fields are secret) reads only this, so adding a toolkit needs no code.
 * The entries mirror what the facts file says of each toolkit; details it does not give (logos,
 * descriptions, tool counts, scope lists, connection fields) are plausible stand-ins.
 */
import type { AuthConfigDetail, AuthScheme, Field, FieldGroup, ManagedAuth, Toolkit } from "./types";

const LOGO_BASE = "https://logos.composio.dev/api";
const GUIDE_BASE = "https://docs.composio.dev/toolkits";

function field(name: string, displayName: string, description: string, extra: Partial<Field> = {}): Field {
  return { name, displayName, type: "string", description, required: false, ...extra };
}
const required = (f: Field): Field => ({ ...f, required: true });
const secret = (f: Field): Field => ({ ...f, is_secret: true });

const CLIENT_ID = required(field("client_id", "Client ID", "Client ID of your OAuth app"));
const CLIENT_SECRET = secret(required(field("client_secret", "Client Secret", "Client secret of your OAuth app")));
const REDIRECT_URI = field("oauth_redirect_uri", "Redirect URI", "Redirect URI registered with your OAuth app", {
  default: "https://backend.composio.dev/api/v3.1/toolkits/auth/callback",
});
const SCOPES = field("scopes", "Scopes", "Comma-separated OAuth scopes to request");
const USER_SCOPES = field("user_scopes", "User Scopes", "Comma-separated OAuth user-token scopes to request");
const API_KEY = secret(required(field("generic_api_key", "API Key", "The API key of the account being connected")));

const EMPTY: FieldGroup = { required: [], optional: [] };

/** Custom OAuth2: client_id and client_secret required, redirect URI and scopes optional. */
function oauth2(toolkitName: string, opts: { userScopes?: boolean; hintUrl?: string } = {}): AuthConfigDetail {
  return {
    mode: "OAUTH2",
    name: `${toolkitName} OAuth2`,
    auth_hint_url: opts.hintUrl ?? null,
    fields: {
      auth_config_creation: {
        required: [CLIENT_ID, CLIENT_SECRET],
        optional: opts.userScopes ? [REDIRECT_URI, SCOPES, USER_SCOPES] : [REDIRECT_URI, SCOPES],
      },
      connected_account_initiation: EMPTY,
    },
  };
}

/** API key given per connected account: nothing to supply when creating the auth config. */
function apiKey(toolkitName: string, opts: { extraConnectionFields?: Field[]; hintUrl?: string } = {}): AuthConfigDetail {
  return {
    mode: "API_KEY",
    name: `${toolkitName} API Key`,
    auth_hint_url: opts.hintUrl ?? null,
    fields: {
      auth_config_creation: EMPTY,
      connected_account_initiation: { required: [API_KEY], optional: opts.extraConnectionFields ?? [] },
    },
  };
}

function managed(mode: AuthScheme, scopes: string[], userScopes?: string[]): ManagedAuth {
  const entry: ManagedAuth = { mode, scopes: { available: scopes } };
  if (userScopes) entry.user_scopes = { available: userScopes };
  return entry;
}

interface ToolkitSeed {
  slug: string;
  name: string;
  description: string;
  app_url: string;
  category: [slug: string, name: string];
  tools_count: number;
  triggers_count: number;
  managed: ManagedAuth[];
  details: AuthConfigDetail[];
}

function toolkit(seed: ToolkitSeed): Toolkit {
  return {
    slug: seed.slug,
    name: seed.name,
    description: seed.description,
    logo: `${LOGO_BASE}/${seed.slug}`,
    app_url: seed.app_url,
    categories: [{ slug: seed.category[0], name: seed.category[1] }],
    tools_count: seed.tools_count,
    triggers_count: seed.triggers_count,
    auth_guide_url: `${GUIDE_BASE}/${seed.slug}`,
    composio_managed_auth_schemes: seed.managed.map((m) => m.mode),
    composio_managed_auth: seed.managed,
    auth_config_details: seed.details,
  };
}

/** Catalog order is the "usage" order of `GET /toolkits`. */
export const CATALOG: readonly Toolkit[] = [
  toolkit({
    slug: "github",
    name: "GitHub",
    description: "Code hosting: repositories, issues, pull requests and actions.",
    app_url: "https://github.com",
    category: ["developer-tools", "Developer Tools"],
    tools_count: 820,
    triggers_count: 12,
    managed: [managed("OAUTH2", ["repo", "user", "read:org", "workflow", "gist", "notifications"])],
    details: [
      oauth2("GitHub", { hintUrl: "https://github.com/settings/developers" }),
      apiKey("GitHub", { hintUrl: "https://github.com/settings/tokens" }),
    ],
  }),
  toolkit({
    slug: "notion",
    name: "Notion",
    description: "Notes, docs and databases in one workspace.",
    app_url: "https://www.notion.so",
    category: ["productivity", "Productivity"],
    tools_count: 45,
    triggers_count: 4,
    managed: [managed("OAUTH2", [])],
    details: [oauth2("Notion", { hintUrl: "https://www.notion.so/my-integrations" })],
  }),
  toolkit({
    slug: "hubspot",
    name: "HubSpot",
    description: "CRM, marketing, sales and service hub.",
    app_url: "https://www.hubspot.com",
    category: ["crm", "CRM"],
    tools_count: 230,
    triggers_count: 6,
    managed: [
      managed("OAUTH2", [
        "crm.objects.contacts.read",
        "crm.objects.contacts.write",
        "crm.objects.companies.read",
        "crm.objects.deals.read",
        "sales-email-read",
        "tickets",
        "oauth",
      ]),
    ],
    details: [oauth2("HubSpot", { hintUrl: "https://developers.hubspot.com/docs/api/creating-an-app" })],
  }),
  toolkit({
    slug: "perplexityai",
    name: "Perplexity AI",
    description: "AI-powered answer engine with cited web search.",
    app_url: "https://www.perplexity.ai",
    category: ["ai", "Artificial Intelligence"],
    tools_count: 1,
    triggers_count: 0,
    managed: [],
    details: [apiKey("Perplexity AI", { hintUrl: "https://www.perplexity.ai/settings/api" })],
  }),
  toolkit({
    slug: "gmail",
    name: "Gmail",
    description: "Google's email service: send, read and organise mail.",
    app_url: "https://mail.google.com",
    category: ["communication", "Communication"],
    tools_count: 60,
    triggers_count: 1,
    managed: [
      managed("OAUTH2", [
        "https://www.googleapis.com/auth/gmail.modify",
        "https://www.googleapis.com/auth/gmail.readonly",
        "https://www.googleapis.com/auth/gmail.send",
        "https://www.googleapis.com/auth/userinfo.email",
      ]),
    ],
    details: [oauth2("Gmail", { hintUrl: "https://console.cloud.google.com/apis/credentials" })],
  }),
  toolkit({
    slug: "slack",
    name: "Slack",
    description: "Team messaging: channels, messages, reactions and files.",
    app_url: "https://slack.com",
    category: ["communication", "Communication"],
    tools_count: 150,
    triggers_count: 9,
    managed: [
      managed(
        "OAUTH2",
        ["channels:read", "channels:history", "chat:write", "users:read", "reactions:write"],
        ["search:read", "users.profile:read", "chat:write"],
      ),
    ],
    details: [oauth2("Slack", { userScopes: true, hintUrl: "https://api.slack.com/apps" })],
  }),
  toolkit({
    slug: "linear",
    name: "Linear",
    description: "Issue tracking and project planning for software teams.",
    app_url: "https://linear.app",
    category: ["productivity", "Productivity"],
    tools_count: 40,
    triggers_count: 3,
    managed: [managed("OAUTH2", ["read", "write", "issues:create", "comments:create"])],
    details: [
      oauth2("Linear", { hintUrl: "https://linear.app/settings/api/applications/new" }),
      apiKey("Linear", { hintUrl: "https://linear.app/settings/account/security" }),
    ],
  }),
  toolkit({
    slug: "posthog",
    name: "PostHog",
    description: "Product analytics, feature flags and session replay.",
    app_url: "https://posthog.com",
    category: ["analytics", "Analytics"],
    tools_count: 200,
    triggers_count: 0,
    managed: [],
    details: [
      apiKey("PostHog", {
        hintUrl: "https://us.posthog.com/settings/user-api-keys",
        extraConnectionFields: [
          field("base_url", "Base URL", "PostHog instance URL", { default: "https://us.posthog.com" }),
        ],
      }),
    ],
  }),
];

const BY_SLUG = new Map(CATALOG.map((t) => [t.slug, t]));

/** Slugs are matched case-insensitively, as the API treats `GitHub` and `github` alike (assumption). */
export function findToolkit(slug: string): Toolkit | undefined {
  return BY_SLUG.get(slug.toLowerCase());
}

export function findAuthDetail(toolkit: Toolkit, scheme: string): AuthConfigDetail | undefined {
  return toolkit.auth_config_details.find((d) => d.mode === scheme);
}

/** All creation fields (required first) of a toolkit's scheme; empty for an unknown scheme. */
export function creationFields(toolkit: Toolkit, scheme: string): Field[] {
  const detail = findAuthDetail(toolkit, scheme);
  if (!detail) return [];
  const { required: req, optional } = detail.fields.auth_config_creation;
  return [...req, ...optional];
}
