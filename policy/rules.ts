/**
 * The policy pack's rules as pure functions: a resource's view (resources.ts) and the rule's settings from the policy
 * config file in, the violations' messages out. pack.ts wires them to @pulumi/policy. Each message names the resource,
 * the property, the offending value and the fix. The only values printed are toolkit slugs, auth types and scopes:
 * never another credential (the pack does not read them), and never a value the program made secret. The provider
 * seals those in the inputs a pack sees (provider/core/secrets.ts): a seal starts with a salted fingerprint of the
 * value in the diff's terms, so a rule tests a candidate against it as the provider's diff does (isStoredValue),
 * never opening it: sealed scopes against each subset of the allowed ones, a sealed tool list against the empty list.
 */
import { normalizeScopes } from "../provider/core/normalize";
import { isFingerprint, isStoredValue } from "../provider/core/secrets";
import type { ComposioResource, PropertyValue } from "./resources";

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
function listsToolkit(list: readonly string[] | undefined, toolkit: string): boolean {
  return (list ?? []).some((entry) => entry === "*" || entry.toLowerCase() === toolkit);
}

/**
 * The most allowed scopes a sealed scope list is tested against: 2^n fingerprints per list (4,096 HMACs, a few
 * milliseconds). Beyond it a rule says it cannot check the secret list, rather than spend seconds on one resource.
 */
export const MAX_SEALED_SCOPE_CANDIDATES = 12;

/** Every subset of `scopes`, each in normalizeScopes' order (sorted), so it is a value a seal may stand for. */
function subsets(scopes: readonly string[]): string[][] {
  return scopes.reduce<string[][]>((found, scope) => [...found, ...found.map((subset) => [...subset, scope])], [[]]).map((s) => s.sort());
}

/** Whether the sealed scope list at `property` is within `allowed`: undefined when there are too many to test. */
function sealedScopesWithin(property: PropertyValue, allowed: readonly string[]): boolean | undefined {
  if (allowed.length > MAX_SEALED_SCOPE_CANDIDATES) return undefined;
  return subsets(allowed).some((candidate) => isStoredValue(candidate, property.path, property.value));
}

const SECRET = "a secret (wrapped in pulumi.secret, or in a credentials object set with --secret)";

/** `toolkit "<slug>"`, with where it comes from for a resource whose toolkits come through other properties. */
function toolkitNamed(resource: ComposioResource, toolkit: string): string {
  const origin = resource.toolkitSources?.origins.get(toolkit);
  return `toolkit "${toolkit}"${origin === undefined ? "" : ` (from ${origin})`}`;
}

/**
 * composio-allowed-toolkits: every resource uses only listed toolkits. No list configured: any toolkit. A property
 * whose toolkit the pack cannot tell (an MCP server's auth config outside the stack) is a violation under a list.
 */
export function allowedToolkitsViolations(resource: ComposioResource, { toolkits: allowed }: ToolkitListConfig): string[] {
  if (allowed === undefined) return [];
  const subject = `${resource.kind} "${resource.name}"`;
  const notAllowed = resource.toolkits
    .filter((toolkit) => !listsToolkit(allowed, toolkit))
    .map(
      (toolkit) =>
        `${subject}: ${toolkitNamed(resource, toolkit)} is not an allowed toolkit (allowed: ${quoted(allowed)}). ` +
        `Use an allowed toolkit, or add "${toolkit}" to composio-allowed-toolkits' toolkits in the policy config.`,
    );
  const unknown = (resource.toolkitSources?.unresolved ?? []).map(
    ({ property, reason, fix }) =>
      `${subject}: ${property} ${reason}, so the toolkit it brings cannot be checked against the allowed toolkits ` +
      `(composio-allowed-toolkits). ${fix}`,
  );
  return [...notAllowed, ...unknown];
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
    const notAllowed = `not among the allowed scopes of toolkit "${toolkit}" (allowed: ${quoted(allowed)})`;
    const addThem = (them: string) => `add ${them} to composio-allowed-scopes' scopes.${configured} in the policy config`;
    return (resource.scopes ?? []).flatMap((property) => {
      const subject = `${resource.kind} "${resource.name}": ${property.path}`;
      if (isFingerprint(property.value)) {
        const within = sealedScopesWithin(property, allowed);
        if (within === true) return [];
        return [
          within === undefined
            ? `${subject} is ${SECRET}, and toolkit "${toolkit}" allows more than ${MAX_SEALED_SCOPE_CANDIDATES} scopes, too many ` +
              "to test it against (composio-allowed-scopes). Pass scopes as a plain value."
            : `${subject} is ${SECRET} and requests a scope ${notAllowed}. Remove the scopes outside the list, or ${addThem("them")}.`,
        ];
      }
      const outside = normalizeScopes(property.value as string | string[]).filter((scope) => !allowed.includes(scope));
      if (outside.length === 0) return [];
      const them = outside.length === 1 ? "it" : "them";
      return [`${subject} requests ${quoted(outside)}, ${notAllowed}. Remove ${them}, or ${addThem(them)}.`];
    });
  });
}

/** composio-tools-restricted: resources of the listed toolkits list the tools available for execution (non-empty). */
export function toolsRestrictedViolations(resource: ComposioResource, { toolkits: restricted }: ToolkitListConfig): string[] {
  const toolkit = resource.toolkits.find((slug) => listsToolkit(restricted, slug));
  const property = resource.toolAllowList;
  if (toolkit === undefined || property === undefined) return [];
  const { value } = property;
  // A sealed list is tested against the empty one (as the diff compares lists: blank slugs dropped), never opened.
  const sealed = isFingerprint(value);
  const restricts = sealed
    ? !isStoredValue([], property.path, value)
    : Array.isArray(value) && value.some((tool) => String(tool).trim() !== "");
  if (restricts) return [];
  const state = value === undefined ? "not set" : sealed ? `${SECRET} holding no tool` : "empty";
  return [
    `${resource.kind} "${resource.name}": ${property.path} is ${state}, so every tool of ` +
      `${toolkitNamed(resource, toolkit)} can be executed (composio-tools-restricted). Set it to the tool slugs your agents need, ` +
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
 * accounts and the agents' choice between them). Each config after the first of its kind, in the order of their names
 * (the engine's order is the order of registration, which a program need not fix), is a violation.
 */
export function onePerToolkitViolations(resources: readonly ComposioResource[]): StackViolation[] {
  const first = new Map<string, ComposioResource>();
  const byName = [...resources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.urn < b.urn ? -1 : 1));
  return byName.flatMap((resource) => {
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
