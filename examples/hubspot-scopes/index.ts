/**
 * HubSpot with Composio-managed OAuth and the scopes the agent needs. Scopes are a comma-separated string, as in
 * the seed, or a list; either way they are compared as a set, so reordering them is not a change.
 */
import { AuthConfig } from "pulumi-composio";

const hubspot = new AuthConfig("hubspot", {
  toolkit: "hubspot",
  name: "HubSpot",
  credentials: { scopes: "sales-email-read,tickets" },
});

export const hubspotAuthConfigId = hubspot.authConfigId;
