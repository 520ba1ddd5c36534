/**
 * The shapes the provider works with. `AuthConfigInputs` is what `check` accepts and stores; the
 * engine hands the same object back to every later hook. `AuthConfigOutputs` adds the server's view.
 * Property names follow the seed's `composio.authConfigs.create(toolkit, options)` options.
 */

export const AUTH_SCHEMES = [
  "OAUTH2",
  "OAUTH1",
  "API_KEY",
  "BASIC",
  "BILLCOM_AUTH",
  "BEARER_TOKEN",
  "GOOGLE_SERVICE_ACCOUNT",
  "NO_AUTH",
  "BASIC_WITH_JWT",
  "CALCOM_AUTH",
  "SERVICE_ACCOUNT",
  "SAML",
  "DCR_OAUTH",
  "S2S_OAUTH2",
] as const;
export type AuthScheme = (typeof AUTH_SCHEMES)[number];

export const AUTH_CONFIG_TYPES = ["use_composio_managed_auth", "use_custom_auth"] as const;
export type AuthConfigType = (typeof AUTH_CONFIG_TYPES)[number];

/** A credential value as the API takes it: text; scopes may also be a list. */
export type CredentialValue = string | string[];

export interface ToolAccessConfig {
  toolsForConnectedAccountCreation?: string[];
  toolsAvailableForExecution?: string[];
}

export interface ProxyConfig {
  proxyUrl: string;
  proxyAuthKey?: string;
}

export interface AuthConfigInputs {
  toolkit: string;
  /** Always set after `check`: given, kept from the previous run, or generated from the resource name. */
  name: string;
  type: AuthConfigType;
  authScheme?: AuthScheme;
  credentials?: Record<string, CredentialValue>;
  toolAccessConfig?: ToolAccessConfig;
  proxyConfig?: ProxyConfig | null;
  isEnabledForToolRouter?: boolean;
  sharedCredentials?: Record<string, unknown>;
  enabled: boolean;
  revokeOnDelete: boolean;
  /** Set by `check`: a version per secret field, counted up when it changes (fingerprint.ts `secretVersions`). */
  secretVersions?: Record<string, number>;
  /** Adopt this existing auth config on create instead of making a new one (the import workaround). */
  adoptId?: string;
  /** The Pulumi resource name, passed by the SDK so `check` can autoname like Pulumi's own providers. */
  __resourceName?: string;
  /**
   * Set by the SDK: the property paths of values the program wrapped as Pulumi secrets (secrets.ts);
   * those values are fingerprinted in outputs like secret-named credentials.
   */
  __secretPaths?: string[];
  /** Set by `check` when it generated `name`: the name to keep (and restore) while the program sets none. */
  __autoname?: string;
  /**
   * Set by a refresh: the property paths of hidden fields it marked as changed on the server, with the
   * marker (visibility.ts). Markers in secret fields print as [secret]; this copy never does.
   */
  __changedOnServer?: Record<string, string>;
}

export interface AuthConfigOutputs extends AuthConfigInputs {
  authConfigId: string;
  status: "ENABLED" | "DISABLED";
  isComposioManaged: boolean;
  noOfConnections: number;
  createdAt?: string;
  /**
   * The server's `last_updated_at`: after a write, the baseline that tells whether fields reads hide
   * changed since (visibility.ts).
   */
  lastUpdatedAt?: string;
  /** Bookkeeping: the program named `authScheme` (the output holds the server's scheme either way). */
  __schemeFromProgram?: boolean;
}
