/**
 * McpServer's hooks and its API calls against the emulator: check fails on an auth config id Composio does not
 * have (before any write), the calls each hook makes (counted by the emulator's routes), refresh reads served by
 * one page-numbered listing with a missing server confirmed by a GET, and an idempotent delete.
 */
import { EmulatorControl, startEmulator, type RunningEmulator } from "../../../emulator";
import { ComposioApi } from "../../../provider/api/client";
import { McpServerProvider } from "../../../provider/hooks/mcpServerProvider";
import type { McpServerInputs } from "../../../provider/core/mcpServer";
import type { McpServerOutputs } from "../../../provider/core/mcpServerMapping";
import { SDK_REPORT_KEY } from "../../../provider/engineProtocol";

const API_KEY = "mcp-hooks-key-7d21";

let emulator: RunningEmulator;
let control: EmulatorControl;
let warnings: string[];
let github: string;
let gmail: string;

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: API_KEY, quiet: true });
  control = new EmulatorControl(emulator.url, API_KEY);
  const api = new ComposioApi({ apiKey: API_KEY, baseUrl: emulator.url });
  const managed = (slug: string) =>
    api.createAuthConfig({ toolkit: { slug }, auth_config: { type: "use_composio_managed_auth", name: slug } });
  github = (await managed("github")).id;
  gmail = (await managed("gmail")).id;
});
afterAll(() => emulator.close());
beforeEach(async () => {
  warnings = [];
  await control.clearFaults();
  await control.clearStats();
});

function provider(): McpServerProvider {
  return new McpServerProvider(async (message) => {
    warnings.push(message);
  }).useSettings(() => ({ apiKey: API_KEY, baseUrl: emulator.url }));
}

async function calls(): Promise<Record<string, number>> {
  return (await control.stats()).byRoute;
}

async function created(hooks: McpServerProvider, args: Record<string, unknown>): Promise<{ id: string; outs: McpServerOutputs }> {
  const checked = await hooks.check(undefined, { ...args, [SDK_REPORT_KEY]: { resourceName: "agent" } });
  expect(checked.failures).toEqual([]);
  return (await hooks.create(checked.inputs as McpServerInputs)) as { id: string; outs: McpServerOutputs };
}

describe("check", () => {
  it("fails on an auth config id Composio does not have, naming the entry and the fix, with no write", async () => {
    const result = await provider().check(undefined, { authConfigIds: [github, "ac_doesnotexist"] });
    expect(result.failures).toEqual([
      {
        property: "",
        reason:
          "authConfigIds[1]: auth config ac_doesnotexist does not exist in this Composio project; " +
          "pass an AuthConfig's authConfigId, or fix the id",
      },
    ]);
    expect(Object.keys(await calls()).filter((route) => !route.startsWith("GET"))).toEqual([]);
  });

  it("fails on two auth configs of one toolkit", async () => {
    const api = new ComposioApi({ apiKey: API_KEY, baseUrl: emulator.url });
    const body = { toolkit: { slug: "github" }, auth_config: { type: "use_composio_managed_auth" as const, name: "gh2" } };
    const second = (await api.createAuthConfig(body)).id;
    const result = await provider().check(undefined, { authConfigIds: [github, second] });
    const reason = expect.stringMatching(/^authConfigIds\[1\]: .* both for toolkit "github"; a server uses one/);
    expect(result.failures).toEqual([{ property: "", reason }]);
  });

  it("makes no call when the ids did not change (a no-change preview)", async () => {
    const hooks = provider();
    const olds = { name: "agent-abc1234", authConfigIds: [gmail, github] };
    expect((await hooks.check(olds, { authConfigIds: [github, gmail] })).failures).toEqual([]);
    expect((await control.stats()).total).toBe(0);
  });
});

