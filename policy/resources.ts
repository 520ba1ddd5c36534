/**
 * The Composio resources the policy pack recognises, by type token only (never by the shape of their properties), and
 * what the rules read of each: one row of accessors per resource type. A resource type that lacks an accessor is not
 * subject to the rules that read it (an MCP server has no auth `type`).
 *
 * An MCP server's toolkits are its auth configs' and its NO_AUTH apps: the rules see them in the stack, where an id
 * in `authConfigIds` is resolved to the stack's AuthConfig resource, by the id when it is known (the config exists)
 * and by the engine's record of which resources the property was computed from when it is not (a first preview).
 */
import { UnknownValueError } from "@pulumi/policy";
import { AUTH_CONFIG_TYPE, MCP_SERVER_TOKEN, MCP_SERVER_TYPE } from "../provider/engineProtocol";
import { AUTH_CONFIG_TOKEN } from "../provider/plugin/authConfigResource";
import { DEFAULTS, SCOPE_KEYS } from "../provider/core/schema";

/** A property a rule reads: its path, as a violation names it, and its value as the engine gave it. */
export interface PropertyValue {
  path: string;
  value: unknown;
}

/** Where the toolkits of a resource that takes them from other resources (an MCP server) come from. */
export interface ToolkitSources {
  /** Each toolkit (lower-cased), with the property it comes through, e.g. 'authConfigIds[0]: auth config "code"'. */
  origins: ReadonlyMap<string, string>;
  /** The properties whose toolkits the pack cannot tell: each with why (after the property's name) and the fix. */
  unresolved: { property: string; reason: string; fix: string }[];
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
  /** For a resource whose toolkits come from other resources of the stack: where each comes from, and what is not known. */
  toolkitSources?: ToolkitSources;
  /** Whose app it authenticates through (an auth config's `type`); absent for a resource that has none. */
  authType?: PropertyValue;
  /** The scope lists it requests (set ones only); absent for a resource that requests none. */
  scopes?: PropertyValue[];
  /** Where it lists the tools available for execution; absent for a resource that cannot. */
  toolAllowList?: PropertyValue;
}

type Props = Record<string, unknown>;

/**
 * A resource as @pulumi/policy gives it: a resource policy sees its inputs; a stack policy its (planned) outputs and,
 * per property, the resources of the stack the property's value was computed from.
 */
export interface PolicyResourceView {
  type: string;
  name: string;
  urn: string;
  props: Props;
  propertyDependencies?: Readonly<Record<string, readonly PolicyResourceView[]>>;
}

/** One resource type's accessors. Each is called only by the rule that needs it (see composioResource). */
interface ResourceAccessors {
  kind: string;
  /** Its toolkits: from its own properties, or (`fromStack`) resolved through the stack's other resources. */
  toolkits:
    | { fromProps(props: Props): string[] }
    | { fromStack(resource: PolicyResourceView, stack: readonly PolicyResourceView[]): ToolkitSources };
  authType?(props: Props): PropertyValue;
  scopes?(props: Props): PropertyValue[];
  toolAllowList?(props: Props): PropertyValue;
}

const record = (value: unknown): Props => (value !== null && typeof value === "object" ? (value as Props) : {});

