/**
 * GitHub with Composio-managed OAuth: Composio's own OAuth app signs users in, so there is no client id or
 * secret to keep. The seed's `composio.authConfigs.create("github", { type: "use_composio_managed_auth" })`.
 */
import { AuthConfig } from "pulumi-composio";

const github = new AuthConfig("github", {
  toolkit: "github",
  type: "use_composio_managed_auth",
  name: "GitHub",
});

// Apps pass this id when they connect a user's account.
export const githubAuthConfigId = github.authConfigId;