describe("create, update, read, delete", () => {
  it("creates with one POST, updates the allow-list with one PATCH, and deletes idempotently", async () => {
    const hooks = provider();
    const { id, outs } = await created(hooks, { authConfigIds: [github], allowedTools: ["GITHUB_CREATE_AN_ISSUE"] });
    expect((await calls())["POST /mcp/servers"]).toBe(1);
    const autonamed = expect.stringMatching(/^agent-[0-9a-f]{7}$/);
    expect(outs).toMatchObject({ name: autonamed, mcpServerId: id, toolkits: ["github"], serverInstanceCount: 0 });
    expect(outs.mcpUrl).toContain(id);
    const news = { ...(outs as McpServerInputs), allowedTools: ["GITHUB_CREATE_AN_ISSUE", "GITHUB_LIST_REPOSITORY_ISSUES"] };
    expect(await hooks.diff(id, outs, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    await control.clearStats();
    const updated = await hooks.update(id, outs, news);
    expect(await calls()).toEqual({ "PATCH /mcp/{id}": 1 });
    expect(updated.outs).toMatchObject({ allowedTools: news.allowedTools });
    expect(updated.outs!.updatedAt > outs.updatedAt).toBe(true);
    await hooks.delete(id);
    await hooks.delete(id);
    expect((await calls())["DELETE /mcp/{id}"]).toBe(2);
    expect(await hooks.read(id, updated.outs as McpServerOutputs)).toEqual({});
  });

  it("walks the listing by page number: a refresh of 201 servers is two listing requests and no GET", async () => {
    const made: string[] = [];
    for (let i = 0; i < 201; i++) {
      const body = { name: `paged ${i}`, auth_config_ids: [gmail] };
      const answer = await fetch(`${emulator.url}/api/v3.1/mcp/servers`, {
        method: "POST",
        headers: { "x-api-key": API_KEY, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      made.push(((await answer.json()) as { id: string }).id);
    }
    await control.clearStats();
    const hooks = provider();
    const reads = await Promise.all(made.map((id) => hooks.read(id, { name: "", authConfigIds: [gmail] } as McpServerOutputs)));
    expect(reads.map((read) => read.id)).toEqual(made);
    expect(await calls()).toEqual({ "GET /mcp/servers": 2 });
    await Promise.all(made.map((id) => hooks.delete(id)));
  });

  it("takes the server a POST made whose answer was lost, without a second POST", async () => {
    const hooks = provider();
    await control.faults({ next: 1, kinds: ["drop-after-commit"], routes: ["POST /mcp/servers"] });
    const { id } = await created(hooks, { name: "lost answer", authConfigIds: [gmail] });
    expect((await calls())["POST /mcp/servers"]).toBe(1);
    expect((await hooks.read(id, {} as McpServerOutputs)).props).toMatchObject({ name: "lost answer", mcpServerId: id });
    await hooks.delete(id);
  });

  it("fails on a name another server held before the create began, without taking that server over", async () => {
    const hooks = provider();
    const theirs = await created(hooks, { name: "taken name", authConfigIds: [gmail] });
    await control.clearStats();
    // The same body: only a lost answer could make that server ours, and no answer was lost.
    await expect(created(hooks, { name: "taken name", authConfigIds: [gmail] })).rejects.toThrow(/already exists/);
    expect(await calls()).toEqual({ "POST /mcp/servers": 1 });
    await hooks.delete(theirs.id);
  });

  it("after a lost answer, takes only a server of that name over the same auth configs", async () => {
    const hooks = provider();
    const theirs = await created(hooks, { name: "shared name", authConfigIds: [github] });
    // The POST is lost before it reaches the API, so the server named so is someone else's.
    await control.faults({ next: 1, kinds: ["drop"], routes: ["POST /mcp/servers"] });
    await expect(created(hooks, { name: "shared name", authConfigIds: [gmail] })).rejects.toThrow(/already exists/);
    expect((await hooks.read(theirs.id, theirs.outs)).props).toMatchObject({ authConfigIds: [github] });
    await hooks.delete(theirs.id);
  });

  it("serves a refresh's reads from one listing, and confirms a server missing from it with a GET", async () => {
    const hooks = provider();
    const names = ["one", "two", "three"];
    const servers = await Promise.all(names.map((name) => created(hooks, { name: `agent ${name}`, authConfigIds: [gmail] })));
    await control.clearStats();
    const reads = await Promise.all(servers.map(({ id, outs }) => hooks.read(id, outs)));
    expect(reads.map((read) => read.props?.name)).toEqual(["agent one", "agent two", "agent three"]);
    expect(await calls()).toEqual({ "GET /mcp/servers": 1 });
    // Deleted out of band: the listing lacks it, and only a GET's 404 takes it for gone.
    const [gone] = servers;
    await fetch(`${emulator.url}/api/v3.1/mcp/${gone!.id}`, { method: "DELETE", headers: { "x-api-key": API_KEY } });
    await control.clearStats();
    const fresh = provider();
    expect(await fresh.read(gone!.id, gone!.outs)).toEqual({});
    expect(await calls()).toEqual({ "GET /mcp/servers": 1, "GET /mcp/{id}": 1 });
  });
});
