/**
 * The provider implementation, loaded by name (`pulumi-composio/provider`) at run time by the small
 * stub that Pulumi serializes into state. Keep this entry point and `authConfigProvider` stable:
 * stacks created by any version of the package load it from here.
 */
import { AuthConfigProvider } from "./authConfigProvider";

export const authConfigProvider = new AuthConfigProvider();

export { AuthConfigProvider } from "./authConfigProvider";
export { ComposioApi, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./client";
export { ComposioApiError } from "./errors";
export { checkAuthConfig, type CheckFailure } from "./check";
export { diffAuthConfig } from "./diff";
export { normalize } from "./normalize";
export { resolveSettings, validateBaseUrl, type ProviderSettings } from "./settings";
export * from "./model";
export type * from "./wire";
