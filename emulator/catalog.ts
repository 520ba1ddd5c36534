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
const BEARER = secret(required(field("token", "Bearer Token", "The bearer token of the account being connected")));

const EMPTY: FieldGroup = { required: [], optional: [] };

const SUBDOMAIN = required(field("subdomain", "Subdomain", "Your account's subdomain, e.g. acme for acme.zendesk.com"));
const BASIC_USERNAME = required(field("username", "Username", "The username (or email) of the account being connected"));
const BASIC_PASSWORD = secret(required(field("password", "Password", "The password of the account being connected")));
const CONSUMER_KEY = required(field("consumer_key", "Consumer Key", "Consumer key of your OAuth1 app"));
const CONSUMER_SECRET = secret(required(field("consumer_secret", "Consumer Secret", "Consumer secret of your OAuth1 app")));

/**
 * Custom OAuth2: client_id and client_secret required (plus any toolkit-specific required fields,
 * e.g. Zendesk's subdomain), redirect URI and scopes optional.
 */
function oauth2(toolkitName: string, opts: { userScopes?: boolean; hintUrl?: string; extraRequired?: Field[] } = {}): AuthConfigDetail {
  return {
    mode: "OAUTH2",
    name: `${toolkitName} OAuth2`,
    auth_hint_url: opts.hintUrl ?? null,
    fields: {
      auth_config_creation: {
        required: [CLIENT_ID, CLIENT_SECRET, ...(opts.extraRequired ?? [])],
        optional: opts.userScopes ? [REDIRECT_URI, SCOPES, USER_SCOPES] : [REDIRECT_URI, SCOPES],
      },
      connected_account_initiation: EMPTY,
    },
  };
}

/** Custom OAuth1: consumer key and secret required, redirect URI optional (no scopes in OAuth1). */
function oauth1(toolkitName: string, hintUrl: string): AuthConfigDetail {
  return {
    mode: "OAUTH1",
    name: `${toolkitName} OAuth1`,
    auth_hint_url: hintUrl,
    fields: {
      auth_config_creation: { required: [CONSUMER_KEY, CONSUMER_SECRET], optional: [REDIRECT_URI] },
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

/** BASIC: each connected account brings a username and password (Zendesk: an agent's email and password). */
function basic(toolkitName: string): AuthConfigDetail {
  return {
    mode: "BASIC",
    name: `${toolkitName} Basic Auth`,
    auth_hint_url: null,
    fields: {
      auth_config_creation: { required: [SUBDOMAIN], optional: [] },
      connected_account_initiation: { required: [BASIC_USERNAME, BASIC_PASSWORD], optional: [] },
    },
  };
}

/**
 * BEARER_TOKEN (2026-04-07): every OAuth2 toolkit also takes a custom config whose connected
 * accounts bring their own token. Nothing to supply when creating the auth config.
 */
function bearerToken(toolkitName: string): AuthConfigDetail {
  return {
    mode: "BEARER_TOKEN",
    name: `${toolkitName} Bearer Token`,
    auth_hint_url: null,
    fields: { auth_config_creation: EMPTY, connected_account_initiation: { required: [BEARER], optional: [] } },
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
  /** Tool slug → the OAuth scopes it needs (empty for toolkits without OAuth). */
  tools: Record<string, string[]>;
}

function toolkit(seed: ToolkitSeed): Toolkit {
  const details = seed.details.some((d) => d.mode === "OAUTH2") ? [...seed.details, bearerToken(seed.name)] : seed.details;
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
    auth_config_details: details,
    tool_scopes: seed.tools,
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
    tools: {
      GITHUB_CREATE_AN_ISSUE: ["repo"],
      GITHUB_LIST_REPOSITORY_ISSUES: ["repo"],
      GITHUB_GET_THE_AUTHENTICATED_USER: ["user"],
      GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER: ["repo", "user"],
      GITHUB_CREATE_A_WORKFLOW_DISPATCH_EVENT: ["workflow"],
    },
  }),
  toolkit({
    slug: "notion",
    name: "Notion",
    description: "Notes, docs and databases in one workspace.",
    app_url: "https://www.notion.so",
    category: ["productivity", "Productivity"],
    tools_count: 45,
    triggers_count: 4,
    managed: [managed("OAUTH2", ["read_content", "update_content", "insert_content"])],
    details: [oauth2("Notion", { hintUrl: "https://www.notion.so/my-integrations" })],
    tools: {
      NOTION_SEARCH: ["read_content"],
      NOTION_FETCH_DATA: ["read_content"],
      NOTION_CREATE_PAGE: ["read_content", "insert_content"],
      NOTION_UPDATE_PAGE: ["read_content", "update_content"],
    },
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
    tools: {
      HUBSPOT_LIST_CONTACTS: ["crm.objects.contacts.read"],
      HUBSPOT_CREATE_CONTACT: ["crm.objects.contacts.write"],
      HUBSPOT_LIST_COMPANIES: ["crm.objects.companies.read"],
      HUBSPOT_LIST_TICKETS: ["tickets"],
    },
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
    tools: { PERPLEXITYAI_PERPLEXITY_AI_SEARCH: [] },
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
    tools: {
      GMAIL_SEND_EMAIL: ["https://www.googleapis.com/auth/gmail.send"],
      GMAIL_FETCH_EMAILS: ["https://www.googleapis.com/auth/gmail.readonly"],
      GMAIL_ADD_LABEL_TO_EMAIL: ["https://www.googleapis.com/auth/gmail.modify"],
    },
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
    tools: {
      SLACK_SEND_MESSAGE: ["chat:write"],
      SLACK_LIST_ALL_CHANNELS: ["channels:read"],
      SLACK_FETCH_CONVERSATION_HISTORY: ["channels:history"],
      SLACK_ADD_REACTION_TO_AN_ITEM: ["reactions:write"],
    },
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
    tools: {
      LINEAR_LIST_LINEAR_ISSUES: ["read"],
      LINEAR_CREATE_LINEAR_ISSUE: ["read", "issues:create"],
      LINEAR_CREATE_LINEAR_COMMENT: ["read", "comments:create"],
    },
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
        extraConnectionFields: [field("base_url", "Base URL", "PostHog instance URL", { default: "https://us.posthog.com" })],
      }),
    ],
    tools: { POSTHOG_CAPTURE_EVENT: [] },
  }),
  toolkit({
    slug: "zendesk",
    name: "Zendesk",
    description: "Customer service: tickets, help center and support agents.",
    app_url: "https://www.zendesk.com",
    category: ["customer-support", "Customer Support"],
    tools_count: 90,
    triggers_count: 2,
    managed: [],
    details: [
      oauth2("Zendesk", { extraRequired: [SUBDOMAIN], hintUrl: "https://support.zendesk.com/hc/en-us/articles/4408845965210" }),
      basic("Zendesk"),
    ],
    tools: { ZENDESK_LIST_TICKETS: ["read"], ZENDESK_CREATE_TICKET: ["read", "write"] },
  }),
  toolkit({
    slug: "trello",
    name: "Trello",
    description: "Boards, lists and cards for organising projects.",
    app_url: "https://trello.com",
    category: ["project-management", "Project Management"],
    tools_count: 70,
    triggers_count: 2,
    managed: [],
    details: [oauth1("Trello", "https://trello.com/power-ups/admin")],
    tools: { TRELLO_GET_BOARD: [] },
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
