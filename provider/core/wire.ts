/**
 * The Composio API's shapes as the provider sends and reads them. Auth configs: `@composio/client`'s own
 * types, so the client is called without a cast. Toolkits: the part of a definition the rules read, with
 * every field optional as the API may omit them (the client's `ToolkitRetrieveResponse` is assignable to it,
 * and it has what that client lacks: the toolkit-level `auth_hint_url`, a scheme without a creation group).
 * Types only. See shared/composio-api.md.
 */
import type {
  AuthConfigCreateParams,
  AuthConfigCreateResponse,
  AuthConfigListParams,
  AuthConfigRetrieveResponse,
  AuthConfigUpdateParams,
} from "@composio/client/resources/auth-configs";

/** An auth config as retrieve returns it (list items have the same shape). */
export type WireAuthConfig = AuthConfigRetrieveResponse;
export type WireProxyConfig = AuthConfigRetrieveResponse.ProxyConfig;
/** Both tool lists, as reads return them and updates take them. */
export type WireToolAccessConfig = AuthConfigRetrieveResponse.ToolAccessConfig;
/** The create body. The client's `auth_config` is optional; this provider always sends one. */
export type WireCreateBody = AuthConfigCreateParams & { auth_config: NonNullable<AuthConfigCreateParams["auth_config"]> };
export type WireCreateResponse = AuthConfigCreateResponse;
/** The `custom` and `default` update variants. */
export type WireUpdateBody = AuthConfigUpdateParams;
export type WireListQuery = AuthConfigListParams;

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

/** A toolkit as `GET /toolkits` lists it: its schemes, without their fields. */
export interface WireToolkitSummary {
  slug: string;
  name: string;
  auth_schemes?: string[];
  composio_managed_auth_schemes?: string[];
  no_auth?: boolean;
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
  meta?: object;
}
