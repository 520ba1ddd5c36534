/** The provider's implementation as a library: the hooks' class, the API client and the pure core. */
export { authConfigProvider } from "./hooks";
export { AuthConfigProvider } from "./hooks/authConfigProvider";
export { ComposioApi, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./api/client";
export { ComposioApiError } from "./api/errors";
export { checkAuthConfig, type CheckFailure } from "./core/check";
export { diffAuthConfig } from "./core/diff";
export { normalize } from "./core/normalize";
export { resolveSettings, validateBaseUrl, type ProviderSettings } from "./api/settings";
export {
  AUTH_CONFIG_TYPES,
  AUTH_SCHEMES,
  type AuthConfigInputs,
  type AuthConfigType,
  type AuthScheme,
  type CredentialValue,
  type ProxyConfig,
  type ToolAccessConfig,
} from "./core/schema";
export type { AuthConfigOutputs } from "./core/mapping";
export type * from "./core/wire";
