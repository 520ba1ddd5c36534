/** pulumi-composio: Composio auth configs as Pulumi resources. */
export { AuthConfig, type AuthConfigArgs, type ProxyConfigArgs, type ToolAccessConfigArgs } from "./authConfig";
export { AUTH_SCHEMES, AUTH_CONFIG_TYPES, type AuthScheme, type AuthConfigType, type CredentialValue } from "../provider/core/schema";
export {
  declareAuthConfigs,
  declareAuthConfigsFromConfig,
  declareStackConfig,
  declareStackConfigFromConfig,
  type DeclaredAuthConfigs,
  type DeclaredMcpServers,
  type DeclaredStackConfig,
  type DeclareOptions,
} from "./stackConfig";
export {
  getToolkit,
  getToolkitOutput,
  getAuthConfigCreationFields,
  getAuthConfigCreationFieldsOutput,
  getAuthConfig,
  getAuthConfigOutput,
  type AuthConfigDetails,
  type ComposioFunctionOptions,
  type CreationFieldsOptions,
  type OutputOptions,
  type ToolkitDefinition,
  type ToolkitField,
} from "./functions";
export { McpServer, type McpServerArgs } from "./mcpServer";
