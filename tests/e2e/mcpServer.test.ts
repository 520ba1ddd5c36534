/**
 * McpServer under the real Pulumi CLI (Automation API, file backend) against the emulator, on one shared stack, one
 * engine run per scenario: an auth config and an MCP server using it; a no-change preview makes no API call; an
 * auth config id that does not exist fails preview; an allow-list change is one PATCH; a tool added in the dashboard
 * is drift that `composio-drift` (text and JSON) and `preview --refresh --expect-no-changes` report and `up --refresh`
 * reverts; destroy deletes the server before the auth config. Needs `npm run build` (composio-drift runs dist/).
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { AuthConfig, McpServer, type McpServerArgs } from "../../sdk";
import { startComposioStack, type ComposioStack } from "../../testbed/composioStack";
import type { TestComposio } from "../../testbed/emulatorApi";
import { destroy, preview, up, type E2eEnv } from "../../testbed/harness";
import { runDrift } from "../drift/runDrift";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-api-key-mcp-e2e-2c90d4";
const ISSUE_TOOLS = ["GITHUB_CREATE_AN_ISSUE", "GITHUB_LIST_REPOSITORY_ISSUES"];

let composio: TestComposio;
let env: E2eEnv;
let stack: Stack;
let cleanup: ComposioStack["cleanup"] | undefined;
/** The server's allow-list in the program; each test sets it before running the engine. */
let allowedTools = ["GITHUB_CREATE_AN_ISSUE"];
/** A second server, declared by one scenario only. */
let extra: McpServerArgs | undefined;
let allOutput = "";

const program = async () => {
  const github = new AuthConfig("github", { toolkit: "github", name: "GitHub" });
  const agent = new McpServer("agent", { name: "github-agent", authConfigIds: [github.authConfigId], allowedTools });
  if (extra) new McpServer("extra", extra);
  return { authConfigId: github.authConfigId, serverId: agent.mcpServerId, mcpUrl: agent.mcpUrl };
};

async function outputs(): Promise<{ authConfigId: string; serverId: string; mcpUrl: string }> {
  const all = await stack.outputs();
  return { authConfigId: all.authConfigId!.value, serverId: all.serverId!.value, mcpUrl: all.mcpUrl!.value };
}

beforeAll(async () => {
  ({ composio, env, stack, cleanup } = await startComposioStack({ name: "mcp-server", apiKey: API_KEY, program }));
}, 15 * 60_000);

afterAll(async () => {
  // The API key never reaches the CLI's output.
  expect(allOutput).not.toContain(API_KEY);
  await cleanup?.();
});

test("1. up creates the auth config, then the MCP server using it", async () => {
  const result = await up(stack);
  allOutput += result.output;
  expect(result.changes).toEqual({ create: 3 });
  const { authConfigId, serverId, mcpUrl } = await outputs();
  const { json } = await composio.api("GET", `/mcp/${serverId}`);
  expect(json).toMatchObject({ name: "github-agent", auth_config_ids: [authConfigId], allowed_tools: allowedTools, toolkits: ["github"] });
  expect(mcpUrl).toBe(json.mcp_url);
});

test("2. a no-change preview makes no API call", async () => {
  const { result, calls } = await composio.counted(() => preview(stack));
  allOutput += result.output;
  expect(result.changes).toEqual({ same: 3 });
  expect(calls).toBe(0);
});

test("3. an auth config id Composio does not have fails preview, naming the property and the fix, with no write", async () => {
  extra = { name: "typo agent", authConfigIds: ["ac_doesnotexist"] };
  try {
    const { result, writes } = await composio.counted(() => preview(stack, { allowFailure: true }));
    allOutput += result.output;
    expect(result.ok).toBe(false);
    expect(result.output).toContain("authConfigIds[0]: auth config ac_doesnotexist does not exist in this Composio project");
    expect(result.output).toContain("pass an AuthConfig's authConfigId, or fix the id");
    expect(writes).toBe(0);
  } finally {
    extra = undefined;
  }
});

test("4. an allow-list change is one PATCH", async () => {
  allowedTools = ISSUE_TOOLS;
  await composio.control.clearStats();
  const result = await up(stack);
  allOutput += result.output;
  expect(result.changes).toEqual({ same: 2, update: 1 });
  expect((await composio.control.stats()).byRoute).toEqual({ "PATCH /mcp/{id}": 1 });
  expect((await composio.api("GET", `/mcp/${(await outputs()).serverId}`)).json.allowed_tools).toEqual(ISSUE_TOOLS);
});

test("5. a tool added in the dashboard is drift to composio-drift and fails preview --refresh --expect-no-changes; up --refresh removes it", async () => {
  const { serverId } = await outputs();
  const widened = [...ISSUE_TOOLS, "GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER"];
  expect((await composio.api("PATCH", `/mcp/${serverId}`, { allowed_tools: widened })).status).toBe(200);
  // composio-drift, as a pipeline runs it (from the checkpoint, no engine run), in text and JSON.
  const driftEnv = { cwd: stack.workspace.workDir, env: { ...env.envVars, COMPOSIO_API_KEY: "" } };
  await composio.control.clearStats();
  const [text, json] = await Promise.all([
    runDrift(["--stack", stack.name], driftEnv),
    runDrift(["--stack", stack.name, "--json"], driftEnv),
  ]);
  allOutput += text.stdout + text.stderr + json.stdout + json.stderr;
  // Each run: one listing of auth configs and one of MCP servers, nothing else.
  expect((await composio.control.stats()).byRoute).toEqual({ "GET /auth_configs": 2, "GET /mcp/servers": 2 });
  expect([text.code, json.code]).toEqual([1, 1]);
  expect(text.stdout).toContain(`0 of 1 auth config(s) and 1 of 1 MCP server(s) differ from the last \`pulumi up\``);
  expect(text.stdout).toContain(
    `  ~ agent (${serverId}, MCP server):\n    allowedTools: desired ${JSON.stringify(ISSUE_TOOLS)}, live ${JSON.stringify(widened)}\n`,
  );
  expect(JSON.parse(json.stdout).mcpServers).toEqual({
    checked: 1,
    drifted: [
      expect.objectContaining({
        resource: "agent",
        id: serverId,
        properties: [{ path: "allowedTools", desired: ISSUE_TOOLS, live: widened }],
      }),
    ],
  });
  const drifted = await preview(stack, { refresh: true, expectNoChanges: true, diff: true, allowFailure: true });
  allOutput += drifted.output;
  expect(drifted.ok).toBe(false);
  expect(drifted.output).toMatch(/allowedTools/);
  expect(drifted.output).toContain("GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER");
  const repaired = await up(stack, { refresh: true });
  allOutput += repaired.output;
  expect(repaired.changes).toMatchObject({ update: 1 });
  expect((await composio.api("GET", `/mcp/${serverId}`)).json.allowed_tools).toEqual(ISSUE_TOOLS);
});

test("6. destroy deletes the server before the auth config", async () => {
  const { authConfigId, serverId } = await outputs();
  const result = await destroy(stack);
  allOutput += result.output;
  const deletes = (await composio.control.requests()).filter((entry) => entry.method === "DELETE").map((entry) => entry.path);
  const endsWith = (path: string) => expect.stringMatching(new RegExp(`${path}$`));
  expect(deletes).toEqual([endsWith(`/mcp/${serverId}`), endsWith(`/auth_configs/${authConfigId}`)]);
  expect((await composio.api("GET", `/mcp/${serverId}`)).status).toBe(404);
  expect((await composio.api("GET", `/auth_configs/${authConfigId}`)).status).toBe(404);
});
