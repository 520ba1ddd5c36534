/**
 * The agent's stack: it reads `mcpUrl` from the platform's stack (the example one directory up) through a
 * StackReference, so the URL is never copied by hand and follows the server when it is replaced. A real app would
 * hand it to the agent's deployment (an environment variable, a secret store); this one exports it.
 * Config: `platformStack`, the platform stack's full name (default `organization/composio-mcp-server/<this stack>`,
 * the name on a file or S3 backend; on Pulumi Cloud `<org>/composio-mcp-server/<stack>`).
 */
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const platform = new pulumi.StackReference(config.get("platformStack") ?? `organization/composio-mcp-server/${pulumi.getStack()}`);

export const agentMcpUrl = platform.requireOutput("mcpUrl") as pulumi.Output<string>;
