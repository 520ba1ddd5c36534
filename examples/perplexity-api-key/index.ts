/**
 * Perplexity AI: API_KEY auth with empty credentials. The toolkit has no Composio-managed auth, and the API key
 * itself is given by each user when their account is connected, so the auth config holds no secret at all.
 */
import { AuthConfig } from "pulumi-composio";

const perplexity = new AuthConfig("perplexity", {
  toolkit: "perplexityai",
  type: "use_custom_auth",
  authScheme: "API_KEY",
  name: "Perplexity AI",
  credentials: {},
});

export const perplexityAuthConfigId = perplexity.authConfigId;
