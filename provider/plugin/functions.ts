/**
 * The package's functions, served by the plugin's Invoke: the same calls as the SDK's functions
 * (sdk/functions.ts), with the provider's settings in place of the program's. An invoke returns an
 * object, so the list of creation fields comes back as `{ fields }`.
 */
import type { ProviderSettings } from "../api/settings";
import { getAuthConfig, getAuthConfigCreationFields, getToolkit } from "../../sdk/functions";
import { AUTH_SCHEMES, type AuthScheme } from "../core/schema";

type Args = Record<string, unknown>;
type Fn = (args: Args, settings: ProviderSettings) => Promise<unknown>;

/** A required string argument, or an error naming it. */
function text(args: Args, name: string, example: string): string {
  const value = args[name];
  if (typeof value !== "string" || value === "") throw new Error(`${name} is required: a string, e.g. "${example}"`);
  return value;
}

const options = (settings: ProviderSettings) => ({ apiKey: settings.apiKey, baseUrl: settings.baseUrl });

export const FUNCTIONS: Record<string, Fn> = {
  "composio:index:getToolkit": (args, settings) => getToolkit(text(args, "slug", "github"), options(settings)),
  "composio:index:getAuthConfigCreationFields": async (args, settings) => {
    const scheme = text(args, "authScheme", "OAUTH2");
    if (!(AUTH_SCHEMES as readonly string[]).includes(scheme)) throw new Error(`authScheme must be one of ${AUTH_SCHEMES.join(", ")}`);
    const fields = await getAuthConfigCreationFields(text(args, "toolkit", "github"), scheme as AuthScheme, {
      ...options(settings),
      requiredOnly: args.requiredOnly === true,
    });
    return { fields };
  },
  "composio:index:getAuthConfig": (args, settings) => getAuthConfig(text(args, "id", "ac_1234abcd"), options(settings)),
};