const authConfig: ResourceAccessors = {
  kind: "auth config",
  toolkits: { fromProps: ({ toolkit }) => (typeof toolkit === "string" ? [toolkit.toLowerCase()] : []) },
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

const NOT_KNOWN = Symbol("not known during preview");

/** `read()`'s value, or NOT_KNOWN where @pulumi/policy says it is unknown (in a preview, before the value exists). */
function known<T>(read: () => T): T | typeof NOT_KNOWN {
  try {
    return read();
  } catch (error) {
    if (error instanceof UnknownValueError) return NOT_KNOWN;
    throw error;
  }
}

/** A list's entries, each read on its own (reading an unknown entry throws); NOT_KNOWN for a list not known at all. */
function knownEntries(list: unknown): unknown[] | typeof NOT_KNOWN {
  if (list === NOT_KNOWN) return NOT_KNOWN;
  return Array.isArray(list) ? Array.from({ length: list.length }, (_, i) => known(() => list[i] as unknown)) : [];
}

const isAuthConfig = (resource: PolicyResourceView) => COMPOSIO_RESOURCE_TYPES[resource.type] === authConfig;

const PASS_OUTPUTS = "Pass the AuthConfig resources' authConfigId outputs, e.g. [github.authConfigId]";

/**
 * An MCP server's toolkits: its auth configs' and its NO_AUTH apps. An id in `authConfigIds` names an AuthConfig of
 * the stack by its `authConfigId` output once that exists; before (a first preview, when the ids are unknown) the
 * engine's property dependencies say which AuthConfigs the list was computed from. An id of no AuthConfig in the
 * stack, or an unknown list computed from none, cannot be told, unless the server exists: then its own `toolkits`
 * output (an unchanged server's, in a preview) says every toolkit it exposes.
 */
function mcpServerToolkits(server: PolicyResourceView, stack: readonly PolicyResourceView[]): ToolkitSources {
  const origins = new Map<string, string>();
  const unresolved: ToolkitSources["unresolved"] = [];
  const add = (toolkit: string, origin: string) => origins.has(toolkit) || origins.set(toolkit, origin);
  const addConfig = (config: PolicyResourceView, path: string) => {
    const toolkit = known(() => config.props.toolkit);
    if (typeof toolkit === "string") add(toolkit.toLowerCase(), `${path}: auth config "${config.name}"`);
    else
      unresolved.push({
        property: path,
        reason: `is auth config "${config.name}", whose toolkit is not known during preview`,
        fix: "Write its toolkit in the program.",
      });
  };

  const ids = knownEntries(known(() => server.props.authConfigIds));
  const configs = stack.filter(isAuthConfig);
  const idsNotKnown = ids === NOT_KNOWN || ids.includes(NOT_KNOWN);
  (ids === NOT_KNOWN ? [] : ids).forEach((id, i) => {
    if (id === NOT_KNOWN) return;
    const config = configs.find((candidate) => known(() => candidate.props.authConfigId) === id);
    if (config !== undefined) addConfig(config, `authConfigIds[${i}]`);
    else
      unresolved.push({
        property: `authConfigIds[${i}] ("${String(id)}")`,
        reason: "is the id of no AuthConfig in this stack",
        fix: `Manage that auth config in this stack (an AuthConfig resource, or pulumi import) and pass its output. ${PASS_OUTPUTS}.`,
      });
  });
  if (idsNotKnown) {
    const dependedOn = (server.propertyDependencies?.authConfigIds ?? []).filter(isAuthConfig);
    for (const config of dependedOn) addConfig(config, "authConfigIds");
    if (dependedOn.length === 0)
      unresolved.push({
        property: "authConfigIds",
        reason: "is not known during preview and comes from no AuthConfig of this stack",
        fix: `${PASS_OUTPUTS}.`,
      });
  }

  const apps = knownEntries(known(() => server.props.noAuthApps));
  for (const app of apps === NOT_KNOWN ? [NOT_KNOWN] : apps) {
    if (typeof app === "string") add(app.toLowerCase(), "noAuthApps");
    else if (app === NOT_KNOWN)
      unresolved.push({
        property: "noAuthApps",
        reason: "is not known during preview",
        fix: "Write the NO_AUTH toolkit slugs in the program.",
      });
  }

  const own = knownEntries(known(() => server.props.toolkits));
  if (own === NOT_KNOWN || own.length === 0) return { origins, unresolved };
  for (const toolkit of own) if (typeof toolkit === "string") add(toolkit.toLowerCase(), "toolkits, the server's own output");
  return { origins, unresolved: [] };
}

const mcpServer: ResourceAccessors = {
  kind: "MCP server",
  toolkits: { fromStack: mcpServerToolkits },
  toolAllowList: ({ allowedTools }) => ({ path: "allowedTools", value: allowedTools }),
};

/**
 * The resource types the pack knows: the dynamic provider's (the TypeScript SDK) and the package's (YAML, Go, ...).
 * An MCP server's toolkits come from the stack, so the rules check it in their stack half (pack.ts), auth configs
 * in their resource half.
 */
const COMPOSIO_RESOURCE_TYPES: Readonly<Record<string, ResourceAccessors>> = {
  [AUTH_CONFIG_TYPE]: authConfig,
  [AUTH_CONFIG_TOKEN]: authConfig,
  [MCP_SERVER_TYPE]: mcpServer,
  [MCP_SERVER_TOKEN]: mcpServer,
};

/**
 * The rules' view of a resource of a known type, else undefined. Its properties are read when a rule reads them, not
 * before: during a preview a value may be unknown, and @pulumi/policy then skips only the rule that read it. A
 * resource whose toolkits come from the stack has a view only with the `stack` it is in (a stack policy's resources).
 */
export function composioResource(resource: PolicyResourceView, stack?: readonly PolicyResourceView[]): ComposioResource | undefined {
  const accessors = COMPOSIO_RESOURCE_TYPES[resource.type];
  if (accessors === undefined) return undefined;
  const { props } = resource;
  const { toolkits } = accessors;
  if ("fromStack" in toolkits && stack === undefined) return undefined;
  let sources: ToolkitSources | undefined;
  const toolkitSources = () => ("fromStack" in toolkits ? (sources ??= toolkits.fromStack(resource, stack ?? [])) : undefined);
  return {
    name: resource.name,
    urn: resource.urn,
    kind: accessors.kind,
    get toolkits() {
      const fromStack = toolkitSources();
      return fromStack !== undefined ? [...fromStack.origins.keys()] : "fromProps" in toolkits ? toolkits.fromProps(props) : [];
    },
    get toolkitSources() {
      return toolkitSources();
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

/** The views of a stack's resources whose toolkits come from the stack (MCP servers): a rule's stack half checks them. */
export function stackResolvedResources(stack: readonly PolicyResourceView[]): ComposioResource[] {
  return stack.flatMap((resource) => {
    const accessors = COMPOSIO_RESOURCE_TYPES[resource.type];
    return accessors !== undefined && "fromStack" in accessors.toolkits ? (composioResource(resource, stack) ?? []) : [];
  });
}
