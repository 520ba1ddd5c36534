/**
 * Toolkit definitions (`GET /toolkits/{slug}`): the schemes a toolkit offers, the fields an auth
 * config of each scheme takes, and where to find their values. Reading them is pure; fetching them
 * goes through one per-process cache, so a run asks Composio about each toolkit at most once,
 * however many resources use it (and whether the check hook or the SDK's functions ask).
 */
import { ComposioApi, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./client";
import { ComposioApiError, statusOf } from "./errors";
import { memoize, settingsKey } from "./memo";
import type { ProviderSettings } from "./settings";
import type { WireAuthConfigDetail, WireToolkit, WireToolkitField } from "./wire";

export type ToolkitDefinition = WireToolkit;
export type ToolkitField = WireToolkitField;

/** Schemes a custom auth config of this toolkit can use. */
export function offeredSchemes(toolkit: ToolkitDefinition): string[] {
  return (toolkit.auth_config_details ?? []).map((detail) => detail.mode);
}

/** Schemes Composio manages for this toolkit; empty when it has no managed auth. */
export function managedSchemes(toolkit: ToolkitDefinition): string[] {
  return toolkit.composio_managed_auth_schemes ?? [];
}

export function authDetail(toolkit: ToolkitDefinition, scheme: string): WireAuthConfigDetail | undefined {
  return (toolkit.auth_config_details ?? []).find((detail) => detail.mode === scheme);
}

/**
 * The seed's `getAuthConfigCreationFields`: the `auth_config_creation` fields of the scheme, required
 * ones first (or only those). Undefined when the toolkit does not offer the scheme.
 */
export function creationFields(toolkit: ToolkitDefinition, scheme: string, opts: { requiredOnly?: boolean } = {}): ToolkitField[] | undefined {
  const detail = authDetail(toolkit, scheme);
  if (!detail) return undefined;
  const group = detail.fields?.auth_config_creation ?? {};
  const required = (group.required ?? []).map((field) => ({ ...field, required: true }));
  return opts.requiredOnly ? required : [...required, ...(group.optional ?? []).map((field) => ({ ...field, required: false }))];
}

/**
 * Whether a scheme takes credential fields the definition does not name. The rule: a scheme whose
 * definition has no `auth_config_creation` group at all does not say what it takes, so any field
 * names are accepted (free-form); a group, even an empty one, is the complete list.
 */
export function takesFreeFormFields(toolkit: ToolkitDefinition, scheme: string): boolean {
  const detail = authDetail(toolkit, scheme);
  return detail !== undefined && detail.fields?.auth_config_creation === undefined;
}

/** Where a user finds the values of a scheme's fields: the scheme's hint, else the toolkit's guide. */
export function whereToFind(toolkit: ToolkitDefinition, scheme?: string): string | undefined {
  const detail = scheme === undefined ? undefined : authDetail(toolkit, scheme);
  return detail?.auth_hint_url || toolkit.auth_hint_url || toolkit.auth_guide_url || undefined;
}

/** `"API_KEY, OAUTH2"`, or a phrase that says there are none. */
export function listSchemes(schemes: string[]): string {
  return schemes.length === 0 ? "none" : schemes.join(", ");
}

/**
 * Look-ups sit in `check`, which `pulumi preview` runs: a short timeout, few retries and a short
 * budget (which also bounds waits for rate limits), so an unreachable API delays a preview by
 * seconds, not minutes, before the toolkit rules are skipped.
 */
export const TOOLKIT_LOOKUP_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: 2, timeoutMs: 5_000, retryBudgetMs: 15_000 };

/** Thrown (with status 404) when Composio has no toolkit of that slug. */
export function unknownToolkitError(slug: string, requestId?: string): ComposioApiError {
  return new ComposioApiError(
    `toolkit "${slug}" does not exist in Composio (404); check the slug (lower case, e.g. "github"; the dashboard and GET /api/v3.1/toolkits list them).`,
    404,
    requestId,
    undefined,
    "not found",
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
