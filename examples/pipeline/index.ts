/**
 * The auth configs this example's pipeline guards (.github/workflows/composio-auth-configs.yml): any program
 * works the same way; this one has a managed config with scopes and one with user scopes.
 */
import { AuthConfig } from "pulumi-composio";

const github = new AuthConfig("github", {
  toolkit: "github",
  name: "GitHub",
  credentials: { scopes: ["repo", "read:org"] },
});

const slack = new AuthConfig("slack", {
  toolkit: "slack",
  name: "Slack",
  credentials: { scopes: ["chat:write", "channels:read"], user_scopes: ["search:read"] },
});

export const authConfigIds = { github: github.authConfigId, slack: slack.authConfigId };
