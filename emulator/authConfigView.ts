/**
 * Renders stored auth configs into the API's response shapes. This is the only way a stored config
 * leaves the emulator, so masking here covers every response.
 */
import { findAuthDetail, findToolkit } from "./catalog";
import { maskCredentials, maskProxyConfig, maskSharedCredentials, maskValue } from "./masking";
import type { Field, StoredAuthConfig } from "./types";

/** The full auth config object (retrieve, list items, update and status responses). */
export function renderAuthConfig(config: StoredAuthConfig) {
  const toolkit = findToolkit(config.toolkit_slug);
  const detail = toolkit && findAuthDetail(toolkit, config.auth_scheme);
  const connection = detail?.fields.connected_account_initiation;
  const expectedInputFields: Field[] = connection ? [...connection.required, ...connection.optional] : [];
  return {
    id: config.id,
    uuid: config.uuid,
    type: config.type,
    toolkit: {
      slug: config.toolkit_slug,
      logo: toolkit?.logo ?? "",
      auth_guide_url: toolkit?.auth_guide_url ?? null,
      auth_hint_url: detail?.auth_hint_url ?? null,
    },
    name: config.name,
    auth_scheme: config.auth_scheme,
    is_composio_managed: config.is_composio_managed,
    // A config whose toolkit left the catalog has no field definitions: hide all its credentials.
    credentials: toolkit
      ? maskCredentials(config, toolkit)
      : Object.fromEntries(Object.keys(config.credentials).map((k) => [k, maskValue(config.credentials[k])])),
    proxy_config: maskProxyConfig(config.proxy_config),
    status: config.status,
    created_at: config.created_at,
    last_updated_at: config.last_updated_at,
    no_of_connections: 0,
    expected_input_fields: expectedInputFields,
    restrict_to_following_tools: [...config.restrict_to_following_tools],
    tool_access_config: { ...config.tool_access_config },
    shared_credentials: maskSharedCredentials(config.shared_credentials),
    is_enabled_for_tool_router: config.is_enabled_for_tool_router,
  };
}

/** The create response: `{toolkit:{slug}, auth_config:{id, auth_scheme, is_composio_managed, restrict_to_following_tools}}`. */
export function renderCreated(config: StoredAuthConfig) {
  return {
    toolkit: { slug: config.toolkit_slug },
    auth_config: {
      id: config.id,
      auth_scheme: config.auth_scheme,
      is_composio_managed: config.is_composio_managed,
      restrict_to_following_tools: [...config.restrict_to_following_tools],
    },
  };
}
