/**
 * The platform-repo program: the auth configs listed in this stack's config (`authConfigs`), one
 * AuthConfig each. Exports `authConfigIds` (key -> auth config id) for apps to read through a
 * StackReference. Provider settings come from `composio:apiKey` / `composio:baseUrl` (or the
 * COMPOSIO_API_KEY / COMPOSIO_BASE_URL environment variables).
 */
import { declareAuthConfigsFromConfig } from "pulumi-composio";

// Values set with `pulumi config set --secret --path 'authConfigs[i]...'` stay secret all the way to state.
const { ids } = declareAuthConfigsFromConfig("authConfigs");

export const authConfigIds = ids;
