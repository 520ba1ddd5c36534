/**
 * The policy pack's rules (policy/rules.ts) as plain calls, over the views policy/resources.ts makes of the inputs the
 * engine gives a pack: toolkit slugs in any case on both sides, scopes as a comma string or a list in any spacing, values
 * the provider sealed, and the types the pack recognises (the dynamic provider's and the package's, nothing else). MCP
 * servers are seen as a stack policy sees them: @pulumi/policy's own proxy over their outputs, unknowns included.
 */
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { AUTH_CONFIG_TOKEN, AUTH_CONFIG_TYPE, MCP_SERVER_TOKEN, MCP_SERVER_TYPE, UNKNOWN } from "../../provider/engineProtocol";
import { sealSecrets } from "../../provider/hooks/sealing";
import { withoutMarks } from "../../provider/core/secretMarks";
import { markedFromPlain } from "../../provider/core/secrets";
import { composioResource, stackResolvedResources, type ComposioResource, type PolicyResourceView } from "../../policy/resources";
import {
  allowedScopesViolations,
  allowedToolkitsViolations,
  customAuthViolations,
  onePerToolkitViolations,
  toolsRestrictedViolations,
  MAX_SEALED_SCOPE_CANDIDATES,
} from "../../policy/rules";

/** An auth config named `name` with these inputs, as the dynamic provider's resource. */
function authConfig(name: string, props: Record<string, unknown>): ComposioResource {
  return composioResource({ type: AUTH_CONFIG_TYPE, name, urn: `urn:pulumi:dev::p::${AUTH_CONFIG_TYPE}::${name}`, props })!;
}

/** `value` as a pack sees it when the program made it secret: sealed by the provider's own check (secrets.ts). */
function seal(value: unknown, path = "credentials.scopes"): string {
  const [property, field] = path.split(".");
  const inputs = {
    toolkit: "hubspot",
    name: "n",
    type: "use_composio_managed_auth",
    [property]: { [field]: value },
    __secretPaths: [path],
  };
  // Marked from its wrapped paths, as the dynamic provider's edge marks checked inputs before it seals them.
  const sealed = withoutMarks(sealSecrets(markedFromPlain(inputs) as never, {})) as unknown as Record<string, Record<string, string>>;
  expect(sealed[property][field]).toMatch(/^fingerprint:v1:.*:sealed:/);
  return sealed[property][field];
}

/** A slug written in a random mix of cases. */
const anyCase = (slug: string) =>
  fc
    .array(fc.boolean(), { minLength: slug.length, maxLength: slug.length })
    .map((upper) => [...slug].map((char, i) => (upper[i] ? char.toUpperCase() : char)).join(""));

/** A scope list in every spelling the resource accepts: a comma string with any spacing, or a list. */
const spelled = (scopes: string[]) =>
  fc.oneof(
    fc.constant(scopes),
    fc
      .array(fc.constantFrom("", " ", "  "), { minLength: 2 * scopes.length, maxLength: 2 * scopes.length })
      .map((pads) => scopes.map((scope, i) => `${pads[2 * i]}${scope}${pads[2 * i + 1]}`).join(",")),
  );

