/** The drift command's own failures, shared by its modules (drift.ts, driftCheckpoint.ts). */

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
