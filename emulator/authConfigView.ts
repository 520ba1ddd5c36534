/**
 * Renders stored auth configs into the API's response shapes. This is the only way a stored config
 * leaves the emulator through the API, so masking here covers every response.
 */
import { findAuthDetail, findToolkit } from "./catalog";
import { maskCredentials, maskProxyConfig, maskSharedCredentials, type MaskFormat } from "./masking";
import type { Field, StoredAuthConfig } from "./types";

/** The full auth config object (retrieve and list items), masked in the given format; `connections` is its live account count. */
export function renderAuthConfig(config: StoredAuthConfig, format: MaskFormat, connections: number) {
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
    credentials: maskCredentials(config, format),
    proxy_config: maskProxyConfig(config.proxy_config, format),
    status: config.status,
    created_by: config.created_by,
    created_at: config.created_at,
    last_updated_at: config.last_updated_at,
    no_of_connections: connections,
    expected_input_fields: expectedInputFields,
    restrict_to_following_tools: [...config.restrict_to_following_tools],
    tool_access_config: structuredClone(config.tool_access_config),
    shared_credentials: maskSharedCredentials(config.shared_credentials, format),
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
