/**
 * The policy pack's rules as pure functions: a resource's view (resources.ts) and the rule's settings from the policy
 * config file in, the violations' messages out. pack.ts wires them to @pulumi/policy. Each message names the resource,
 * the property, the offending value and the fix. The only values printed are toolkit slugs, auth types and scopes:
 * never another credential (the pack does not read them), and never a value the program made secret (the provider
 * seals those in the inputs a pack sees, and a rule that meets a seal says it cannot check it, without its value).
 */
import { normalizeScopes } from "../provider/core/normalize";
import { isFingerprint } from "../provider/core/secrets";
import type { ComposioResource, PropertyValue } from "./resources";

export type EnforcementLevel = "advisory" | "mandatory" | "disabled";

/** A list of toolkit slugs, in any case; "*" stands for every toolkit. */
export interface ToolkitListConfig {
  toolkits?: string[];
}

export interface AllowedScopesConfig {
  /** Per toolkit slug (any case), the scopes its auth configs may request; toolkits not listed are not restricted. */
  scopes?: Record<string, string[]>;
}

const quoted = (values: readonly string[]) => values.map((value) => `"${value}"`).join(", ");

/** Whether a configured list of slugs (any case, "*" for all) names `toolkit` (lower case). */
export function listsToolkit(list: readonly string[] | undefined, toolkit: string): boolean {
  return (list ?? []).some((entry) => entry === "*" || entry.toLowerCase() === toolkit);
}

/** Said of a value the provider sealed because the program made it secret: the rule cannot read it, and says so. */
function sealedMessage(resource: ComposioResource, property: PropertyValue, rule: string, fix: string): string | undefined {
  if (!isFingerprint(property.value)) return undefined;
  return (
    `${resource.kind} "${resource.name}": ${property.path} is a secret (wrapped in pulumi.secret, or in a credentials object set ` +
    `with --secret), so ${rule} cannot check it; ${fix}.`
  );
}

/** composio-allowed-toolkits: every resource uses only listed toolkits. No list configured: any toolkit. */
export function allowedToolkitsViolations(resource: ComposioResource, { toolkits: allowed }: ToolkitListConfig): string[] {
  if (allowed === undefined) return [];
  return resource.toolkits
    .filter((toolkit) => !listsToolkit(allowed, toolkit))
    .map(
      (toolkit) =>
        `${resource.kind} "${resource.name}": toolkit "${toolkit}" is not an allowed toolkit (allowed: ${quoted(allowed)}). ` +
        `Use an allowed toolkit, or add "${toolkit}" to composio-allowed-toolkits' toolkits in the policy config.`,
    );
}

/** composio-custom-auth-required: auth configs of the listed toolkits use the team's own app ("use_custom_auth"). */
export function customAuthViolations(resource: ComposioResource, { toolkits: required }: ToolkitListConfig): string[] {
  const authType = resource.authType;
  if (authType === undefined || authType.value === "use_custom_auth") return [];
  return resource.toolkits
    .filter((toolkit) => listsToolkit(required, toolkit))
    .map(
      (toolkit) =>
        `${resource.kind} "${resource.name}": ${authType.path} is "${String(authType.value)}", but toolkit "${toolkit}" must use the ` +
        `team's own app (composio-custom-auth-required). Set type "use_custom_auth" with your app's authScheme and credentials.`,
    );
}

/** composio-allowed-scopes: the scopes a resource requests (comma string or list) are within its toolkit's list. */
export function allowedScopesViolations(resource: ComposioResource, { scopes: allowedByToolkit = {} }: AllowedScopesConfig): string[] {
  const lists = Object.entries(allowedByToolkit);
  return resource.toolkits.flatMap((toolkit) => {
    const [configured, list] = lists.find(([key]) => key.toLowerCase() === toolkit) ?? [];
    if (list === undefined) return [];
    const allowed = normalizeScopes(list);
    return (resource.scopes ?? []).flatMap((property) => {
      const sealed = sealedMessage(resource, property, "composio-allowed-scopes", "pass scopes as a plain value (they are no secret)");
      if (sealed) return [sealed];
      const outside = normalizeScopes(property.value as string | string[]).filter((scope) => !allowed.includes(scope));
      if (outside.length === 0) return [];
      return [
        `${resource.kind} "${resource.name}": ${property.path} requests ${quoted(outside)}, not among the allowed scopes of ` +
          `toolkit "${toolkit}" (allowed: ${quoted(allowed)}). Remove ${outside.length === 1 ? "it" : "them"}, or add ` +
          `${outside.length === 1 ? "it" : "them"} to composio-allowed-scopes' scopes.${configured} in the policy config.`,
      ];
    });
  });
}

/** composio-tools-restricted: resources of the listed toolkits list the tools available for execution (non-empty). */
export function toolsRestrictedViolations(resource: ComposioResource, { toolkits: restricted }: ToolkitListConfig): string[] {
  const toolkit = resource.toolkits.find((slug) => listsToolkit(restricted, slug));
  const property = resource.toolAllowList;
  if (toolkit === undefined || property === undefined) return [];
  const sealed = sealedMessage(resource, property, "composio-tools-restricted", "pass the tool list as a plain value");
  if (sealed) return [sealed];
  const tools = Array.isArray(property.value) ? property.value.filter((tool) => String(tool).trim() !== "") : [];
  if (tools.length > 0) return [];
  return [
    `${resource.kind} "${resource.name}": ${property.path} is ${property.value === undefined ? "not set" : "empty"}, so every tool of ` +
      `toolkit "${toolkit}" can be executed (composio-tools-restricted). Set it to the tool slugs your agents need, ` +
      `e.g. ["${toolkit.toUpperCase()}_..."].`,
  ];
}

/** One stack-level violation, reported on a resource's URN. */
export interface StackViolation {
  urn: string;
  message: string;
}

/**
 * composio-one-config-per-toolkit: at most one auth config per toolkit and type in a stack (two split the connected
 * accounts and the agents' choice between them). Each config after the first of its kind is a violation.
 */
export function onePerToolkitViolations(resources: readonly ComposioResource[]): StackViolation[] {
  const first = new Map<string, ComposioResource>();
  return resources.flatMap((resource) => {
    const authType = resource.authType;
    if (authType === undefined) return [];
    return resource.toolkits.flatMap((toolkit) => {
      const key = JSON.stringify([toolkit, authType.value]);
      const earlier = first.get(key);
      if (earlier === undefined) {
        first.set(key, resource);
        return [];
      }
      return [
        {
          urn: resource.urn,
          message:
            `${resource.kind} "${resource.name}" is a second auth config of toolkit "${toolkit}" with ${authType.path} ` +
            `"${String(authType.value)}" in this stack (the first: "${earlier.name}"). Keep one per toolkit and type: ` +
            `remove "${resource.name}" or merge it into "${earlier.name}".`,
        },
      ];
    });
  });
}
