/**
 * The API look-ups a run repeats, memoized per process (memo.ts): a toolkit's definition and an
 * existing auth config. However many resources (check hook) or function calls (the SDK's sdk/functions.ts, the
 * plugin's invokes in ../plugin/functions.ts) ask, each toolkit or config is fetched at most once per process, API
 * and project.
 */
import { ComposioApi, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./client";
import { ComposioApiError, statusOf } from "./errors";
import { memoize, settingsKey } from "./memo";
import type { ProviderSettings } from "./settings";
import type { AuthScheme } from "../core/schema";
import { creationFields, listSchemes, offeredSchemes, type ToolkitDefinition, type ToolkitField } from "../core/toolkitDefinition";
import type { WireAuthConfig } from "../core/wire";

/**
 * Look-ups sit in `check`, which `pulumi preview` runs: a short timeout, few retries and a short
 * budget (which also bounds waits for rate limits), so an unreachable API delays a preview by
 * seconds, not minutes, before the toolkit rules are skipped.
 */
const TOOLKIT_LOOKUP_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: 2, timeoutMs: 5_000, retryBudgetMs: 15_000 };

/** Thrown (with status 404) when Composio has no toolkit of that slug. */
function unknownToolkitError(slug: string, requestId?: string): ComposioApiError {
  return new ComposioApiError(
    `toolkit "${slug}" does not exist in Composio (404); check the slug (lower case, e.g. "github"; the dashboard and GET /api/v3.1/toolkits list them).`,
    { status: 404, requestId, composioMessage: "not found" },
  );
}

/** The toolkit's definition, fetched once per process per API, project and slug. */
export const lookupToolkit: (settings: ProviderSettings, slug: string) => Promise<ToolkitDefinition> = memoize(
  (settings, slug) => `${settingsKey(settings)}|${slug}`,
  async (settings, slug) => {
    try {
      return await new ComposioApi(settings, TOOLKIT_LOOKUP_POLICY).getToolkit(slug);
    } catch (error) {
      if (statusOf(error) === 404) throw unknownToolkitError(slug, (error as ComposioApiError).requestId);
      throw error;
    }
  },
);

/** The slugs of every toolkit Composio lists, fetched once per process per API and project. */
export const listToolkitSlugs: (settings: ProviderSettings) => Promise<string[]> = memoize(
  (settings) => settingsKey(settings),
  async (settings) => (await new ComposioApi(settings, TOOLKIT_LOOKUP_POLICY).listToolkits()).map((toolkit) => toolkit.slug),
);

/** An existing auth config, fetched once per process per API, project and id; a 404 is an error that says what to check. */
export const lookupAuthConfig: (settings: ProviderSettings, id: string) => Promise<WireAuthConfig> = memoize(
  (settings, id) => `${settingsKey(settings)}|${id}`,
  async (settings, id) => {
    const config = await new ComposioApi(settings).getAuthConfig(id);
    if (!config) {
      throw new ComposioApiError(
        `auth config ${id} does not exist in this Composio project (404); check the id (ac_...) and that the API key belongs to the project that has it.`,
        { status: 404, composioMessage: "not found" },
      );
    }
    return config;
  },
);

/**
 * The fields an auth config of `toolkit` with `authScheme` takes (`auth_config_creation`), required ones first; only
 * those with `requiredOnly`. Fails, listing the offered schemes, when the toolkit does not offer `authScheme`.
 */
export async function lookupCreationFields(
  settings: ProviderSettings,
  toolkit: string,
  authScheme: AuthScheme,
  opts: { requiredOnly?: boolean } = {},
): Promise<ToolkitField[]> {
  const definition = await lookupToolkit(settings, toolkit);
  const fields = creationFields(definition, authScheme, opts);
  if (!fields) {
    throw new Error(`toolkit "${toolkit}" does not offer authScheme ${authScheme}; it offers: ${listSchemes(offeredSchemes(definition))}`);
  }
  return fields;
}
