/**
 * The platform-repo program: the auth configs listed in this stack's config (`authConfigs`), one AuthConfig each,
 * and the MCP servers that use them (`mcpServers`, optional), one McpServer each, naming its auth configs by their
 * key. Exports `authConfigIds` (key -> auth config id) and `mcpUrls` (key -> the URL agents connect to) for apps to
 * read through a StackReference. Provider settings come from `composio:apiKey` / `composio:baseUrl` (or the
 * COMPOSIO_API_KEY / COMPOSIO_BASE_URL environment variables).
 */
import { declareStackConfigFromConfig } from "pulumi-composio";

// Values set with `pulumi config set --secret --path 'authConfigs[i]...'` stay secret all the way to state. Both
// lists are checked before anything is declared: a mistake fails the preview naming its config path.
const { authConfigs, mcpServers } = declareStackConfigFromConfig();

export const authConfigIds = authConfigs.ids;
export const mcpUrls = mcpServers.urls;
