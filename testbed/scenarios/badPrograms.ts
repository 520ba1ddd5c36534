/**
 * Hand-written bad programs: each one an AuthConfig (or a program) a person could plausibly write,
 * with the words its `pulumi preview` failure must contain: the property, and what to write instead.
 * Arguments are typed loosely on purpose: TypeScript would stop most of these before Pulumi runs, but
 * JavaScript programs, YAML-driven stack config and `as any` do not. (A `__proto__` key never gets this
 * far: Pulumi's SDK drops it while serializing the inputs, so only the property test gives it to check.)
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConfigInput } from "../harness";

export interface BadProgram {
  title: string;
  /** The AuthConfig's arguments; or `program` for a program that fails on its own. */
  args?: Record<string, unknown>;
  program?: () => void;
  /** Stack config to set for this program only (given the emulator's URL); the usual config is restored after. */
  config?: (composioUrl: string) => ConfigInput;
  /** Every pattern must be in the preview's output. */
  says: RegExp[];
}

const notionApp = { toolkit: "notion", type: "use_custom_auth", authScheme: "OAUTH2" };
const credentials = { client_id: "id", client_secret: "secret" };
const CORPUS_SECRET_KEY = "notionClientSecret";

export const BAD_PROGRAMS: BadProgram[] = [
  // Credentials and scopes.
  {
    title: "scopes as a number",
    args: { toolkit: "hubspot", credentials: { scopes: 42 } },
    says: [/credentials\.scopes/, /comma-separated string or a list of strings/],
  },
  {
    title: "user_scopes as an object",
    args: { toolkit: "slack", credentials: { user_scopes: { read: true } } },
    says: [/credentials\.user_scopes/, /comma-separated string or a list/],
  },
  {
    title: "scopes list holding a number",
    args: { toolkit: "github", credentials: { scopes: ["repo", 7] } },
    says: [/credentials\.scopes/, /list of strings/],
  },
  {
    title: "credentials as a string",
    args: { ...notionApp, credentials: "client_id=abc" },
    says: [/credentials/, /must be an object of credential fields, e.g. \{ client_id/],
  },
  {
    title: "a credential value that is an object",
    args: { ...notionApp, credentials: { ...credentials, client_id: { id: 1 } } },
    says: [/credentials\.client_id/, /must be a string/],
  },
  {
    title: "a credential value that is a number",
    args: { ...notionApp, credentials: { ...credentials, client_id: 12345 } },
    says: [/credentials\.client_id/, /must be a string .*quote a number, e\.g\. "12345"/],
  },
  {
    title: "a credential field the toolkit does not define",
    args: { ...notionApp, credentials: { clientid: "id", client_secret: "secret" } },
    says: [
      /credentials\.clientid/,
      /has no credential field "clientid"; did you mean client_id\?/,
      /its fields for OAUTH2: client_id, client_secret, oauth_redirect_uri, scopes/,
    ],
  },
  {
    title: "a credential field for a scheme that takes none",
    args: { toolkit: "perplexityai", type: "use_custom_auth", authScheme: "API_KEY", credentials: { api_key: "k" } },
    says: [/credentials\.api_key/, /takes no fields for API_KEY but scopes: values such as an API key are given per connected account/],
  },
  {
    title: "scopes separated by spaces",
    args: { toolkit: "hubspot", credentials: { scopes: "tickets sales-email-read" } },
    says: [/credentials\.scopes/, /separated by commas, not spaces: write "tickets,sales-email-read"/],
  },
  {
    title: "a scope list holding space-separated scopes",
    args: { toolkit: "slack", credentials: { user_scopes: ["search:read chat:write"] } },
    says: [/credentials\.user_scopes/, /separated by commas, not spaces/],
  },
  {
    title: "a blank credential field name",
    args: { ...notionApp, credentials: { ...credentials, " ": "x" } },
    says: [/field names must not be blank/],
  },
  {
    title: "client_id with Composio-managed auth",
    args: { toolkit: "github", credentials: { client_id: "abc" } },
    says: [/credentials\.client_id/, /set type "use_custom_auth" to bring your own app/],
  },
  {
    title: "a prototype key in credentials",
    args: JSON.parse(
      '{"toolkit":"notion","type":"use_custom_auth","authScheme":"OAUTH2","credentials":{"client_id":"a","client_secret":"b","constructor":"x"}}',
    ),
    says: [/credentials\.constructor/, /not allowed; use the field names the toolkit lists/],
  },
  // Toolkit, type and scheme.
  { title: "toolkit missing", args: { name: "No toolkit" }, says: [/toolkit is required: the toolkit slug, e.g. "github"/] },
  { title: "toolkit as a number", args: { toolkit: 42 }, says: [/toolkit/, /the toolkit slug, e.g. "github"/] },
  {
    title: "toolkit with a space",
    args: { toolkit: "git hub" },
    says: [/toolkit must be a toolkit slug \(letters, digits, "_" or "-"\), e\.g\. "github"/],
  },
  {
    title: "unknown toolkit",
    args: { toolkit: "no-such-toolkit" },
    says: [/toolkit: no toolkit of this slug exists in Composio \(404\)/, /check the slug/],
  },
  {
    title: "a type that does not exist",
    args: { toolkit: "github", type: "custom" },
    says: [/type must be one of use_composio_managed_auth, use_custom_auth/],
  },
  {
    title: "custom auth without a scheme",
    args: { toolkit: "notion", type: "use_custom_auth", credentials },
    says: [/authScheme is required with type "use_custom_auth"/, /e\.g\. "OAUTH2" or "API_KEY"/],
  },
  {
    title: "a scheme that does not exist",
    args: { ...notionApp, authScheme: "OAUTH3", credentials },
    says: [/authScheme must be one of OAUTH2/],
  },
  {
    title: "a scheme the toolkit does not offer",
    args: { toolkit: "perplexityai", type: "use_custom_auth", authScheme: "OAUTH2", credentials },
    says: [/authScheme/, /toolkit "perplexityai" does not offer OAUTH2; it offers: API_KEY/],
  },
  {
    title: "managed auth for a toolkit Composio does not manage",
    args: { toolkit: "perplexityai" },
    says: [/toolkit "perplexityai" has no Composio-managed auth; use type "use_custom_auth"/],
  },
  {
    title: "a managed scheme Composio does not manage",
    args: { toolkit: "github", authScheme: "API_KEY" },
    says: [/Composio manages only OAUTH2 for toolkit "github"/],
  },
  {
    title: "missing secret (client_secret) for a custom OAuth2 app",
    args: { ...notionApp, credentials: { client_id: "abc" } },
    says: [/credentials\.client_secret/, /required by toolkit "notion" for OAUTH2/, /find it at|auth guide/],
  },
  {
    title: "missing client_id for a custom OAuth2 app",
    args: { ...notionApp, credentials: { client_secret: "s" } },
    says: [/credentials\.client_id/, /required by toolkit "notion"/],
  },
  {
    title: "missing secret in stack config",
    program: () => void new pulumi.Config().requireSecret(CORPUS_SECRET_KEY),
    says: [new RegExp(`Missing required configuration variable '[\\w-]+:${CORPUS_SECRET_KEY}'`), /pulumi config set/],
  },
  // Provider settings.
  {
    title: "a wrong API key",
    args: { toolkit: "github" },
    config: () => ({ "composio:apiKey": { value: "not-the-project-key", secret: true } }),
    says: [/composio:apiKey: Composio refused the API key \(status 401/, /pulumi config set --secret composio:apiKey <key>/],
  },
  {
    title: "a base URL with a retired API version",
    args: { toolkit: "github" },
    config: (url) => ({ "composio:baseUrl": `${url}/api/v2` }),
    says: [/composio:baseUrl ends in the API path \/api\/v2; set the server's root instead/],
  },
  // Names and ids.
  { title: "a blank name", args: { toolkit: "github", name: "   " }, says: [/name must not be empty; omit it to get an autonamed config/] },
  {
    title: "a name over 200 characters",
    args: { toolkit: "github", name: "n".repeat(201) },
    says: [/name must be at most 200 characters/],
  },
  {
    title: "adoptId that is not an auth config id",
    args: { toolkit: "github", adoptId: "12345" },
    says: [/adoptId must be an auth config id, e.g. "ac_1234abcd"/],
  },
  // Proxy.
  {
    title: "a proxy URL with the wrong scheme",
    args: { ...notionApp, credentials, proxyConfig: { proxyUrl: "ftp://proxy.example.com" } },
    says: [/proxyConfig\.proxyUrl/, /must be an http\(s\) URL, e.g. "https:\/\/proxy.example.com"/],
  },
  {
    title: "a proxy URL without a scheme",
    args: { ...notionApp, credentials, proxyConfig: { proxyUrl: "proxy.example.com" } },
    says: [/proxyConfig\.proxyUrl/, /http\(s\) URL/],
  },
  {
    title: "a misspelt proxy field",
    args: { ...notionApp, credentials, proxyConfig: { proxyURL: "https://proxy.example.com" } },
    says: [/unknown field\(s\) proxyURL; proxyConfig takes proxyUrl and proxyAuthKey/],
  },
  {
    title: "a proxy key that is a number",
    args: { ...notionApp, credentials, proxyConfig: { proxyUrl: "https://p.example.com", proxyAuthKey: 1234 } },
    says: [/proxyAuthKey must be a string \(make it a secret with pulumi.secret\)/],
  },
  {
    title: "a proxy with Composio-managed auth",
    args: { toolkit: "github", proxyConfig: { proxyUrl: "https://proxy.example.com" } },
    says: [/proxyConfig needs type "use_custom_auth"/],
  },
  // Tool access, flags, shared credentials, unknown arguments.
  {
    title: "an unknown toolAccessConfig field",
    args: { toolkit: "github", toolAccessConfig: { tools: ["GITHUB_STAR"] } },
    says: [/unknown field\(s\) tools; toolAccessConfig takes toolsForConnectedAccountCreation and toolsAvailableForExecution/],
  },
  {
    title: "tools as a string",
    args: { toolkit: "github", toolAccessConfig: { toolsForConnectedAccountCreation: "GITHUB_STAR" } },
    says: [/toolsForConnectedAccountCreation must be a list of tool slugs, e.g. \["GITHUB_CREATE_AN_ISSUE"\]/],
  },
  {
    title: "an empty tool slug",
    args: { toolkit: "github", toolAccessConfig: { toolsAvailableForExecution: [""] } },
    says: [/toolAccessConfig\.toolsAvailableForExecution\[0\]/, /tool slugs must be non-empty strings/],
  },
  {
    title: "a tool slug that is a number",
    args: { toolkit: "github", toolAccessConfig: { toolsAvailableForExecution: [42] } },
    says: [/toolAccessConfig\.toolsAvailableForExecution\[0\]/, /tool slugs must be non-empty strings/],
  },
  { title: "enabled as a string", args: { toolkit: "github", enabled: "yes" }, says: [/enabled must be true or false/] },
  { title: "revokeOnDelete as a number", args: { toolkit: "github", revokeOnDelete: 1 }, says: [/revokeOnDelete must be true or false/] },
  {
    title: "isEnabledForToolRouter as a string",
    args: { toolkit: "github", isEnabledForToolRouter: "true" },
    says: [/isEnabledForToolRouter must be true or false/],
  },
  {
    title: "sharedCredentials as a list",
    args: { toolkit: "github", sharedCredentials: ["token"] },
    says: [/sharedCredentials must be an object of credential fields/],
  },
  {
    title: "an unknown argument",
    args: { toolkit: "github", colour: "blue" },
    says: [/unknown argument\(s\) colour; see the AuthConfigArgs documentation/],
  },
  { title: "a misspelt argument", args: { toolkit: "github", authscheme: "OAUTH2" }, says: [/unknown argument\(s\) authscheme/] },
];
