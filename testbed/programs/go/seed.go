package main

import (
	"example.com/pulumi-composio/sdk/go/composio"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// seed declares the seed's four auth configs and an MCP server exposing GitHub and Notion through two of them
// (docs/yaml-and-go.md, "Go"), and adopts a config made in the dashboard when importSlackId is set. Config:
// composio:apiKey (secret), notionClientId, notionClientSecret (secret), agentAllowedTools (optional, a JSON list),
// importSlackId (optional). Needs the composio plugin where the CLI finds it (e.g. bin/ on PATH).
func seed(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	configs := []struct {
		name string
		args *composio.AuthConfigArgs
	}{
		// 1. GitHub with Composio-managed OAuth (no credentials of your own).
		{"github", &composio.AuthConfigArgs{
			Toolkit: pulumi.String("github"),
			Type:    pulumi.String("use_composio_managed_auth"),
			Name:    pulumi.String("GitHub"),
		}},
		// 2. Notion with your own OAuth2 app; client_secret comes from secret config and stays secret.
		{"notion", &composio.AuthConfigArgs{
			Toolkit:    pulumi.String("notion"),
			Type:       pulumi.String("use_custom_auth"),
			AuthScheme: pulumi.String("OAUTH2"),
			Name:       pulumi.String("Notion Auth"),
			Credentials: pulumi.Map{
				"client_id":          pulumi.String(cfg.Require("notionClientId")),
				"client_secret":      cfg.RequireSecret("notionClientSecret"),
				"oauth_redirect_uri": pulumi.String("https://backend.composio.dev/api/v3.1/toolkits/auth/callback"),
			},
		}},
		// 3. HubSpot with managed OAuth and explicit scopes.
		{"hubspot", &composio.AuthConfigArgs{
			Toolkit:     pulumi.String("hubspot"),
			Credentials: pulumi.Map{"scopes": pulumi.String("sales-email-read,tickets")},
		}},
		// 4. Perplexity AI: API_KEY with empty credentials (the key is given per connected account).
		{"perplexity", &composio.AuthConfigArgs{
			Toolkit:     pulumi.String("perplexityai"),
			Type:        pulumi.String("use_custom_auth"),
			AuthScheme:  pulumi.String("API_KEY"),
			Credentials: pulumi.Map{},
		}},
	}
	authConfigs := map[string]*composio.AuthConfig{}
	ids := pulumi.StringMap{}
	for _, c := range configs {
		authConfig, err := composio.NewAuthConfig(ctx, c.name, c.args)
		if err != nil {
			return err
		}
		authConfigs[c.name] = authConfig
		ids[c.name] = authConfig.AuthConfigId
	}

	// An MCP server for agents, with the tools they may call. Its auth configs are outputs of the configs above,
	// so Pulumi creates them first and deletes them last. No name: the plugin autonames it ("agent-" and a suffix).
	allowedTools := []string{"GITHUB_CREATE_AN_ISSUE", "NOTION_SEARCH"}
	if err := cfg.GetObject("agentAllowedTools", &allowedTools); err != nil {
		return err
	}
	agent, err := composio.NewMcpServer(ctx, "agent", &composio.McpServerArgs{
		AuthConfigIds: pulumi.StringArray{authConfigs["github"].AuthConfigId, authConfigs["notion"].AuthConfigId},
		AllowedTools:  pulumi.ToStringArray(allowedTools),
	})
	if err != nil {
		return err
	}

	// A config made in the dashboard, adopted with the import option. The program states what reads show (its
	// client_id too: an import takes it as an input); the values they hide (client secret, proxy key, shared credentials) are left out and left alone.
	if id := cfg.Get("importSlackId"); id != "" {
		slack, err := composio.NewAuthConfig(ctx, "slack", &composio.AuthConfigArgs{
			Toolkit:     pulumi.String("slack"),
			Type:        pulumi.String("use_custom_auth"),
			AuthScheme:  pulumi.String("OAUTH2"),
			Name:        pulumi.String("Slack (dashboard)"),
			Credentials: pulumi.Map{"client_id": pulumi.String("slack-client-id")},
			ProxyConfig: &composio.ProxyConfigArgs{ProxyUrl: pulumi.String("https://proxy.example.com")},
		}, pulumi.Import(pulumi.ID(id)))
		if err != nil {
			return err
		}
		ids["slack"] = slack.AuthConfigId
	}
	ctx.Export("authConfigIds", ids)
	ctx.Export("agentId", agent.McpServerId)
	ctx.Export("agentUrl", agent.McpUrl)
	return nil
}
