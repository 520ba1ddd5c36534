/**
 * An MCP server over the seed's GitHub (Composio-managed OAuth) and Notion (your own OAuth2 app) auth configs, with
 * an allow-list: agents connected to `mcpUrl` may call these four tools and no other. The auth configs' ids are the
 * server's `authConfigIds`, so Pulumi creates them before the server and deletes the server first. `mcpUrl` is the
 * stack output the agent's own stack reads through a StackReference (app/).
 */
import * as pulumi from "@pulumi/pulumi";
import { AuthConfig, McpServer } from "pulumi-composio";

const config = new pulumi.Config();

const github = new AuthConfig("github", { toolkit: "github", type: "use_composio_managed_auth", name: "GitHub" });

const notion = new AuthConfig("notion", {
  toolkit: "notion",
  type: "use_custom_auth",
  authScheme: "OAUTH2",
  name: "Notion Auth",
  credentials: {
    client_id: config.require("notionClientId"),
    client_secret: config.requireSecret("notionClientSecret"),
    oauth_redirect_uri: "https://backend.composio.dev/api/v3.1/toolkits/auth/callback",
  },
});

// A tool outside the two toolkits fails `pulumi preview`, naming it; a tool added in the dashboard is drift.
const agent = new McpServer("agent", {
  name: "issue-triage-agent",
  authConfigIds: [github.authConfigId, notion.authConfigId],
  allowedTools: ["GITHUB_LIST_REPOSITORY_ISSUES", "GITHUB_CREATE_AN_ISSUE", "NOTION_SEARCH", "NOTION_CREATE_PAGE"],
});

export const mcpServerId = agent.mcpServerId;
export const mcpUrl = agent.mcpUrl;
