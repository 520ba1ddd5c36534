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

/** The type name the SDK registers McpServer under, in AUTH_CONFIG_MODULE (sdk/mcpServer.ts). */
export const MCP_SERVER_NAME = "McpServer";
/** The type token the engine gives every McpServer of the SDK in state, events and URNs. */
export const MCP_SERVER_TYPE = `pulumi-nodejs:dynamic/${AUTH_CONFIG_MODULE}:${MCP_SERVER_NAME}`;

/** The `composio` package's type tokens (schema.json): the plugin serves them, and state holds its resources under them. */
export const AUTH_CONFIG_TOKEN = `composio:index:${AUTH_CONFIG_NAME}`;
export const MCP_SERVER_TOKEN = `composio:index:${MCP_SERVER_NAME}`;

/** The engine's own key: the serialized provider (sdk/providerStub.ts) travels with every resource's inputs. */
export const PROVIDER_KEY = "__provider";

/**
 * The one input in which the SDK reports what only the program can see (SdkReport). One registered
 * property instead of four: Pulumi's Node.js SDK makes an Output of four promises for every property a
 * resource registers, whatever its value, and that was a measurable share of a no-change run (BENCHMARKS.md).
 * The bundle never reaches state: check unpacks it (takeSdkReport) and keeps what it kept before, under
 * the keys below, so stacks deployed before the bundle see no change.
 */
export const SDK_REPORT_KEY = "__sdk";

/** What the SDK reports under SDK_REPORT_KEY. Names and paths only: never a value the program gave. */
export interface SdkReport {
  /** The resource's name in the program, so check can autoname as Pulumi's own providers do. */
  resourceName?: string;
  /**
   * Credential fields the program gave as non-secret values. The provider process cannot tell (the
   * engine strips secret markers before calling a dynamic provider), so the SDK, which can, passes the
   * field names; check warns with them and keeps them out of the inputs.
   */
  plainCredentials?: string[];
  /** The property paths a program wrapped in pulumi.secret: the provider fingerprints those in outputs (secrets.ts). */
  secretPaths?: string[];
  /** Set when this resource adopts an id another resource of the program adopted first (sdk/adoptionClaims.ts). */
  adoptionConflict?: string;
}

/** The resource's name (SdkReport.resourceName) as checked inputs, and state, keep it. */
export const RESOURCE_NAME_KEY = "__resourceName";

/**
 * The wrapped paths (SdkReport.secretPaths) as checked inputs keep them: in inputs and outputs, so every
 * hook sees them.
 */
export const SECRET_PATHS_KEY = "__secretPaths";

/** The adoption conflict (SdkReport.adoptionConflict) as check's schema takes it: it fails check naming adoptId. */
export const ADOPTION_CONFLICT_KEY = "__adoptionConflict";

/**
 * The plain credential names' key of programs registered before the bundle (each part of SdkReport
 * was its own input then, under this key and the three above); takeSdkReport still reads that form.
 */
export const PLAIN_CREDENTIALS_KEY = "__plainCredentials";

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Raw `news` as check's schema takes them: the SDK's report (the bundle, or the separate keys of
 * programs registered before it) taken out, its resource name, wrapped paths and adoption conflict put
 * back under their own keys (the schema validates them), and the plain credential names apart: they
 * feed a warning and are never an input. Pure; anything that is not an object passes through.
 */
export function takeSdkReport(news: unknown): { news: unknown; plainCredentials: string[] } {
  if (!isRecord(news)) return { news, plainCredentials: [] };
  const {
    [SDK_REPORT_KEY]: bundle,
    [RESOURCE_NAME_KEY]: resourceName,
    [PLAIN_CREDENTIALS_KEY]: plainCredentials,
    [SECRET_PATHS_KEY]: secretPaths,
    [ADOPTION_CONFLICT_KEY]: adoptionConflict,
    ...rest
  } = news;
  // A bundle that is not an object (only a hostile program sends one) reports nothing.
  const report: Record<string, unknown> =
    bundle === undefined ? { resourceName, plainCredentials, secretPaths, adoptionConflict } : isRecord(bundle) ? bundle : {};
  const unpacked: Record<string, unknown> = { ...rest };
  if (report.resourceName !== undefined) unpacked[RESOURCE_NAME_KEY] = report.resourceName;
  if (report.secretPaths !== undefined) unpacked[SECRET_PATHS_KEY] = report.secretPaths;
  if (report.adoptionConflict !== undefined) unpacked[ADOPTION_CONFLICT_KEY] = report.adoptionConflict;
  const names = Array.isArray(report.plainCredentials)
    ? report.plainCredentials.filter((key): key is string => typeof key === "string")
    : [];
  return { news: unpacked, plainCredentials: names };
}

/** The placeholder the engine sends for values that are not known yet (preview of a dependent value). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Keys of the engine's and the provider's bookkeeping (`__provider`, `__autoname`, ...) start so; program arguments never do. */
export const isBookkeepingKey = (key: string): boolean => key.startsWith("__");
