// Composio auth configs and MCP servers as Pulumi resources: the same provider as the pulumi-composio dynamic provider, for every Pulumi language and `pulumi import`.
package composio
