/** pulumi-composio: Composio auth configs as Pulumi resources. */
export { AuthConfig, type AuthConfigArgs, type ProxyConfigArgs, type ToolAccessConfigArgs } from "./authConfig";
export { AUTH_SCHEMES, AUTH_CONFIG_TYPES, type AuthScheme, type AuthConfigType, type CredentialValue } from "../provider/model";
export { declareAuthConfigs, type DeclaredAuthConfigs } from "./stackConfig";