describe("which resources the pack recognises", () => {
  test("auth configs of the dynamic provider and of the package, by type token, with their toolkit lower-cased", () => {
    for (const type of [AUTH_CONFIG_TYPE, AUTH_CONFIG_TOKEN]) {
      const resource = composioResource({ type, name: "gh", urn: "urn", props: { toolkit: "GitHub", type: "use_custom_auth" } });
      expect(resource).toMatchObject({
        name: "gh",
        kind: "auth config",
        toolkits: ["github"],
        authType: { path: "type", value: "use_custom_auth" },
      });
    }
    expect([AUTH_CONFIG_TYPE, AUTH_CONFIG_TOKEN]).toEqual(["pulumi-nodejs:dynamic/composio:AuthConfig", "composio:index:AuthConfig"]);
  });

  test("a resource of another type is not recognised, whatever its properties look like", () => {
    const props = { toolkit: "github", type: "use_composio_managed_auth", credentials: { scopes: "repo" } };
    expect(composioResource({ type: "pulumi-nodejs:dynamic:Resource", name: "x", urn: "urn", props })).toBeUndefined();
    expect(composioResource({ type: "random:index/randomString:RandomString", name: "x", urn: "urn", props })).toBeUndefined();
  });

  test("a type left out is Composio-managed auth (the provider's default); properties are read only when a rule reads them", () => {
    expect(authConfig("gh", { toolkit: "github" }).authType).toEqual({ path: "type", value: "use_composio_managed_auth" });
    const throwing = new Proxy({ toolkit: "github" } as Record<string, unknown>, {
      get: (target, key) => {
        if (key === "credentials") throw new Error("unknown during preview");
        return target[key as string];
      },
    });
    const resource = authConfig("gh", throwing);
    expect(resource.toolkits).toEqual(["github"]);
    expect(() => resource.scopes).toThrow("unknown during preview");
  });
});

describe("composio-allowed-toolkits", () => {
  test("a toolkit in the list passes in any case on either side; one outside is named with the list and the fix", () => {
    fc.assert(
      fc.property(anyCase("github"), anyCase("github"), (inProgram, inConfig) => {
        expect(
          allowedToolkitsViolations(authConfig("gh", { toolkit: inProgram.toLowerCase() }), { toolkits: [inConfig, "notion"] }),
        ).toEqual([]);
      }),
    );
    expect(allowedToolkitsViolations(authConfig("chat", { toolkit: "slack" }), { toolkits: ["GitHub", "notion"] })).toEqual([
      'auth config "chat": toolkit "slack" is not an allowed toolkit (allowed: "GitHub", "notion"). Use an allowed toolkit, ' +
        'or add "slack" to composio-allowed-toolkits\' toolkits in the policy config.',
    ]);
  });

  test("no list configured allows any toolkit; an empty list allows none", () => {
    expect(allowedToolkitsViolations(authConfig("chat", { toolkit: "slack" }), {})).toEqual([]);
    expect(allowedToolkitsViolations(authConfig("chat", { toolkit: "slack" }), { toolkits: [] })).toHaveLength(1);
  });
});

describe("composio-custom-auth-required", () => {
  const managed = (toolkit: string) => authConfig("cfg", { toolkit, type: "use_composio_managed_auth" });

  test("managed auth of a listed toolkit (any case) is named with the type and the fix; custom auth passes", () => {
    fc.assert(
      fc.property(anyCase("notion"), (inConfig) => {
        expect(customAuthViolations(managed("notion"), { toolkits: ["github", inConfig] })).toEqual([
          'auth config "cfg": type is "use_composio_managed_auth", but toolkit "notion" must use the team\'s own app ' +
            '(composio-custom-auth-required). Set type "use_custom_auth" with your app\'s authScheme and credentials.',
        ]);
        expect(customAuthViolations(authConfig("cfg", { toolkit: "notion", type: "use_custom_auth" }), { toolkits: [inConfig] })).toEqual(
          [],
        );
      }),
    );
  });

  test('"*" covers every toolkit; an unlisted toolkit and no list at all require nothing', () => {
    expect(customAuthViolations(managed("slack"), { toolkits: ["*"] })).toHaveLength(1);
    expect(customAuthViolations(authConfig("cfg", { toolkit: "slack" }), { toolkits: ["*"] })).toHaveLength(1); // type left out
    expect(customAuthViolations(managed("slack"), { toolkits: ["github"] })).toEqual([]);
    expect(customAuthViolations(managed("slack"), {})).toEqual([]);
  });
});

