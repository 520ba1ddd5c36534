/**
 * McpServer as a Pulumi YAML program through the `composio` plugin (testbed/programs/yaml/mcp-server: an auth config
 * and an autonamed MCP server using it), under the real CLI against the emulator, one engine run per step on one
 * stack: up creates both; a no-change preview makes no API call; a tool added in the dashboard fails `preview
 * --refresh --expect-no-changes` and `up --refresh` removes it with one PATCH; `pulumi import` of a server made in
 * the dashboard writes code that previews clean with no API call; destroy deletes the server before the auth config.
 * Needs `npm run build` (the plugin runs dist/).
 */
import * as fs from "fs";
import * as path from "path";
import type { Stack } from "@pulumi/pulumi/automation";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { destroy, E2eEnv, preview, REPO_ROOT, up } from "../../testbed/harness";
import { createLanguageEnv, YAML_PROGRAMS } from "../../testbed/languages";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-api-key-yaml-mcp-5b17e0";
const ALLOWED = ["GITHUB_CREATE_AN_ISSUE"];
const ADDED_IN_DASHBOARD = "GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER";

let env: E2eEnv;
let composio: TestComposio;
let stack: Stack;
let programDir: string;
let printed = "";
beforeAll(async () => {
  env = await createLanguageEnv("yaml-mcp-server", { yaml: true, pathDirs: [path.join(REPO_ROOT, "bin")] });
  composio = await startTestComposio(API_KEY);
  // A copy: the import step adds the generated code to the program.
  programDir = env.newWorkDir("mcp-server-program");
  fs.cpSync(path.join(YAML_PROGRAMS, "mcp-server"), programDir, { recursive: true });
  stack = await env.localStack({
    programDir,
    config: { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": composio.emulator.url },
  });
}, 30 * 60_000);
afterAll(async () => {
  // The API key never reaches the CLI's output.
  expect(printed).not.toContain(API_KEY);
  await env?.cleanup();
  await composio?.emulator.close();
});

const outputs = async () => {
  const all = await stack.outputs();
  return { authConfigId: all.authConfigId!.value as string, serverId: all.serverId!.value as string };
};
const server = async (id: string) => (await composio.api("GET", `/mcp/${id}`)).json;
const run = async <T extends { output: string }>(result: Promise<T>): Promise<T> => {
  const r = await result;
  printed += r.output;
  return r;
};

test("1. up creates the auth config, then the MCP server using it, autonamed from the resource's name", async () => {
  await composio.control.clearStats();
  expect((await run(up(stack))).changes).toEqual({ create: 3 });
  const { byRoute } = await composio.control.stats();
  expect(Object.entries(byRoute).filter(([route]) => !route.startsWith("GET"))).toEqual([
    ["POST /auth_configs", 1],
    ["POST /mcp/servers", 1],
  ]);
  const { authConfigId, serverId } = await outputs();
  const live = await server(serverId);
  expect(live).toMatchObject({ auth_config_ids: [authConfigId], allowed_tools: ALLOWED, toolkits: ["github"] });
  expect(live.name).toMatch(/^agent-[0-9a-f]{7}$/);
  expect((await stack.outputs()).mcpUrl.value).toBe(live.mcp_url);
});

test("2. a no-change preview makes no API call", async () => {
  const { result, calls } = await composio.counted(() => run(preview(stack)));
  expect(result.changes).toEqual({ same: 3 });
  expect(calls).toBe(0);
});

test("3. a tool added in the dashboard fails preview --refresh --expect-no-changes; up --refresh removes it with one PATCH", async () => {
  const { serverId } = await outputs();
  expect((await composio.api("PATCH", `/mcp/${serverId}`, { allowed_tools: [...ALLOWED, ADDED_IN_DASHBOARD] })).status).toBe(200);
  const { result: drifted, writes } = await composio.counted(() =>
    run(preview(stack, { refresh: true, expectNoChanges: true, diff: true, allowFailure: true })),
  );
  expect(drifted.ok).toBe(false);
  expect(drifted.output).toMatch(/allowedTools/);
  expect(drifted.output).toContain(ADDED_IN_DASHBOARD);
  expect(writes).toBe(0);

  await composio.control.clearStats();
  expect((await run(up(stack, { refresh: true }))).changes).toEqual({ same: 2, update: 1 });
  const { byRoute } = await composio.control.stats();
  expect(Object.entries(byRoute).filter(([route]) => !route.startsWith("GET"))).toEqual([["PATCH /mcp/{id}", 1]]);
  expect((await server(serverId)).allowed_tools).toEqual(ALLOWED);
});

test("4. `pulumi import` of a server made in the dashboard writes code that previews clean, with no API call", async () => {
  const { authConfigId } = await outputs();
  const made = await composio.api("POST", "/mcp/servers", {
    name: "support agent",
    auth_config_ids: [authConfigId],
    allowed_tools: ["GITHUB_LIST_REPOSITORY_ISSUES"],
  });
  expect(made.status).toBe(201);
  const code = path.join(programDir, "imported.yaml");
  await composio.control.clearStats();
  const imported = await env.pulumi(
    ["import", "composio:index:McpServer", "support", made.json.id, "--yes", "--protect=false", "--out", code, "--stack", stack.name],
    { cwd: stack.workspace.workDir },
  );
  printed += imported.stdout + imported.stderr;
  if (imported.code !== 0) throw new Error(`pulumi import failed:\n${imported.stdout}${imported.stderr}`);
  expect(await composio.writes()).toBe(0);
  const generated = fs.readFileSync(code, "utf8");
  expect(generated).toMatch(/^resources:\n {2}support:\n {4}type: composio:McpServer\n/);
  expect(generated).toContain("name: support agent");
  expect(generated).toContain(authConfigId);
  expect(generated).toContain("GITHUB_LIST_REPOSITORY_ISSUES");
  expect(generated).not.toMatch(/__|mcpUrl|commands/);

  const programFile = path.join(programDir, "Pulumi.yaml");
  fs.writeFileSync(programFile, fs.readFileSync(programFile, "utf8").replace(/^resources:\n/m, generated.trimEnd() + "\n"));
  const { result, calls } = await composio.counted(() => run(preview(stack, { expectNoChanges: true })));
  expect(result.changes).toEqual({ same: 4 });
  expect(calls).toBe(0);
});

test("5. destroy deletes the server before the auth config", async () => {
  const { authConfigId, serverId } = await outputs();
  await composio.control.clearStats();
  expect((await run(destroy(stack))).changes).toEqual({ delete: 4 });
  const deletes = (await composio.control.requests()).filter((entry) => entry.method === "DELETE").map((entry) => entry.path);
  const agentDeleted = deletes.findIndex((path) => path.endsWith(`/mcp/${serverId}`));
  expect(agentDeleted).toBeGreaterThanOrEqual(0);
  expect(deletes.findIndex((path) => path.endsWith(`/auth_configs/${authConfigId}`))).toBeGreaterThan(agentDeleted);
  expect((await composio.api("GET", `/mcp/${serverId}`)).status).toBe(404);
  expect(await composio.list()).toEqual([]);
});
