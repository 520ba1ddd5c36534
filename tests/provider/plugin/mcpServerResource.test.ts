/**
 * The plugin's McpServer adapter over the hooks, against the emulator: the autoname from the URN, bad input failing
 * check with no API call, values a program wrapped leaving wrapped, previews that write nothing, and a read from an id
 * alone (what `pulumi import` calls) returning the server's inputs without the hosts' bookkeeping.
 */
import { McpServerProvider } from "../../../provider/hooks/mcpServerProvider";
import { McpServerResource } from "../../../provider/plugin/mcpServerResource";
import { SECRET_SIG, SIG_KEY } from "../../../provider/core/secretMarks";
import { UNKNOWN } from "../../../provider/engineProtocol";
import { startTestComposio, type TestComposio } from "../../../testbed/emulatorApi";

const API_KEY = "SENTINEL-api-key-mcp-adapter-7c41d2";
const URN = "urn:pulumi:dev::proj::composio:index:McpServer::support-agent";
const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

let composio: TestComposio;
let resource: McpServerResource;
let githubId: string;

beforeAll(async () => {
  composio = await startTestComposio(API_KEY);
  const hooks = new McpServerProvider(async () => undefined).useSettings(() => ({ apiKey: API_KEY, baseUrl: composio.emulator.url }));
  resource = new McpServerResource(hooks);
  githubId = (await composio.api("POST", "/auth_configs", { toolkit: { slug: "github" } })).json.auth_config.id;
});
afterAll(() => composio.emulator.close());
beforeEach(() => composio.control.clearStats());

test("check autonames from the URN's resource name, within the name rule", async () => {
  const { inputs, failures } = await resource.check(URN, {}, { authConfigIds: [UNKNOWN] });
  expect(failures).toEqual([]);
  expect(inputs.name).toMatch(/^support-agent-[0-9a-f]{7}$/);
  expect(inputs.__autoname).toBe(inputs.name);
});

// Failures leave in the engine's safe form (core/check.ts forEngine): the property leads the reason.
test("bad input fails check naming the property and the fix, with no API call", async () => {
  const { failures } = await resource.check(URN, {}, { name: "agent_1", authConfigIds: ["github"], allowedTools: "GITHUB_X" });
  const reasons = failures.map((failure) => failure.reason).sort();
  expect(reasons).toEqual([
    expect.stringMatching(/^allowedTools: /),
    expect.stringMatching(/^authConfigIds\[0\]: /),
    expect.stringMatching(/^name: /),
  ]);
  expect(reasons[2]).toContain("4-30 characters of letters, digits, spaces and hyphens");
  expect((await composio.control.stats()).total).toBe(0);
});

test("an auth config id Composio does not have fails check, naming it and the fix", async () => {
  const { failures } = await resource.check(URN, {}, { authConfigIds: ["ac_doesnotexist"] });
  expect(failures.map((failure) => failure.reason)).toEqual([
    "authConfigIds[0]: auth config ac_doesnotexist does not exist in this Composio project; pass an AuthConfig's authConfigId, or fix the id",
  ]);
});

test("a value the program wrapped leaves wrapped; a preview writes nothing", async () => {
  const news = { name: "support agent", authConfigIds: [githubId], allowedTools: secret(["GITHUB_CREATE_AN_ISSUE"]) };
  const { inputs } = await resource.check(URN, {}, news);
  expect(inputs.allowedTools).toEqual(secret(["GITHUB_CREATE_AN_ISSUE"]));
  await composio.control.clearStats();
  expect(await resource.create(inputs, true)).toEqual({ id: "", outs: inputs });
  expect(await composio.writes()).toBe(0);

  const { id, outs } = await resource.create(inputs, false);
  expect(outs.allowedTools).toEqual(secret(["GITHUB_CREATE_AN_ISSUE"]));
  expect(outs.mcpServerId).toBe(id);
  await resource.delete(id);
});

test("a read from an id alone (pulumi import) returns the server's inputs, and no bookkeeping", async () => {
  const made = await composio.api("POST", "/mcp/servers", { name: "made by hand", auth_config_ids: [githubId] });
  await composio.control.clearStats();
  const { id, inputs, props } = await resource.read(made.json.id, {});
  expect(id).toBe(made.json.id);
  expect(inputs).toEqual({ name: "made by hand", authConfigIds: [githubId] });
  expect(props).toMatchObject({ mcpServerId: made.json.id, mcpUrl: made.json.mcp_url, toolkits: ["github"] });
  expect(await composio.writes()).toBe(0);
});
