/** The provider's implementation as a library: the hooks' class, the API client and the pure core. */
export { authConfigProvider } from "./hooks";
export { AuthConfigProvider } from "./authConfigProvider";
export { ComposioApi, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./client";
export { ComposioApiError } from "./errors";
export { checkAuthConfig, type CheckFailure } from "./check";
export { diffAuthConfig } from "./diff";
export { normalize } from "./normalize";
export { resolveSettings, validateBaseUrl, type ProviderSettings } from "./settings";
export * from "./model";
export type * from "./wire";
