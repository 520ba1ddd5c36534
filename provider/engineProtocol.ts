/**
 * What crosses the Pulumi engine between the SDK (the program's process), the provider hooks (the
 * dynamic-provider process) and the tools that read state (cli/, scripts/): the resource's type token
 * and the property keys that are bookkeeping, not the program's arguments. A leaf: it imports nothing,
 * so any layer may import it (sdk/, cli/, testbed/, bench/, provider/core, provider/hooks, tests).
 */

/** The module and type name the SDK registers AuthConfig under (pulumi.dynamic.Resource's last two arguments). */
export const AUTH_CONFIG_MODULE = "composio";
export const AUTH_CONFIG_NAME = "AuthConfig";
/** The type token the engine gives every AuthConfig in state, events and URNs. */
export const AUTH_CONFIG_TYPE = `pulumi-nodejs:dynamic/${AUTH_CONFIG_MODULE}:${AUTH_CONFIG_NAME}`;

/** The engine's own key: the serialized provider (sdk/providerStub.ts) travels with every resource's inputs. */
export const PROVIDER_KEY = "__provider";

/** The resource's name in the program, passed by the SDK so check can autoname as Pulumi's own providers do. */
export const RESOURCE_NAME_KEY = "__resourceName";

/**
 * The input in which the SDK reports credential fields the program gave as non-secret values. The
 * provider process cannot tell (the engine strips secret markers before calling a dynamic provider),
 * so the SDK, which can, passes the field names (never values); check removes it from the inputs.
 */
export const PLAIN_CREDENTIALS_KEY = "__plainCredentials";

/**
 * The input in which the SDK lists the property paths a program wrapped in pulumi.secret (never the
 * values): the provider fingerprints those in outputs (secrets.ts). Kept in inputs and outputs, so every hook sees it.
 */
export const SECRET_PATHS_KEY = "__secretPaths";

/** The SDK's report that this resource adopts an id another resource of the program adopted first (sdk/adoptionClaims.ts). */
export const ADOPTION_CONFLICT_KEY = "__adoptionConflict";

/** The placeholder the engine sends for values that are not known yet (preview of a dependent value). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Keys of the engine's and the provider's bookkeeping (`__provider`, `__autoname`, ...) start so; program arguments never do. */
export const isBookkeepingKey = (key: string): boolean => key.startsWith("__");
