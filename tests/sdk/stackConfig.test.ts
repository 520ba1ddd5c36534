/**
 * The platform program's stack config (sdk/stackConfig.ts declareStackConfig) under Pulumi's mocks: MCP servers name
 * their auth configs by key and get those configs' ids; a bad `mcpServers` entry fails naming its config path and the
 * fix, with nothing registered (not even the auth configs, which are valid). The root program itself runs under the
 * real CLI in tests/e2e/rootProgram.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";

const registered: Array<{ type: string; name: string; inputs: Record<string, unknown> }> = [];

// Async in its signature only: the mocks are in place when it returns.
void pulumi.runtime.setMocks(
  {
    newResource: ({ type, name, inputs }) => {
      registered.push({ type, name, inputs });
      const state = type.endsWith("McpServer")
        ? { mcpServerId: `mcp-${name}`, mcpUrl: `https://mcp.example.com/${name}` }
        : { authConfigId: `ac_${name}` };
      return { id: `${name}-id`, state: { ...inputs, ...state } };
    },
    call: () => ({}),
  },
  "project",
  "stack",
  false,
);

// Imported after setMocks, as Pulumi's docs require.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after setMocks (above)
const { declareStackConfig } = require("../../sdk") as typeof import("../../sdk");

const resolved = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));
/** Lets the mocks' registrations (asynchronous) land. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 50));

const AUTH_CONFIGS = [{ toolkit: "github" }, { toolkit: "notion" }, { key: "crm", toolkit: "hubspot" }];
const GITHUB_AGENT = { key: "github-agent", name: "GitHub agent", authConfigs: ["github"], allowedTools: ["GITHUB_CREATE_AN_ISSUE"] };

beforeEach(() => {
  registered.length = 0;
});

test("each MCP server gets the ids of the auth configs its entry names by key; urls are by key", async () => {
  const { authConfigs, mcpServers } = declareStackConfig({
    authConfigs: AUTH_CONFIGS,
    mcpServers: [GITHUB_AGENT, { key: "crm-agent", authConfigs: ["crm", "notion"] }],
  });
  expect(Object.keys(authConfigs.resources)).toEqual(["github", "notion", "crm"]);
  expect(await resolved(mcpServers.urls)).toEqual({
    "github-agent": "https://mcp.example.com/github-agent",
    "crm-agent": "https://mcp.example.com/crm-agent",
  });
  await settled();
  const server = (name: string) => registered.find((resource) => resource.name === name)!.inputs;
  expect(server("github-agent")).toMatchObject({
    name: "GitHub agent",
    authConfigIds: ["ac_github"],
    allowedTools: ["GITHUB_CREATE_AN_ISSUE"],
  });
  expect(server("crm-agent")).toMatchObject({ authConfigIds: ["ac_crm", "ac_notion"] });
  // No key of the config entry reaches the resource: it takes ids, not keys.
  expect(server("crm-agent")).not.toHaveProperty("authConfigs");
  expect(server("crm-agent")).not.toHaveProperty("key");
});

test("without mcpServers, the auth configs alone, and no urls", async () => {
  const { authConfigs, mcpServers } = declareStackConfig({ authConfigs: AUTH_CONFIGS });
  expect(await resolved(authConfigs.ids)).toEqual({ github: "ac_github", notion: "ac_notion", crm: "ac_crm" });
  expect(await resolved(mcpServers.urls)).toEqual({});
});

test.each([
  [
    "not a list",
    GITHUB_AGENT,
    "stack config mcpServers: must be a list of MCP servers, one entry per server: pulumi config set --path 'mcpServers[0].key' github-agent",
  ],
  [
    "an entry without key",
    [{ authConfigs: ["github"] }],
    'stack config mcpServers[0].key: key is required: the server\'s name in this stack, e.g. "github-agent"',
  ],
  [
    "no auth configs",
    [{ key: "agent", authConfigs: [] }],
    "stack config mcpServers[0].authConfigs: authConfigs must be a non-empty list of keys",
  ],
  [
    "an auth config key that does not exist",
    [GITHUB_AGENT, { key: "crm-agent", authConfigs: ["crm", "hubspot"] }],
    'stack config mcpServers[1].authConfigs[1]: no authConfigs entry has the key "hubspot" (its keys: github, notion, crm); use one of them, or add an auth config with that key to authConfigs',
  ],
  [
    "auth config ids instead of keys",
    [{ key: "agent", authConfigs: ["github"], authConfigIds: ["ac_1"] }],
    "stack config mcpServers[0].authConfigIds: name the auth configs by their key in authConfigs instead, e.g. authConfigs: [github]",
  ],
  [
    "an unknown setting",
    [{ key: "agent", authConfigs: ["github"], allowedTool: ["GITHUB_CREATE_AN_ISSUE"] }],
    "stack config mcpServers[0].allowedTool: unknown setting; an MCP server takes key, authConfigs, name, allowedTools, noAuthApps, managedAuthViaComposio",
  ],
  [
    "two keys of one toolkit",
    [{ key: "agent", authConfigs: ["github", "github"] }],
    'stack config mcpServers[0].authConfigs[1]: "github" is a second github auth config after "github"; a server takes one auth config per toolkit',
  ],
  [
    "a duplicate key",
    [GITHUB_AGENT, GITHUB_AGENT],
    'stack config mcpServers[1]: a second MCP server with the key "github-agent"; give each a distinct "key"',
  ],
  // McpServer's own offline check, with the config path in front.
  [
    "a name outside Composio's rule",
    [{ ...GITHUB_AGENT, name: "GitHub agent (prod)" }],
    "stack config mcpServers[0].name: name must be 4-30 characters of letters, digits, spaces and hyphens",
  ],
  [
    "a tool that is not a slug",
    [{ ...GITHUB_AGENT, allowedTools: ["GITHUB_CREATE_AN_ISSUE", "create issue"] }],
    'stack config mcpServers[0].allowedTools[1]: allowedTools entries must be slugs, e.g. "GITHUB_CREATE_AN_ISSUE"',
  ],
])("mcpServers with %s fails naming the config path, and nothing is registered", async (_case, mcpServers, message) => {
  let thrown: unknown;
  try {
    declareStackConfig({ authConfigs: AUTH_CONFIGS, mcpServers });
  } catch (error) {
    thrown = error;
  }
  // A RunError: Pulumi prints its message alone, not a stack trace.
  expect(thrown).toBeInstanceOf(pulumi.RunError);
  expect((thrown as Error).message).toContain(message);
  await settled();
  expect(registered).toEqual([]);
});
