/**
 * The package's functions, served by the plugin's Invoke: the same look-ups as the SDK's functions
 * (sdk/functions.ts; both are ../api/lookups.ts), with the provider's settings in place of the program's. An invoke
 * returns an object, so the list of creation fields comes back as `{ fields }`.
 */
import { lookupAuthConfig, lookupCreationFields, lookupToolkit } from "../api/lookups";
import type { ProviderSettings } from "../api/settings";
import { AUTH_SCHEMES, isAuthScheme } from "../core/schema";

type Args = Record<string, unknown>;
/** Each invoke is async: a bad argument is a rejection, like a failed look-up. */
type Fn = (args: Args, settings: ProviderSettings) => Promise<unknown>;

/** A required string argument, or an error naming it. */
function text(args: Args, name: string, example: string): string {
  const value = args[name];
  if (typeof value !== "string" || value === "") throw new Error(`${name} is required: a string, e.g. "${example}"`);
  return value;
}

export const FUNCTIONS: Record<string, Fn> = {
  "composio:index:getToolkit": async (args, settings) => lookupToolkit(settings, text(args, "slug", "github")),
  "composio:index:getAuthConfigCreationFields": async (args, settings) => {
    const scheme = text(args, "authScheme", "OAUTH2");
    if (!isAuthScheme(scheme)) throw new Error(`authScheme must be one of ${AUTH_SCHEMES.join(", ")}`);
    const fields = await lookupCreationFields(settings, text(args, "toolkit", "github"), scheme, {
      requiredOnly: args.requiredOnly === true,
    });
    return { fields };
  },
  "composio:index:getAuthConfig": async (args, settings) => lookupAuthConfig(settings, text(args, "id", "ac_1234abcd")),
};
