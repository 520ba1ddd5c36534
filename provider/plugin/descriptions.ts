/**
 * The words of the package schema (schema.json) and of the SDK's AuthConfigArgs (sdk/authConfigArgs.ts,
 * generated from the same): a description for every argument the zod schema (provider/core/schema.ts)
 * takes, and the outputs only the server sets, which zod does not describe.
 * packageSchema.ts fails when an argument has no description here, so a new argument cannot reach
 * the schema (and the generated SDKs' docs) undocumented.
 */

export const ARGUMENT_DESCRIPTIONS: Record<string, string> = {
  toolkit: 'The toolkit slug, e.g. "github" (case-insensitive). Changing it replaces the auth config.',
  name: "The auth config's name in Composio. Omit it to get an autonamed config (the resource name plus a random suffix).",
  type:
    '"use_composio_managed_auth" (Composio\'s own OAuth app; the default) or "use_custom_auth" (your own app\'s credentials). Changing it replaces the auth config.',
  authScheme:
    'The auth scheme, e.g. "OAUTH2" or "API_KEY". Required with "use_custom_auth"; for managed auth the toolkit\'s scheme is used when omitted. Changing it replaces the auth config.',
  credentials:
    "Credential fields of the scheme (see getAuthConfigCreationFields), e.g. { client_id, client_secret }. Values are strings; `scopes` and `user_scopes` may also be lists. Secret-named fields are stored as secrets. Composio never returns secret fields on reads, so `pulumi import` leaves them out.",
  toolAccessConfig: "Which tools connected accounts of this config may use.",
  proxyConfig:
    'A proxy for the toolkit\'s API calls (custom auth only), e.g. { proxyUrl: "https://proxy.example.com", proxyAuthKey }; null removes one set earlier.',
  isEnabledForToolRouter: "Whether Composio's tool router may use this auth config.",
  sharedCredentials: "Credential fields shared by every connected account of this config. Stored as secrets.",
  enabled: "Whether the auth config is enabled (default true). A disabled config keeps its connections but cannot make new ones.",
  revokeOnDelete: "On delete, also revoke the connected accounts' credentials at the provider (default false).",
  allowReplaceWithConnections:
    "Let a replace or delete of this auth config go ahead although it has connected accounts (default false). Without it, a change that replaces the config fails `pulumi preview` and `up`, and a delete (destroy, or the resource removed from the program) fails before its API call, naming how many accounts it would cut off. Never sent to Composio: setting or removing it changes nothing there. For a delete, run `up` with it set first.",
  adoptId:
    "The id of an existing auth config (ac_...) to take over instead of creating one; the next up makes it match the program. With this package, `pulumi import` does the same and writes the code.",
};

export const NESTED_DESCRIPTIONS: Record<string, Record<string, string>> = {
  ToolAccessConfig: {
    toolsForConnectedAccountCreation: 'Tool slugs a connected account may be created for, e.g. ["GITHUB_CREATE_AN_ISSUE"].',
    toolsAvailableForExecution: "Tool slugs a connected account of this config may execute.",
  },
  ProxyConfig: {
    proxyUrl: 'The proxy\'s http(s) URL, e.g. "https://proxy.example.com".',
    proxyAuthKey: "The key the proxy expects. Stored as a secret; Composio never returns it on reads.",
  },
};

/** The outputs only the server sets (provider/core/mapping.ts SERVER_FIELDS), with their Pulumi types. */
export const SERVER_OUTPUTS: Record<string, { type: "string" | "boolean" | "integer"; description: string }> = {
  authConfigId: { type: "string", description: "The auth config's id in Composio (ac_...), also the resource's id." },
  status: { type: "string", description: '"ENABLED" or "DISABLED", as the server reports it.' },
  isComposioManaged: { type: "boolean", description: "Whether the config uses Composio's managed app." },
  noOfConnections: { type: "integer", description: "How many connected accounts use this config." },
  createdAt: { type: "string", description: "When the config was created (ISO 8601)." },
  lastUpdatedAt: { type: "string", description: "When the config was last changed on the server (ISO 8601)." },
};
