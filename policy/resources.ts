/**
 * The Composio resources the policy pack recognises, by type token only (never by the shape of their properties), and
 * what the rules read of each: one row of accessors per resource type. A resource type that lacks an accessor is not
 * subject to the rules that read it (an MCP server has no auth `type`). Adding McpServer is adding its rows here.
 */
import { AUTH_CONFIG_TYPE } from "../provider/engineProtocol";
import { AUTH_CONFIG_TOKEN } from "../provider/plugin/authConfigResource";
import { DEFAULTS, SCOPE_KEYS } from "../provider/core/schema";

/** A property a rule reads: its path, as a violation names it, and its value as the engine gave it. */
export interface PropertyValue {
  path: string;
  value: unknown;
}

/** What the rules see of one resource. Plain data, so the validators (rules.ts) are tested with plain objects. */
export interface ComposioResource {
  /** The resource's name in its URN (what the program called it). */
  name: string;
  urn: string;
  /** How messages call it, e.g. "auth config". */
  kind: string;
  /** The toolkit slugs it uses, lower-cased (slugs are case-insensitive). */
  toolkits: string[];
  /** Whose app it authenticates through (an auth config's `type`); absent for a resource that has none. */
  authType?: PropertyValue;
  /** The scope lists it requests (set ones only); absent for a resource that requests none. */
  scopes?: PropertyValue[];
  /** Where it lists the tools available for execution; absent for a resource that cannot. */
  toolAllowList?: PropertyValue;
}

type Props = Record<string, unknown>;

/** One resource type's accessors. Each is called only by the rule that needs it (see composioResource). */
interface ResourceAccessors {
  kind: string;
  toolkits(props: Props): string[];
  authType?(props: Props): PropertyValue;
  scopes?(props: Props): PropertyValue[];
  toolAllowList?(props: Props): PropertyValue;
}

const record = (value: unknown): Props => (value !== null && typeof value === "object" ? (value as Props) : {});

const authConfig: ResourceAccessors = {
  kind: "auth config",
  toolkits: ({ toolkit }) => (typeof toolkit === "string" ? [toolkit.toLowerCase()] : []),
  authType: ({ type }) => ({ path: "type", value: type ?? DEFAULTS.type }),
  scopes: ({ credentials }) =>
    SCOPE_KEYS.filter((key) => record(credentials)[key] !== undefined).map((key) => ({
      path: `credentials.${key}`,
      value: record(credentials)[key],
    })),
  toolAllowList: ({ toolAccessConfig }) => ({
    path: "toolAccessConfig.toolsAvailableForExecution",
    value: record(toolAccessConfig).toolsAvailableForExecution,
  }),
};

/** The resource types the pack knows: the dynamic provider's (the TypeScript SDK) and the package's (YAML, Go, ...). */
const COMPOSIO_RESOURCE_TYPES: Readonly<Record<string, ResourceAccessors>> = {
  [AUTH_CONFIG_TYPE]: authConfig,
  [AUTH_CONFIG_TOKEN]: authConfig,
};

/**
 * The rules' view of a resource of a known type, else undefined. Its properties are read when a rule reads them, not
 * before: during a preview a value may be unknown, and @pulumi/policy then skips only the rule that read it.
 */
export function composioResource(resource: { type: string; name: string; urn: string; props: Props }): ComposioResource | undefined {
  const accessors = COMPOSIO_RESOURCE_TYPES[resource.type];
  if (accessors === undefined) return undefined;
  const { props } = resource;
  return {
    name: resource.name,
    urn: resource.urn,
    kind: accessors.kind,
    get toolkits() {
      return accessors.toolkits(props);
    },
    get authType() {
      return accessors.authType?.(props);
    },
    get scopes() {
      return accessors.scopes?.(props);
    },
    get toolAllowList() {
      return accessors.toolAllowList?.(props);
    },
  };
}
