/**
 * Notion with your own OAuth2 app: the app's client id from stack config, its client secret from secret stack
 * config (`pulumi config set --secret notionClientSecret ...`), and the redirect URI registered with the app.
 */
import * as pulumi from "@pulumi/pulumi";
import { AuthConfig } from "pulumi-composio";

const config = new pulumi.Config();

const notion = new AuthConfig("notion", {
  toolkit: "notion",
  type: "use_custom_auth",
  authScheme: "OAUTH2",
  name: "Notion Auth",
  credentials: {
    client_id: config.require("notionClientId"),
    // A secret in stack config stays a secret here: encrypted in state, masked in every output.
    client_secret: config.requireSecret("notionClientSecret"),
    // The callback URL to register in the Notion app's settings.
    oauth_redirect_uri: config.get("notionRedirectUri") ?? "https://backend.composio.dev/api/v3.1/toolkits/auth/callback",
  },
});

export const notionAuthConfigId = notion.authConfigId;