describe("composio-allowed-scopes", () => {
  const config = { scopes: { HubSpot: ["tickets", "sales-email-read", "crm.objects.contacts.read"] } };
  const hubspot = (credentials: Record<string, unknown>) => authConfig("crm", { toolkit: "hubspot", credentials });

  test("scopes within the list pass in every spelling the resource accepts, scopes and user_scopes alike", () => {
    fc.assert(
      fc.property(fc.subarray(config.scopes.HubSpot, { minLength: 1 }), fc.constantFrom("scopes", "user_scopes"), (scopes, key) =>
        fc.assert(
          fc.property(spelled(scopes), (value) => {
            expect(allowedScopesViolations(hubspot({ [key]: value }), config)).toEqual([]);
          }),
          { numRuns: 5 },
        ),
      ),
      { numRuns: 20 },
    );
  });

  test("scopes outside the list are named, de-duplicated, with the property, the allowed list and the fix, in any spelling", () => {
    fc.assert(
      fc.property(spelled(["tickets", "crm.objects.contacts.write", "oauth", "oauth"]), (value) => {
        expect(allowedScopesViolations(hubspot({ user_scopes: value, client_secret: "SENTINEL-not-printed" }), config)).toEqual([
          'auth config "crm": credentials.user_scopes requests "crm.objects.contacts.write", "oauth", not among the allowed scopes of ' +
            'toolkit "hubspot" (allowed: "crm.objects.contacts.read", "sales-email-read", "tickets"). Remove them, or add them to ' +
            "composio-allowed-scopes' scopes.HubSpot in the policy config.",
        ]);
      }),
    );
  });

  test("a toolkit not in the config, and a config requesting no scopes, are not restricted", () => {
    expect(allowedScopesViolations(authConfig("gh", { toolkit: "github", credentials: { scopes: "repo,admin:org" } }), config)).toEqual([]);
    expect(allowedScopesViolations(hubspot({}), config)).toEqual([]);
    expect(allowedScopesViolations(authConfig("crm", { toolkit: "hubspot" }), config)).toEqual([]);
  });

  test("sealed scopes are tested against the allowed ones, never opened: within passes, outside is said without values", () => {
    fc.assert(
      fc.property(fc.subarray(config.scopes.HubSpot), spelled(["tickets", "oauth"]), (within, outside) => {
        expect(allowedScopesViolations(hubspot({ scopes: seal(within.join(",")) }), config)).toEqual([]);
        const [message, ...rest] = allowedScopesViolations(hubspot({ scopes: seal(outside) }), config);
        expect(rest).toEqual([]);
        expect(message).toBe(
          'auth config "crm": credentials.scopes is a secret (wrapped in pulumi.secret, or in a credentials object set with --secret) ' +
            'and requests a scope not among the allowed scopes of toolkit "hubspot" (allowed: "crm.objects.contacts.read", ' +
            '"sales-email-read", "tickets"). Remove the scopes outside the list, or add them to composio-allowed-scopes\' scopes.HubSpot ' +
            "in the policy config.",
        );
      }),
      { numRuns: 30 },
    );
  });

  test(`a sealed list is not tested against more than ${MAX_SEALED_SCOPE_CANDIDATES} allowed scopes: it cannot be checked`, () => {
    const many = Array.from({ length: MAX_SEALED_SCOPE_CANDIDATES + 1 }, (_, i) => `scope-${i}`);
    const [message] = allowedScopesViolations(hubspot({ scopes: seal("scope-1") }), { scopes: { hubspot: many } });
    expect(message).toContain("too many to test it against (composio-allowed-scopes). Pass scopes as a plain value.");
    expect(allowedScopesViolations(hubspot({ scopes: seal("scope-1") }), { scopes: { hubspot: many.slice(1) } })).toEqual([]);
  });
});

