/**
 * Read-only functions over the Composio API, to find out what a toolkit needs before writing an auth
 * config (the seed's "programmatically inspecting fields") and to read configs Pulumi does not
 * manage. Each is a plain async call and, by Pulumi's convention, an `...Output` variant that takes
 * Inputs and returns an Output (it resolves during preview too, as provider functions do).
 *
 * Results are cached per process: the same arguments make one API call (a failure is kept too), so
 * a program may call them per resource freely.
 *
 * Settings: `apiKey` / `baseUrl` given in the options, else the stack's `composio:apiKey` /
 * `composio:baseUrl` when running inside a Pulumi program, else COMPOSIO_API_KEY / COMPOSIO_BASE_URL.
 */
import * as pulumi from "@pulumi/pulumi";
import { lookupAuthConfig, lookupCreationFields, lookupToolkit } from "../provider/api/lookups";
import type { AuthScheme } from "../provider/core/schema";
import { MISSING_KEY_MESSAGE, ProviderSettingsError, resolveSettings, type ProviderSettings } from "../provider/api/settings";
import type { ToolkitDefinition, ToolkitField } from "../provider/core/toolkitDefinition";
import type { WireAuthConfig } from "../provider/core/wire";

export type { ToolkitDefinition, ToolkitField };
/** An auth config as the API returns it; secret credential values are masked by Composio. */
export type AuthConfigDetails = WireAuthConfig;

export interface ComposioFunctionOptions {
  /** Default: stack config `composio:apiKey`, else COMPOSIO_API_KEY. */
  apiKey?: string;
  /** Default: stack config `composio:baseUrl`, else COMPOSIO_BASE_URL, else https://backend.composio.dev. */
  baseUrl?: string;
}

export interface CreationFieldsOptions extends ComposioFunctionOptions {
  /** Only the fields an auth config of this scheme must be given. */
  requiredOnly?: boolean;
}

/** The options of the Output variants: every value may be an Input. */
export type OutputOptions<T> = { [K in keyof T]?: pulumi.Input<T[K]> };

/** Explicit options, then stack config (empty outside a Pulumi program), then the environment. */
function functionSettings(opts: ComposioFunctionOptions = {}): ProviderSettings {
  const explicit: Record<string, string | undefined> = { "composio:apiKey": opts.apiKey, "composio:baseUrl": opts.baseUrl };
  try {
    return resolveSettings((key) => explicit[key] ?? pulumi.runtime.getConfig(key), process.env);
  } catch (error) {
    if ((error as Error).message !== MISSING_KEY_MESSAGE) throw error;
    throw new ProviderSettingsError(`${MISSING_KEY_MESSAGE} Or pass { apiKey } in the function's options.`, "composio:apiKey");
  }
}

/** A toolkit's definition (`GET /toolkits/{slug}`): its schemes, managed auth and fields. */
export async function getToolkit(slug: string, opts?: ComposioFunctionOptions): Promise<ToolkitDefinition> {
  return lookupToolkit(functionSettings(opts), slug);
}

/**
 * The fields an auth config of `toolkit` with `authScheme` takes (`auth_config_creation`), required
 * ones first; only those with `requiredOnly`. Fails, listing the offered schemes, when the toolkit
 * does not offer `authScheme`.
 */
export async function getAuthConfigCreationFields(
  toolkit: string,
  authScheme: AuthScheme,
  opts: CreationFieldsOptions = {},
): Promise<ToolkitField[]> {
  return lookupCreationFields(functionSettings(opts), toolkit, authScheme, { requiredOnly: opts.requiredOnly });
}

/** An existing auth config, read without managing it (secrets stay masked as Composio returns them). */
export async function getAuthConfig(id: string, opts?: ComposioFunctionOptions): Promise<AuthConfigDetails> {
  return lookupAuthConfig(functionSettings(opts), id);
}

export function getToolkitOutput(
  slug: pulumi.Input<string>,
  opts: OutputOptions<ComposioFunctionOptions> = {},
): pulumi.Output<ToolkitDefinition> {
  return pulumi.all([slug, pulumi.output(opts)]).apply(([s, o]) => getToolkit(s, o as ComposioFunctionOptions));
}

export function getAuthConfigCreationFieldsOutput(
  toolkit: pulumi.Input<string>,
  authScheme: pulumi.Input<AuthScheme>,
  opts: OutputOptions<CreationFieldsOptions> = {},
): pulumi.Output<ToolkitField[]> {
  return pulumi
    .all([toolkit, authScheme, pulumi.output(opts)])
    .apply(([t, s, o]) => getAuthConfigCreationFields(t, s, o as CreationFieldsOptions));
}

export function getAuthConfigOutput(
  id: pulumi.Input<string>,
  opts: OutputOptions<ComposioFunctionOptions> = {},
): pulumi.Output<AuthConfigDetails> {
  return pulumi.all([id, pulumi.output(opts)]).apply(([i, o]) => getAuthConfig(i, o as ComposioFunctionOptions));
}
