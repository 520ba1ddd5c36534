/**
 * The policy pack "composio" (docs/policy-pack.md): the rules of rules.ts as @pulumi/policy policies, each with its
 * default enforcement level and the schema of its settings in the file given to `--policy-pack-config`. Loaded by
 * policy/index.js, the folder the engine runs (`--policy-pack node_modules/pulumi-composio/policy`).
 */
import { PolicyPack, type PolicyConfigSchema, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";
import { composioResource, stackResolvedResources, type ComposioResource } from "./resources";
import {
  allowedScopesViolations,
  allowedToolkitsViolations,
  customAuthViolations,
  onePerToolkitViolations,
  toolsRestrictedViolations,
  type AllowedScopesConfig,
  type ToolkitListConfig,
} from "./rules";

const slugList = { type: "array", items: { type: "string" } } as const;
const toolkitList = (description: string): PolicyConfigSchema => ({ properties: { toolkits: { ...slugList, description } } });

/** A policy over each Composio resource of a known type, reporting what `violations` finds. */
function resourcePolicy<Config extends object>(
  policy: Omit<ResourceValidationPolicy, "validateResource">,
  violations: (resource: ComposioResource, config: Config) => string[],
): ResourceValidationPolicy {
  return {
    ...policy,
    validateResource: (args, reportViolation) => {
      const resource = composioResource(args);
      if (resource !== undefined) for (const message of violations(resource, args.getConfig<Config>())) reportViolation(message);
    },
  };
}

/**
 * resourcePolicy's, and the same check of MCP servers where the pack sees the whole stack: their toolkits are their
 * auth configs', other resources. One policy with both halves (@pulumi/policy runs a policy's validateResource and
 * its validateStack alike) keeps one name, level and config; the stack half reports on each server's URN.
 */
function resourceAndStackPolicy<Config extends object>(
  policy: Omit<ResourceValidationPolicy, "validateResource">,
  violations: (resource: ComposioResource, config: Config) => string[],
): ResourceValidationPolicy & Pick<StackValidationPolicy, "validateStack"> {
  return {
    ...resourcePolicy(policy, violations),
    validateStack: (args, reportViolation) => {
      for (const resource of stackResolvedResources(args.resources))
        for (const message of violations(resource, args.getConfig<Config>())) reportViolation(message, resource.urn);
    },
  };
}

const onePerToolkit: StackValidationPolicy = {
  name: "composio-one-config-per-toolkit",
  description: "At most one auth config per toolkit and type in a stack.",
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation) => {
    const resources = args.resources.flatMap((resource) => composioResource(resource) ?? []);
    for (const { urn, message } of onePerToolkitViolations(resources)) reportViolation(message, urn);
  },
};

new PolicyPack("composio", {
  policies: [
    resourceAndStackPolicy<ToolkitListConfig>(
      {
        name: "composio-allowed-toolkits",
        description: "Auth configs and MCP servers use only the toolkits listed in the policy config (no list: any toolkit).",
        enforcementLevel: "mandatory",
        configSchema: toolkitList("the allowed toolkit slugs, in any case"),
      },
      allowedToolkitsViolations,
    ),
    resourcePolicy<ToolkitListConfig>(
      {
        name: "composio-custom-auth-required",
        description: 'Auth configs of the listed toolkits use the team\'s own app (type "use_custom_auth"), not Composio-managed auth.',
        enforcementLevel: "mandatory",
        configSchema: toolkitList('the toolkit slugs that need custom auth, in any case; "*" for all'),
      },
      customAuthViolations,
    ),
    resourcePolicy<AllowedScopesConfig>(
      {
        name: "composio-allowed-scopes",
        description: "The scopes an auth config requests are within its toolkit's list in the policy config.",
        enforcementLevel: "mandatory",
        configSchema: {
          properties: {
            scopes: { type: "object", additionalProperties: slugList, description: "per toolkit slug, the scopes it may request" },
          },
        },
      },
      allowedScopesViolations,
    ),
    resourceAndStackPolicy<ToolkitListConfig>(
      {
        name: "composio-tools-restricted",
        description:
          "Auth configs of the listed toolkits set toolAccessConfig.toolsAvailableForExecution, and MCP servers using them " +
          "allowedTools (a non-empty list).",
        enforcementLevel: "mandatory",
        configSchema: toolkitList('the toolkit slugs whose tools must be restricted, in any case; "*" for all'),
      },
      toolsRestrictedViolations,
    ),
    onePerToolkit,
  ],
});
