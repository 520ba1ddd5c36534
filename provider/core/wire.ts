/**
 * The Composio API's own shapes (snake_case, with its quirks: `authScheme` in the create body,
 * `auth_scheme` in responses, `custom`/`default` update variants). See shared/composio-api.md.
 */

export interface WireToolAccessConfig {
  tools_for_connected_account_creation?: string[];
  tools_available_for_execution?: string[];
}

export interface WireProxyConfig {
  proxy_url: string;
  proxy_auth_key?: string;
}

/** An auth config as retrieve and list return it. */
export interface WireAuthConfig {
  id: string;
  uuid?: string;
  type: "default" | "custom";
  toolkit: { slug: string; logo?: string; auth_guide_url?: string; auth_hint_url?: string };
  name: string;
  auth_scheme?: string;
  is_composio_managed?: boolean;
  credentials?: Record<string, unknown>;
  proxy_config?: WireProxyConfig | null;
  status: "ENABLED" | "DISABLED";
  created_at?: string;
  last_updated_at?: string;
  no_of_connections?: number;
  tool_access_config?: WireToolAccessConfig;
  shared_credentials?: Record<string, unknown>;
  is_enabled_for_tool_router?: boolean;
}

interface WireCommonSettings {
  name?: string;
  tool_access_config?: WireToolAccessConfig;
  shared_credentials?: Record<string, unknown>;
  is_enabled_for_tool_router?: boolean;
}

export interface WireCreateBody {
  toolkit: { slug: string };
  auth_config:
    | (WireCommonSettings & { type: "use_composio_managed_auth"; credentials?: Record<string, unknown> })
    | (WireCommonSettings & {
        type: "use_custom_auth";
        authScheme: string;
        credentials: Record<string, unknown>;
        proxy_config?: WireProxyConfig | null;
      });
}

export interface WireCreateResponse {
  toolkit: { slug: string };
  auth_config: { id: string; auth_scheme: string; is_composio_managed: boolean };
}

export type WireUpdateBody =
  | (WireCommonSettings & { type: "custom"; credentials?: Record<string, unknown>; proxy_config?: WireProxyConfig | null })
  | (WireCommonSettings & { type: "default"; scopes?: unknown; user_scopes?: unknown });

export interface WireListResponse {
  items: WireAuthConfig[];
  next_cursor?: string | null;
  total_items?: number;
}

export interface WireToolkitField {
  name: string;
  displayName?: string;
  type?: string;
  description?: string;
  required?: boolean;
  default?: unknown;
  is_secret?: boolean;
}

/** One auth method of a toolkit: the fields an auth config (and a connection) of that scheme takes. */
export interface WireAuthConfigDetail {
  mode: string;
  name?: string;
  /** Where to get the values, e.g. the provider's developer console (per scheme). */
  auth_hint_url?: string | null;
  fields?: {
    auth_config_creation?: { required?: WireToolkitField[]; optional?: WireToolkitField[] };
    connected_account_initiation?: { required?: WireToolkitField[]; optional?: WireToolkitField[] };
  };
}

export interface WireToolkit {
  slug: string;
  name: string;
  enabled?: boolean;
  auth_guide_url?: string | null;
  auth_hint_url?: string | null;
  composio_managed_auth_schemes?: string[];
  composio_managed_auth?: Array<{ mode: string; scopes?: { available?: string[] }; user_scopes?: { available?: string[] } }>;
  auth_config_details?: WireAuthConfigDetail[];
  meta?: Record<string, unknown>;
}