describe("composio-tools-restricted", () => {
  const gmail = (toolAccessConfig?: Record<string, unknown>) => authConfig("mail", { toolkit: "GMAIL".toLowerCase(), toolAccessConfig });

  test("a listed toolkit (any case, or *) without a non-empty execution list is named with the fix", () => {
    for (const toolkits of [["Gmail"], ["*"]]) {
      expect(toolsRestrictedViolations(gmail(), { toolkits })).toEqual([
        'auth config "mail": toolAccessConfig.toolsAvailableForExecution is not set, so every tool of toolkit "gmail" can be executed ' +
          '(composio-tools-restricted). Set it to the tool slugs your agents need, e.g. ["GMAIL_..."].',
      ]);
      expect(toolsRestrictedViolations(gmail({ toolsAvailableForExecution: [] }), { toolkits })[0]).toContain(
        "toolsAvailableForExecution is empty",
      );
      // Only the creation list does not restrict execution.
      expect(toolsRestrictedViolations(gmail({ toolsForConnectedAccountCreation: ["GMAIL_SEND_EMAIL"] }), { toolkits })).toHaveLength(1);
      expect(toolsRestrictedViolations(gmail({ toolsAvailableForExecution: ["GMAIL_SEND_EMAIL"] }), { toolkits })).toEqual([]);
    }
  });

  test("an unlisted toolkit needs no list; a sealed list restricts unless it holds no tool", () => {
    expect(toolsRestrictedViolations(gmail(), { toolkits: ["github"] })).toEqual([]);
    expect(toolsRestrictedViolations(gmail(), {})).toEqual([]);
    const sealed = (tools: string[]) => gmail({ toolsAvailableForExecution: seal(tools, "toolAccessConfig.toolsAvailableForExecution") });
    expect(toolsRestrictedViolations(sealed(["GMAIL_SEND_EMAIL"]), { toolkits: ["gmail"] })).toEqual([]);
    for (const tools of [[], [" "]]) {
      expect(toolsRestrictedViolations(sealed(tools), { toolkits: ["gmail"] })).toEqual([
        'auth config "mail": toolAccessConfig.toolsAvailableForExecution is a secret (wrapped in pulumi.secret, or in a credentials ' +
          'object set with --secret) holding no tool, so every tool of toolkit "gmail" can be executed (composio-tools-restricted). ' +
          'Set it to the tool slugs your agents need, e.g. ["GMAIL_..."].',
      ]);
    }
  });
});

describe("composio-one-config-per-toolkit", () => {
  test("a second config (by name) of the same toolkit (any case) and type is named with the first, on its own URN", () => {
    const first = authConfig("github", { toolkit: "github", type: "use_custom_auth" });
    const second = composioResource({
      type: AUTH_CONFIG_TOKEN,
      name: "github-2",
      urn: "urn:second",
      props: { toolkit: "GITHUB", type: "use_custom_auth" },
    })!;
    expect(onePerToolkitViolations([second, first])).toEqual(onePerToolkitViolations([first, second])); // by name, in any order
    expect(onePerToolkitViolations([second, first])).toEqual([
      {
        urn: "urn:second",
        message:
          'auth config "github-2" is a second auth config of toolkit "github" with type "use_custom_auth" in this stack (the first: ' +
          '"github"). Keep one per toolkit and type: remove "github-2" or merge it into "github".',
      },
    ]);
  });

  test("one config per toolkit and type passes: the same toolkit with both types, or different toolkits", () => {
    const configs = [
      authConfig("gh-managed", { toolkit: "github" }),
      authConfig("gh-custom", { toolkit: "github", type: "use_custom_auth" }),
      authConfig("notion", { toolkit: "notion" }),
    ];
    expect(onePerToolkitViolations(configs)).toEqual([]);
  });
});

