/** The drift command's own failures, shared by its modules (drift.ts, driftCheckpoint.ts). */
import { AUTH_CONFIG_TOKEN, MCP_SERVER_TOKEN } from "../provider/engineProtocol";

/**
 * A failure with the message to print; `fatal`: the run fails as a whole (exit 2), not one stack's check;
 * `noApiKey`: the stack's refresh had no API key (its result fails the job, exit 2, after every stack is checked).
 */
export class DriftError extends Error {
  constructor(
    message: string,
    readonly fatal = false,
    readonly noApiKey = false,
  ) {
    super(message);
  }
}

/** A refresh with no key at all: said as such (the provider says it once per config), naming both places a key may be. */
export const noApiKeyMessage = (stack: string) =>
  `no Composio API key for stack "${stack}": neither composio:apiKey in the stack's config nor COMPOSIO_API_KEY in this ` +
  `environment is set. Export COMPOSIO_API_KEY for the check (e.g. from the pipeline's secrets), or set the stack's key ` +
  `with \`pulumi config set --secret composio:apiKey <key> --stack ${stack}\` and run \`pulumi up\` ` +
  "(a refresh uses the settings of the last up).";

/**
 * The `composio` package's resources a stack's state holds (a YAML or Go program's, or a generated SDK's), by type
 * token. Both ways of checking read the TypeScript SDK's resources only: these would count as none, and "no drift"
 * over them would be a false green.
 */
export function packageResourceTypes(resources: readonly { type?: string }[]): string[] {
  const tokens: readonly string[] = [AUTH_CONFIG_TOKEN, MCP_SERVER_TOKEN];
  return [...new Set(resources.flatMap(({ type }) => (type && tokens.includes(type) ? [type] : [])))].sort();
}

/** Why a stack of the package's resources is not checked, and the check that covers them. */
export const packageResourcesMessage = (stack: string, types: readonly string[]) =>
  `stack "${stack}" holds the composio package's ${types.join(" and ")} resources (a YAML or Go program), which ` +
  `composio-drift does not read; it reads the TypeScript SDK's AuthConfig and McpServer. Check this stack with ` +
  `\`pulumi preview --refresh --expect-no-changes --stack ${stack}\`, which fails on drift.`;
