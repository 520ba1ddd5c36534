/**
 * McpServer's pure core: the check (Composio's name rule, the autoname within it, auth config ids, tool slugs,
 * unknown values during a preview), the diff (lists as sets, what replaces) and the wire mapping (create body,
 * a PATCH of only what changed, the observation of a read), with fast-check properties where a rule is general.
 */
import fc from "fast-check";
import { UNKNOWN } from "../../../provider/engineProtocol";
import { fieldCoverage } from "../../../provider/core/fields";
import {
  checkMcpServer,
  MCP_SERVER_FIELDS,
  mcpServerAutoname,
  mcpServerInputSchema,
  type McpServerInputs,
  type WireMcpServer,
} from "../../../provider/core/mcpServer";
import {
  diffMcpServer,
  MCP_SPECIAL_MAPPINGS,
  observeMcpServer,
  toMcpCreateBody,
  toMcpUpdateBody,
} from "../../../provider/core/mcpServerMapping";

const NAME_RULE = /^[A-Za-z0-9 -]{4,30}$/;
const base: McpServerInputs = { name: "github-agent", authConfigIds: ["ac_github1"], allowedTools: ["GITHUB_CREATE_AN_ISSUE"] };

const failuresOf = (news: unknown) => {
  const outcome = checkMcpServer(undefined, news, () => "abc1234");
  return outcome.ok ? [] : outcome.failures;
};

/** What the server answers for inputs it took: the lists as sent (in its own order), and its own fields. */
function liveOf(inputs: McpServerInputs, toolkits: string[] = ["github"]): WireMcpServer {
  return {
    id: "0b6f3c1e-8d0a-4c55-9c47-5f1f3f5a9a10",
    name: inputs.name,
    auth_config_ids: [...new Set(inputs.authConfigIds)].reverse(),
    allowed_tools: [...new Set(inputs.allowedTools ?? [])].reverse(),
    managed_auth_via_composio: inputs.managedAuthViaComposio ?? false,
    toolkits: [...toolkits, ...(inputs.noAuthApps ?? [])],
    mcp_url: "https://mcp.example/v3/mcp/0b6f3c1e",
    commands: { claude: "npx a", cursor: "npx b", windsurf: "npx c" },
    server_instance_count: 0,
    created_at: "2026-12-07T08:00:00.000Z",
    updated_at: "2026-12-07T08:00:00.000Z",
  };
}

const slug = fc.stringMatching(/^[A-Z][A-Z_]{2,12}$/);
const inputsArb: fc.Arbitrary<McpServerInputs> = fc.record(
  {
    name: fc.stringMatching(/^[A-Za-z0-9 -]{4,30}$/),
    authConfigIds: fc.uniqueArray(fc.stringMatching(/^ac_[a-z0-9]{4,10}$/), { minLength: 1, maxLength: 4 }),
    allowedTools: fc.uniqueArray(slug, { minLength: 1, maxLength: 5 }),
    noAuthApps: fc.uniqueArray(fc.stringMatching(/^[a-z]{3,10}$/), { maxLength: 2 }),
    managedAuthViaComposio: fc.boolean(),
  },
  { requiredKeys: ["name", "authConfigIds"] },
);

describe("the field table", () => {
  it("leaves no field taken and then ignored: each is in the schema, and each special one has its mapping", () => {
    const implemented = { schemaFields: Object.keys(mcpServerInputSchema.shape), specialMappings: Object.keys(MCP_SPECIAL_MAPPINGS) };
    expect(fieldCoverage(MCP_SERVER_FIELDS, implemented)).toEqual([]);
  });
});

describe("checkMcpServer", () => {
  it("takes a full set of arguments as they are", () => {
    const args = { ...base, noAuthApps: ["HackerNews"], managedAuthViaComposio: true };
    expect(checkMcpServer(undefined, args)).toEqual({ ok: true, inputs: { ...args, noAuthApps: ["hackernews"] }, failures: [] });
  });

  it.each([
    ["abc", "name"],
    ["a".repeat(31), "name"],
    ["github_agent", "name"],
    ["agent!", "name"],
  ])("refuses the name %j, naming the rule and the fix", (name, property) => {
    const [failure] = failuresOf({ ...base, name });
    expect(failure).toEqual({ property, reason: expect.stringContaining("4-30 characters of letters, digits, spaces and hyphens") });
    expect(failure!.reason).toContain("omit it to get an autonamed server");
  });

  it.each([
    [{ authConfigIds: undefined }, "authConfigIds"],
    [{ authConfigIds: [] }, "authConfigIds"],
    [{ authConfigIds: ["github"] }, "authConfigIds[0]"],
    [{ authConfigIds: "ac_github1" }, "authConfigIds"],
    [{ allowedTools: ["GITHUB CREATE"] }, "allowedTools[0]"],
    [{ allowedTools: "GITHUB_CREATE_AN_ISSUE" }, "allowedTools"],
    [{ noAuthApps: [""] }, "noAuthApps[0]"],
    [{ managedAuthViaComposio: "yes" }, "managedAuthViaComposio"],
    [{ toolkits: ["github"] }, "toolkits"],
  ])("refuses %j at %s", (change, property) => {
    const failures = failuresOf({ ...base, ...change });
    expect(failures.map((failure) => failure.property)).toEqual([property]);
  });

  it("says what authConfigIds takes", () => {
    expect(failuresOf({ ...base, authConfigIds: [] })[0]!.reason).toContain("e.g. [github.authConfigId]");
  });

  it("defers what is unknown during a preview (an AuthConfig not created yet) and checks the rest", () => {
    expect(checkMcpServer(undefined, { ...base, authConfigIds: [UNKNOWN] }).ok).toBe(true);
    expect(checkMcpServer(undefined, { ...base, authConfigIds: UNKNOWN }).ok).toBe(true);
    expect(failuresOf({ ...base, authConfigIds: [UNKNOWN], name: "x" }).map((failure) => failure.property)).toEqual(["name"]);
  });

  it("autonames within Composio's rule, whatever the resource's name, and keeps the autoname across runs", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.stringMatching(/^[0-9a-f]{7}$/), (resourceName, suffix) => {
        const outcome = checkMcpServer(undefined, { authConfigIds: ["ac_x1"], __resourceName: resourceName }, () => suffix);
        expect(outcome.ok).toBe(true);
        const { name } = outcome.inputs as McpServerInputs;
        expect(name).toMatch(NAME_RULE);
        expect(name.endsWith(`-${suffix}`)).toBe(true);
        const again = checkMcpServer(outcome.inputs, { authConfigIds: ["ac_x1"], __resourceName: resourceName }, () => "0000000");
        expect(again.inputs).toEqual(outcome.inputs);
      }),
    );
    expect(mcpServerAutoname(undefined, "agents.github", () => "abc1234")).toBe("agents-github-abc1234");
  });
});

