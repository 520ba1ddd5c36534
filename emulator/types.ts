/**
 * Shapes shared by the emulator's modules. Wire shapes follow /shared/composio-api.md and the
 * request/response types of @composio/client 0.1.0-alpha.76; internal shapes are marked as such.
 */

import type { AuthConfigCreateParams } from "@composio/client/resources/auth-configs";

/** An auth scheme the API names: the official client's own union (the create body's `authScheme`). */
export type AuthScheme = AuthConfigCreateParams.UnionMember1["authScheme"];

/**
 * The emulator's own list of every scheme, for validating request bodies at run time. The oracle keeps
 * it apart from the provider's (it must not import what it tests); the Record makes the compiler refuse
 * a list that misses or adds a scheme against the client's union.
 */
const SCHEME_SET: Record<AuthScheme, true> = {
  OAUTH2: true,
  OAUTH1: true,
  API_KEY: true,
  BASIC: true,
  BILLCOM_AUTH: true,
  BEARER_TOKEN: true,
  GOOGLE_SERVICE_ACCOUNT: true,
  NO_AUTH: true,
  BASIC_WITH_JWT: true,
  CALCOM_AUTH: true,
  SERVICE_ACCOUNT: true,
  SAML: true,
  DCR_OAUTH: true,
  S2S_OAUTH2: true,
};
export const AUTH_SCHEMES = Object.keys(SCHEME_SET) as readonly AuthScheme[];

/** A form field of a toolkit's auth method, as `GET /toolkits/{slug}` returns it. */
export interface Field {
  name: string;
  displayName: string;
  type: string;
  description: string;
  required: boolean;
  default?: string | null;
  is_secret?: boolean;
}

export interface FieldGroup {
  required: Field[];
  optional: Field[];
}

export interface AuthConfigDetail {
  mode: AuthScheme;
  name: string;
  auth_hint_url?: string | null;
  fields: {
    auth_config_creation: FieldGroup;
    connected_account_initiation: FieldGroup;
  };
}

export interface ManagedAuth {
  mode: AuthScheme;
  scopes: { available: string[] };
  user_scopes?: { available: string[] };
}

/** One catalog entry: the data the toolkit endpoints render and auth-config validation reads. */
export interface Toolkit {
  slug: string;
  name: string;
  description: string;
  logo: string;
  app_url: string;
  categories: { slug: string; name: string }[];
  tools_count: number;
  triggers_count: number;
  auth_guide_url: string | null;
  composio_managed_auth_schemes: AuthScheme[];
  composio_managed_auth: ManagedAuth[];
  auth_config_details: AuthConfigDetail[];
  /**
   * Internal (not rendered): the OAuth scopes each tool needs. The server derives a config's scopes
   * from its tools_for_connected_account_creation with this map.
   */
  tool_scopes: Record<string, string[]>;
}

export type AuthConfigStatus = "ENABLED" | "DISABLED";
export type AuthConfigType = "default" | "custom";

export interface ToolAccessConfig {
  tools_for_connected_account_creation?: string[];
  tools_available_for_execution?: string[];
}

export interface ProxyConfig {
  proxy_url: string;
  proxy_auth_key?: string;
}

/** Internal: an auth config as stored (secrets in clear; masking happens on the way out). */
export interface StoredAuthConfig {
  id: string;
  uuid: string;
  /** Internal creation order; ties on created_at are broken by it so listing is stable. */
  seq: number;
  type: AuthConfigType;
  toolkit_slug: string;
  name: string;
  auth_scheme: AuthScheme;
  is_composio_managed: boolean;
  credentials: Record<string, unknown>;
  proxy_config: ProxyConfig | null;
  status: AuthConfigStatus;
  /** Who created it (the emulator has one project user; see README). */
  created_by: string;
  created_at: string;
  last_updated_at: string;
  /** Soft delete: set when deleted; such a config is invisible to every API read. */
  deleted_at?: string;
  /**
   * Scopes the client asked for (credentials.scopes holds them merged with the scopes of
   * tools_for_connected_account_creation); null when none. Absent in state files written before
   * it existed: credentials.scopes is then the explicit value.
   */
  explicit_scopes?: string | string[] | null;
  restrict_to_following_tools: string[];
  tool_access_config: ToolAccessConfig;
  shared_credentials: Record<string, unknown>;
  is_enabled_for_tool_router: boolean;
}

/** The statuses a connected account may be created with here (the emulated schemes take their credentials directly). */
export type ConnectedAccountStatus = "ACTIVE" | "INACTIVE";

/** Internal: a connected account as stored (its connection data in clear; masking happens on the way out). */
export interface StoredConnectedAccount {
  id: string;
  /** Internal creation order, for stable listing. */
  seq: number;
  auth_config_id: string;
  toolkit_slug: string;
  user_id: string;
  alias: string | null;
  auth_scheme: AuthScheme;
  status: ConnectedAccountStatus;
  /** `connection.state.val` as sent, minus `status` (kept above). */
  val: Record<string, string>;
  created_at: string;
  updated_at: string;
  /** Soft delete: set when deleted (also when its auth config was); invisible to every API read. */
  deleted_at?: string;
}

/** One auth config of an MCP server, with the toolkit it brings to the server. */
export interface McpServerAuthConfig {
  id: string;
  /** The config's toolkit when the server was last given it (kept: a deleted config's server still names it). */
  toolkit_slug: string;
}

/** Internal: an MCP server as stored. Its `toolkits` are derived on reads (auth configs' toolkits, then no-auth apps). */
export interface StoredMcpServer {
  id: string;
  /** Internal creation order, for stable listing. */
  seq: number;
  name: string;
  auth_configs: McpServerAuthConfig[];
  /** NO_AUTH toolkits the server exposes without an auth config. */
  no_auth_apps: string[];
  /** The allow-list as sent; `[]` (also when none was sent) lets agents call every tool of the server's toolkits. */
  allowed_tools: string[];
  managed_auth_via_composio: boolean;
  created_at: string;
  updated_at: string;
  /** Soft delete: set when deleted; such a server is invisible to every API read. */
  deleted_at?: string;
}