describe("MCP servers: their toolkits through the stack's auth configs", () => {
  /** A resource as a stack policy sees it: its outputs behind @pulumi/policy's proxy, which throws on an unknown. */
  function inStack(type: string, name: string, props: Record<string, unknown>, propertyDependencies = {}): PolicyResourceView {
    return { type, name, urn: `urn:pulumi:dev::p::${type}::${name}`, props: unknownCheckingProxy(props), propertyDependencies };
  }
  const code = inStack(AUTH_CONFIG_TYPE, "code", { toolkit: "github", authConfigId: "ac_code" });
  const chat = inStack(AUTH_CONFIG_TOKEN, "chat", { toolkit: "slack", authConfigId: "ac_chat" });
  const mail = inStack(AUTH_CONFIG_TYPE, "mail", { toolkit: "gmail", authConfigId: UNKNOWN });
  /** The views of the stack's MCP servers, by name. */
  const servers = (...stack: PolicyResourceView[]) =>
    Object.fromEntries(stackResolvedResources([code, chat, mail, ...stack]).map((server) => [server.name, server]));
  const allowed = { toolkits: ["GitHub", "gmail", "hackernews"] };

  test("recognised by type token, and only with the stack: a resource policy alone cannot tell their toolkits", () => {
    expect([MCP_SERVER_TYPE, MCP_SERVER_TOKEN]).toEqual(["pulumi-nodejs:dynamic/composio:McpServer", "composio:index:McpServer"]);
    for (const type of [MCP_SERVER_TYPE, MCP_SERVER_TOKEN]) {
      const server = inStack(type, "agent", { authConfigIds: ["ac_code"] });
      expect(composioResource(server)).toBeUndefined();
      expect(composioResource(server, [code, server])).toMatchObject({ kind: "MCP server", toolkits: ["github"] });
      expect(stackResolvedResources([code, server]).map(({ name }) => name)).toEqual(["agent"]);
    }
    // The auth configs are left to the rules' resource half.
    expect(stackResolvedResources([code, chat])).toEqual([]);
  });

  test("known ids name the stack's auth configs; noAuthApps in any case; a toolkit outside the list is named with its source", () => {
    const { agent } = servers(inStack(MCP_SERVER_TOKEN, "agent", { authConfigIds: ["ac_code", "ac_chat"], noAuthApps: ["HackerNews"] }));
    expect(agent.toolkits).toEqual(["github", "slack", "hackernews"]);
    expect(allowedToolkitsViolations(agent, allowed)).toEqual([
      'MCP server "agent": toolkit "slack" (from authConfigIds[1]: auth config "chat") is not an allowed toolkit (allowed: "GitHub", ' +
        '"gmail", "hackernews"). Use an allowed toolkit, or add "slack" to composio-allowed-toolkits\' toolkits in the policy config.',
    ]);
    const { apps } = servers(inStack(MCP_SERVER_TYPE, "apps", { authConfigIds: ["ac_code"], noAuthApps: ["weathermap"] }));
    expect(allowedToolkitsViolations(apps, allowed)).toEqual([expect.stringContaining('toolkit "weathermap" (from noAuthApps) is not')]);
    expect(allowedToolkitsViolations(apps, {})).toEqual([]);
  });

  test("a first preview: unknown ids are resolved through the auth configs the engine says the list was computed from", () => {
    const { agent } = servers(inStack(MCP_SERVER_TYPE, "agent", { authConfigIds: [UNKNOWN, UNKNOWN] }, { authConfigIds: [mail, chat] }));
    expect(agent.toolkits).toEqual(["gmail", "slack"]);
    expect(allowedToolkitsViolations(agent, allowed)).toEqual([
      expect.stringContaining('MCP server "agent": toolkit "slack" (from authConfigIds: auth config "chat") is not an allowed toolkit'),
    ]);
    // The whole list unknown (computed in an apply) resolves the same way.
    const { whole } = servers(inStack(MCP_SERVER_TOKEN, "whole", { authConfigIds: UNKNOWN }, { authConfigIds: [mail] }));
    expect(whole.toolkits).toEqual(["gmail"]);
    expect(allowedToolkitsViolations(whole, allowed)).toEqual([]);
  });

  test("what cannot be told is a violation under a list, naming the property and the fix; the server's own toolkits settle it", () => {
    const { external, computed, apps } = servers(
      inStack(MCP_SERVER_TYPE, "external", { authConfigIds: ["ac_code", "ac_elsewhere"] }),
      inStack(MCP_SERVER_TYPE, "computed", { authConfigIds: [UNKNOWN] }),
      inStack(MCP_SERVER_TYPE, "apps", { authConfigIds: ["ac_code"], noAuthApps: UNKNOWN }),
    );
    expect(allowedToolkitsViolations(external, allowed)).toEqual([
      'MCP server "external": authConfigIds[1] ("ac_elsewhere") is the id of no AuthConfig in this stack, so the toolkit it brings ' +
        "cannot be checked against the allowed toolkits (composio-allowed-toolkits). Manage that auth config in this stack (an " +
        "AuthConfig resource, or pulumi import) and pass its output. Pass the AuthConfig resources' authConfigId outputs, e.g. " +
        "[github.authConfigId].",
    ]);
    expect(allowedToolkitsViolations(computed, allowed)).toEqual([
      expect.stringContaining(
        'MCP server "computed": authConfigIds is not known during preview and comes from no AuthConfig of this stack',
      ),
    ]);
    expect(allowedToolkitsViolations(apps, allowed)).toEqual([expect.stringContaining('"apps": noAuthApps is not known during preview')]);
    expect(allowedToolkitsViolations(external, {})).toEqual([]);
    // An existing server (unchanged, so its outputs are in the preview) says every toolkit it exposes.
    const { deployed } = servers(inStack(MCP_SERVER_TYPE, "deployed", { authConfigIds: ["ac_elsewhere"], toolkits: ["GitHub", "slack"] }));
    expect(deployed.toolkits).toEqual(["github", "slack"]);
    expect(allowedToolkitsViolations(deployed, allowed)).toEqual([
      expect.stringContaining('toolkit "slack" (from toolkits, the server\'s own output) is not an allowed toolkit'),
    ]);
  });

  test("composio-tools-restricted: a server using a listed toolkit (any case, or *) sets a non-empty allowedTools", () => {
    const server = (allowedTools?: unknown) =>
      servers(inStack(MCP_SERVER_TOKEN, "agent", { authConfigIds: [UNKNOWN], allowedTools }, { authConfigIds: [mail] })).agent;
    for (const toolkits of [["GMail"], ["*"]]) {
      expect(toolsRestrictedViolations(server(), { toolkits })).toEqual([
        'MCP server "agent": allowedTools is not set, so every tool of toolkit "gmail" (from authConfigIds: auth config "mail") can be ' +
          'executed (composio-tools-restricted). Set it to the tool slugs your agents need, e.g. ["GMAIL_..."].',
      ]);
      expect(toolsRestrictedViolations(server([]), { toolkits })).toEqual([expect.stringContaining("allowedTools is empty")]);
      expect(toolsRestrictedViolations(server(["GMAIL_SEND_EMAIL"]), { toolkits })).toEqual([]);
    }
    expect(toolsRestrictedViolations(server(), { toolkits: ["github"] })).toEqual([]);
    // A list not known in the preview: @pulumi/policy's error, which skips the check in that preview (docs/policy-pack.md).
    expect(() => toolsRestrictedViolations(server(UNKNOWN), { toolkits: ["gmail"] })).toThrow(UnknownValueError);
    // The rules only an auth config is subject to pass an MCP server by.
    expect(customAuthViolations(server(), { toolkits: ["*"] })).toEqual([]);
    expect(allowedScopesViolations(server(), { scopes: { gmail: [] } })).toEqual([]);
  });
});

test("the pack's version (what the CLI prints as composio@v<version>) is the package's", () => {
  const version = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", file), "utf8")).version;
  expect(version("policy/package.json")).toBe(version("package.json"));
});
