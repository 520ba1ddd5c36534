/**
 * The platform-repo program: the auth configs listed in this stack's config (`authConfigs`), one
 * AuthConfig each. Exports `authConfigIds` (key -> auth config id) for apps to read through a
 * StackReference. Provider settings come from `composio:apiKey` / `composio:baseUrl` (or the
 * COMPOSIO_API_KEY / COMPOSIO_BASE_URL environment variables).
 */
import * as pulumi from "@pulumi/pulumi";
import { declareAuthConfigs } from "pulumi-composio";

const config = new pulumi.Config();
const { ids } = declareAuthConfigs(config.requireObject("authConfigs"));

export const authConfigIds = ids;
