/**
 * Toolkit definitions (`GET /toolkits/{slug}`) read, purely: the schemes a toolkit offers, the fields
 * an auth config of each scheme takes, and where to find their values. Fetching them is lookups.ts's.
 */
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
export function creationFields(
  toolkit: ToolkitDefinition,
  scheme: string,
  opts: { requiredOnly?: boolean } = {},
): ToolkitField[] | undefined {
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
