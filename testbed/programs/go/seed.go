package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// AuthConfig is the composio plugin's composio:index:AuthConfig, declared as a generated Go SDK would declare it
// (this module depends on no SDK): the outputs the program reads are fields tagged with their property names.
type AuthConfig struct {
	pulumi.CustomResourceState

	AuthConfigId pulumi.StringOutput `pulumi:"authConfigId"`
}

func NewAuthConfig(ctx *pulumi.Context, name string, args pulumi.Map, opts ...pulumi.ResourceOption) (*AuthConfig, error) {
	var resource AuthConfig
	if err := ctx.RegisterResource("composio:index:AuthConfig", name, args, &resource, opts...); err != nil {
		return nil, err
	}
	return &resource, nil
}

// seed declares the seed's four auth configs (docs/yaml-and-go.md, "Go"), and adopts a config made in the dashboard when
// importSlackId is set. Config: composio:apiKey (secret), notionClientId, notionClientSecret (secret),
// importSlackId (optional). Needs the composio plugin where the CLI finds it (e.g. bin/ on PATH).
func seed(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	configs := []struct {
		name string
		args pulumi.Map
	}{
		// 1. GitHub with Composio-managed OAuth (no credentials of your own).
		{"github", pulumi.Map{
			"toolkit": pulumi.String("github"),
			"type":    pulumi.String("use_composio_managed_auth"),
			"name":    pulumi.String("GitHub"),
		}},
		// 2. Notion with your own OAuth2 app; client_secret comes from secret config and stays secret.
		{"notion", pulumi.Map{
			"toolkit":    pulumi.String("notion"),
			"type":       pulumi.String("use_custom_auth"),
			"authScheme": pulumi.String("OAUTH2"),
			"name":       pulumi.String("Notion Auth"),
			"credentials": pulumi.StringMap{
				"client_id":          pulumi.String(cfg.Require("notionClientId")),
				"client_secret":      cfg.RequireSecret("notionClientSecret"),
				"oauth_redirect_uri": pulumi.String("https://backend.composio.dev/api/v3.1/toolkits/auth/callback"),
			},
		}},
		// 3. HubSpot with managed OAuth and explicit scopes.
		{"hubspot", pulumi.Map{
			"toolkit":     pulumi.String("hubspot"),
			"credentials": pulumi.StringMap{"scopes": pulumi.String("sales-email-read,tickets")},
		}},
		// 4. Perplexity AI: API_KEY with empty credentials (the key is given per connected account).
		{"perplexity", pulumi.Map{
			"toolkit":     pulumi.String("perplexityai"),
			"type":        pulumi.String("use_custom_auth"),
			"authScheme":  pulumi.String("API_KEY"),
			"credentials": pulumi.StringMap{},
		}},
	}
	ids := pulumi.StringMap{}
	for _, c := range configs {
		authConfig, err := NewAuthConfig(ctx, c.name, c.args)
		if err != nil {
			return err
		}
		ids[c.name] = authConfig.AuthConfigId
	}

	// A config made in the dashboard, adopted with the import option. The program states what reads show (its
	// client_id too: an import takes it as an input); the values they hide (client secret, proxy key, shared credentials) are left out and left alone.
	if id := cfg.Get("importSlackId"); id != "" {
		slack, err := NewAuthConfig(ctx, "slack", pulumi.Map{
			"toolkit":     pulumi.String("slack"),
			"type":        pulumi.String("use_custom_auth"),
			"authScheme":  pulumi.String("OAUTH2"),
			"name":        pulumi.String("Slack (dashboard)"),
			"credentials": pulumi.Map{"client_id": pulumi.String("slack-client-id")},
			"proxyConfig": pulumi.Map{"proxyUrl": pulumi.String("https://proxy.example.com")},
		}, pulumi.Import(pulumi.ID(id)))
		if err != nil {
			return err
		}
		ids["slack"] = slack.AuthConfigId
	}
	ctx.Export("authConfigIds", ids)
	return nil
}
