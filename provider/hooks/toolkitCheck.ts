/**
 * The toolkit-aware step of the check hook: fetch the toolkit's definition (once per process, see
 * lookups.ts), then apply the pure rules of toolkitRules.ts.
 *
 * It never needs the network to pass: without an API key it is skipped (a preview can validate
 * shapes offline), and when the definition cannot be read it is skipped with a warning, leaving the
 * API to refuse a bad config at create time. An unknown toolkit (404) fails it, and so does a key
 * Composio refuses (401, 403): every write of the run would fail the same way.
 */
import { isDeepStrictEqual } from "node:util";
import type { CheckFailure } from "../core/check";
import { UNKNOWN } from "../engineProtocol";
import type { WarningSink } from "./engineLog";
import { ComposioApiError, statusOf } from "../api/errors";
import { alignSecrets } from "../core/secrets";
import { withoutMarks } from "../core/secretMarks";
import type { AuthConfigInputs } from "../core/schema";
import type { ProviderSettings } from "../api/settings";
import { closestName, toolkitVerdict } from "../core/toolkitRules";
import { listToolkitSlugs, lookupToolkit } from "../api/lookups";

/** The inputs the toolkit's rules read. */
const RULE_INPUTS = ["toolkit", "type", "authScheme", "credentials"] as const;

/**
 * Whether the toolkit's rules need to run: not when those inputs are what the last run applied (the
 * API accepted them then), so a no-change preview asks Composio nothing. Plain-value reports do not
 * force a run: the SDK reports every credential that is not secret-named (client_id, scopes, ...), so
 * they would make every run of a typical stack look every toolkit up; their warning is given when
 * the credentials are first set or change. `inputs` are the checked inputs, secrets marked.
 */
export function needsToolkitCheck(olds: unknown, inputs: AuthConfigInputs): boolean {
  if (withoutMarks(inputs).toolkit === UNKNOWN) return false;
  if (olds === null || typeof olds !== "object") return true;
  const previous = olds as Record<string, unknown>;
  // After a refresh the old inputs hold fingerprints of secrets (secrets.ts): compare in those terms.
  const current = alignSecrets(inputs, previous);
  return RULE_INPUTS.some((key) => !isDeepStrictEqual(previous[key], current[key]));
}

/**
 * The failure for a look-up Composio refused. A wrong key would fail every write of the run, so the
 * preview fails now (a green PR preview with a bad key would be wrong); messages name the setting,
 * never the key or the slug (which may be a secret passed by mistake).
 */
function refusedKeyFailure(status: number, composioMessage: string): CheckFailure {
  const refusal = `Composio refused the API key (status ${status}: ${composioMessage}) when reading the toolkit's definition`;
  if (status === 401) {
    return {
      property: "composio:apiKey",
      reason: `${refusal}; set the project's key with \`pulumi config set --secret composio:apiKey <key>\` (or COMPOSIO_API_KEY when the stack sets none)`,
    };
  }
  return {
    property: "composio:apiKey",
    reason:
      `${refusal}: the key is valid but not allowed this request. Since 2026-06-04 Composio keys are scoped: give the key ` +
      `the capability to read toolkits and manage auth configs, and check its IP allowlist against this machine's address ` +
      `(Composio dashboard, API keys), or set another key with \`pulumi config set --secret composio:apiKey <key>\``,
  };
}

/** The listed toolkit a misspelt slug most likely meant; none when the list cannot be read (the failure stands without it). */
async function suggestToolkit(settings: ProviderSettings, slug: string): Promise<string | undefined> {
  try {
    return closestName(slug, await listToolkitSlugs(settings));
  } catch {
    return undefined;
  }
}

/** Names a suggestion, never the slug given: it may be a secret passed by mistake. */
function unknownToolkitReason(suggestion: string | undefined): string {
  const guess = suggestion === undefined ? "" : `did you mean "${suggestion}"? `;
  return `no toolkit of this slug exists in Composio (404); ${guess}check the slug (\`composio-toolkits\` lists the toolkits, e.g. "github")`;
}

export async function checkAgainstToolkit(
  inputs: AuthConfigInputs,
  plainKeys: readonly string[],
  settings: ProviderSettings | undefined,
  warn: WarningSink,
): Promise<CheckFailure[]> {
  if (!settings) return [];
  try {
    const toolkit = await lookupToolkit(settings, inputs.toolkit);
    const resource = `AuthConfig "${inputs.__resourceName ?? inputs.name}"`;
    const { failures, warnings } = toolkitVerdict(toolkit, inputs, plainKeys, resource);
    for (const warning of warnings) await warn(warning);
    return failures;
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) return [{ property: "toolkit", reason: unknownToolkitReason(await suggestToolkit(settings, inputs.toolkit)) }];
    if (status === 401 || status === 403) return [refusedKeyFailure(status, (error as ComposioApiError).composioMessage)];
    // Unreachable or failing: the API still validates at create, so this does not stop the run. One
    // warning for all resources (no slug or name in it); the reason is Composio's, not the request's.
    const reason =
      error instanceof ComposioApiError ? `${error.composioMessage}${status ? ` (status ${status})` : ""}` : (error as Error).message;
    await warn(
      `toolkit definitions could not be read from Composio (${reason}), so schemes and credential fields were not checked ` +
        `before calling the API, which still validates them; check composio:baseUrl / COMPOSIO_BASE_URL and the network`,
    );
    return [];
  }
}