describe("diffMcpServer", () => {
  it("finds no change between any inputs and the same lists in any order, with repeats", () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const shuffled = {
          ...inputs,
          authConfigIds: [...inputs.authConfigIds].reverse().concat(inputs.authConfigIds[0]!),
          ...(inputs.allowedTools ? { allowedTools: [...inputs.allowedTools].reverse() } : {}),
        };
        expect(diffMcpServer(inputs, shuffled)).toEqual({ changes: false, changed: [], replaces: [] });
      }),
    );
  });

  it("takes an omitted allow-list for [] (every tool) and an omitted managedAuthViaComposio for false", () => {
    const { allowedTools: _omitted, ...everyTool } = base;
    expect(diffMcpServer({ ...everyTool, allowedTools: [], managedAuthViaComposio: false }, everyTool).changes).toBe(false);
  });

  it.each([
    ["name", { name: "renamed agent" }, false],
    ["authConfigIds", { authConfigIds: ["ac_github1", "ac_notion1"] }, false],
    ["allowedTools", { allowedTools: ["GITHUB_CREATE_AN_ISSUE", "GITHUB_STAR_A_REPOSITORY"] }, false],
    ["noAuthApps", { noAuthApps: ["hackernews"] }, true],
    ["managedAuthViaComposio", { managedAuthViaComposio: true }, false],
  ] as const)("a change of %s (%j) is found, replacing: %s", (property, change, replaces) => {
    const result = diffMcpServer(base, { ...base, ...change } as McpServerInputs);
    expect(result.changed).toEqual([property]);
    expect(result.replaces).toEqual(replaces ? [property] : []);
  });
});

describe("the wire mapping", () => {
  it("creates with every argument set, each list entry once, and no allow-list when the program gives none", () => {
    const everything = { ...base, authConfigIds: ["ac_a1", "ac_a1"], noAuthApps: ["hackernews"], managedAuthViaComposio: true };
    expect(toMcpCreateBody(everything)).toEqual({
      name: "github-agent",
      auth_config_ids: ["ac_a1"],
      allowed_tools: ["GITHUB_CREATE_AN_ISSUE"],
      managed_auth_via_composio: true,
      no_auth_apps: ["hackernews"],
    });
    expect(toMcpCreateBody({ name: "agent", authConfigIds: ["ac_a1"] })).toEqual({ name: "agent", auth_config_ids: ["ac_a1"] });
  });

  it("PATCHes only what changed; an allow-list removed from the program is [] (every tool)", () => {
    const widened = { ...base, allowedTools: ["GITHUB_CREATE_AN_ISSUE", "GITHUB_LIST_REPOSITORY_ISSUES"] };
    expect(toMcpUpdateBody(widened, diffMcpServer(base, widened).changed)).toEqual({ allowed_tools: widened.allowedTools });
    const { allowedTools: _removed, ...everyTool } = base;
    expect(toMcpUpdateBody(everyTool, diffMcpServer(base, everyTool).changed)).toEqual({ allowed_tools: [] });
    expect(toMcpUpdateBody(base, [])).toBeUndefined();
  });

  it("observes what it sent as no change (a refresh right after a write previews clean)", () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const outputs = observeMcpServer(liveOf(inputs), inputs);
        expect(diffMcpServer(outputs, inputs).changes).toBe(false);
        expect(outputs).toMatchObject({ mcpServerId: liveOf(inputs).id, mcpUrl: liveOf(inputs).mcp_url, serverInstanceCount: 0 });
      }),
    );
  });

  it("sees a tool added out of band, and a NO_AUTH app the server no longer has", () => {
    const inputs = { ...base, noAuthApps: ["hackernews"] };
    const live = { ...liveOf(inputs), allowed_tools: ["GITHUB_CREATE_AN_ISSUE", "GITHUB_STAR_A_REPOSITORY"], toolkits: ["github"] };
    const observed = observeMcpServer(live, inputs);
    expect(observed.allowedTools).toEqual(["GITHUB_CREATE_AN_ISSUE", "GITHUB_STAR_A_REPOSITORY"]);
    expect(observed.noAuthApps).toEqual([]);
    expect(diffMcpServer(observed, inputs).changed).toEqual(["allowedTools", "noAuthApps"]);
  });

  it("keeps check's bookkeeping (the autoname) through a read", () => {
    const inputs = { ...base, __autoname: "github-agent", __resourceName: "agent" };
    expect(observeMcpServer(liveOf(inputs), inputs)).toMatchObject({ __autoname: "github-agent", __resourceName: "agent" });
  });
});
