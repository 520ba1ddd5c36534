/** The server's views of generated inputs (arbitraries.ts), as Composio's reads return them, for the property tests. */
import fc from "fast-check";
import type { AuthConfigInputs } from "../../../provider/core/schema";
import { isHiddenCredential } from "../../../provider/core/visibility";
import type { WireAuthConfig } from "../../../provider/core/wire";

const MASKED = "sent********";

/** The server's view of `inputs` as the emulator (and Composio) would return it: secrets masked. */
export function liveOf(inputs: AuthConfigInputs, id = "ac_test123"): WireAuthConfig {
  const credentials = Object.fromEntries(
    Object.entries(inputs.credentials ?? {}).map(([key, value]) => [key, key === "client_secret" ? MASKED : value]),
  );
  return {
    id,
    uuid: `uuid-${id}`,
    type: inputs.type === "use_custom_auth" ? "custom" : "default",
    toolkit: { slug: inputs.toolkit, logo: "" },
    name: inputs.name,
    auth_scheme: inputs.authScheme ?? "OAUTH2",
    credentials,
    proxy_config: inputs.proxyConfig ? { proxy_url: inputs.proxyConfig.proxyUrl, proxy_auth_key: MASKED } : null,
    status: inputs.enabled ? "ENABLED" : "DISABLED",
    no_of_connections: 0,
    tool_access_config: {
      tools_for_connected_account_creation: inputs.toolAccessConfig?.toolsForConnectedAccountCreation ?? [],
      tools_available_for_execution: inputs.toolAccessConfig?.toolsAvailableForExecution ?? [],
    },
    shared_credentials: Object.fromEntries(Object.keys(inputs.sharedCredentials ?? {}).map((key) => [key, MASKED])),
    is_enabled_for_tool_router: inputs.isEnabledForToolRouter ?? false,
  };
}

export const T0 = "2026-12-01T10:00:00.000Z";
export const T1 = "2026-12-01T11:00:00.000Z";

export const MASK_FORMATS = {
  redacted: () => "REDACTED",
  prefix4: (value: string) => `${value.slice(0, 4)}...`,
  stars: () => "********",
};
export type MaskFormat = keyof typeof MASK_FORMATS;
export const maskFormatArb = fc.constantFrom(...(Object.keys(MASK_FORMATS) as MaskFormat[]));

/** The server's view of `inputs` under Composio's 2026 read policy (visibility.ts), in one of the mask formats in use. */
export function maskedLiveOf(inputs: AuthConfigInputs, format: MaskFormat, updatedAt = T0): WireAuthConfig {
  const mask = (value: unknown) => MASK_FORMATS[format](Array.isArray(value) ? value.join(",") : String(value));
  const managed = inputs.type !== "use_custom_auth";
  const live = liveOf(inputs);
  return {
    ...live,
    is_composio_managed: managed,
    last_updated_at: updatedAt,
    credentials: Object.fromEntries(
      Object.entries(inputs.credentials ?? {}).map(([key, value]) => [key, isHiddenCredential(key, managed) ? mask(value) : value]),
    ),
    proxy_config: inputs.proxyConfig
      ? { proxy_url: inputs.proxyConfig.proxyUrl, proxy_auth_key: mask(inputs.proxyConfig.proxyAuthKey) }
      : null,
    shared_credentials: Object.fromEntries(Object.entries(inputs.sharedCredentials ?? {}).map(([key, value]) => [key, mask(value)])),
  };
}
