/** --state / stateFile: atomic writes, reload on start, and no partial state on failure. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../emulator";
import { expectError, managed, notionCustom, startTestEmulator } from "./helpers";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "composio-emulator-state-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("keeps every change across a restart", async () => {
  const stateFile = join(dir, "state.json");
  const first = await startTestEmulator({ stateFile });
  const keep = (await first.api("POST", "/auth_configs", { body: notionCustom() })).json.auth_config.id;
  const gone = (await first.api("POST", "/auth_configs", { body: managed("github") })).json.auth_config.id;
  const disabled = (await first.api("POST", "/auth_configs", { body: managed("gmail") })).json.auth_config.id;
  await first.api("PATCH", `/auth_configs/${keep}`, {
    body: { type: "custom", name: "Renamed", credentials: { client_secret: "new-secret-abcdefgh" } },
  });
  await first.api("PATCH", `/auth_configs/${disabled}/DISABLED`);
  await first.api("DELETE", `/auth_configs/${gone}`);
  const before = (await first.api("GET", "/auth_configs?show_disabled=true")).json;
  await first.emu.close();

  const second = await startTestEmulator({ stateFile });
  try {
    expect((await second.api("GET", "/auth_configs?show_disabled=true")).json).toEqual(before);
    expect((await second.api("GET", `/auth_configs/${keep}`)).json).toMatchObject({
      name: "Renamed",
      credentials: { client_secret: "new-..." },
    });
    expectError(await second.api("GET", `/auth_configs/${gone}`), 404);
    // The delete was soft: still stored, still invisible, still a 404 to delete again.
    expect(await second.control.storedAuthConfig(gone)).toMatchObject({ id: gone, deleted_at: expect.any(String) });
    expectError(await second.api("DELETE", `/auth_configs/${gone}`), 404);
    // New configs still list newest first after a reload.
    const fresh = (await second.api("POST", "/auth_configs", { body: managed("slack") })).json.auth_config.id;
    expect((await second.api("GET", "/auth_configs")).json.items[0].id).toBe(fresh);
  } finally {
    await second.emu.close();
  }
});

it("loads a state file written before created_by and explicit_scopes, and stamps later than anything in it", async () => {
  const stateFile = join(dir, "state.json");
  const future = "2999-01-01T00:00:00.000Z";
  const old = {
    id: "ac_oldstate00001",
    uuid: "00000000-0000-4000-8000-000000000000",
    seq: 1,
    type: "default",
    toolkit_slug: "github",
    name: "From an old file",
    auth_scheme: "OAUTH2",
    is_composio_managed: true,
    credentials: { scopes: "repo" },
    proxy_config: null,
    status: "ENABLED",
    created_at: future,
    last_updated_at: future,
    restrict_to_following_tools: [],
    tool_access_config: {},
    shared_credentials: {},
    is_enabled_for_tool_router: false,
  };
  writeFileSync(stateFile, JSON.stringify({ version: 1, next_seq: 2, auth_configs: [old] }));
  const t = await startTestEmulator({ stateFile });
  try {
    expect((await t.api("GET", `/auth_configs/${old.id}`)).json).toMatchObject({
      created_by: "user_emulator",
      credentials: { scopes: "..." },
    });
    await t.api("PATCH", `/auth_configs/${old.id}`, {
      body: { type: "default", tool_access_config: { tools_for_connected_account_creation: ["GITHUB_GET_THE_AUTHENTICATED_USER"] } },
    });
    const after = await t.control.storedAuthConfig(old.id);
    expect(after.credentials).toEqual({ scopes: "repo,user" });
    expect(Date.parse(after.last_updated_at)).toBeGreaterThan(Date.parse(future));
  } finally {
    await t.emu.close();
  }
});

it("writes a private, complete JSON file and leaves no temp files", async () => {
  const stateFile = join(dir, "state.json");
  const t = await startTestEmulator({ stateFile });
  for (let i = 0; i < 5; i++) await t.api("POST", "/auth_configs", { body: managed("github") });
  await t.emu.close();
  expect(readdirSync(dir)).toEqual(["state.json"]);
  expect(statSync(stateFile).mode & 0o777).toBe(0o600);
  const state = JSON.parse(readFileSync(stateFile, "utf8"));
  expect(state).toMatchObject({ version: 1 });
  expect(state.auth_configs).toHaveLength(5);
});

it("persists a reset", async () => {
  const stateFile = join(dir, "state.json");
  const first = await startTestEmulator({ stateFile });
  await first.api("POST", "/auth_configs", { body: managed("github") });
  await first.control.reset();
  await first.emu.close();
  const second = await startTestEmulator({ stateFile });
  expect((await second.api("GET", "/auth_configs")).json.total_items).toBe(0);
  await second.emu.close();
});

it("refuses to start on a corrupt state file instead of wiping it", async () => {
  const stateFile = join(dir, "state.json");
  writeFileSync(stateFile, "{ not json");
  await expect(startEmulator({ apiKey: "k", stateFile, quiet: true })).rejects.toThrow(/not valid JSON/);
  writeFileSync(stateFile, JSON.stringify({ something: "else" }));
  await expect(startEmulator({ apiKey: "k", stateFile, quiet: true })).rejects.toThrow(/not a composio-emulator state file/);
  expect(readFileSync(stateFile, "utf8")).toContain("something");
});

it("fails the request and stores nothing when the state cannot be written", async () => {
  const t = await startTestEmulator({ stateFile: join(dir, "missing-dir", "state.json") });
  try {
    expectError(await t.api("POST", "/auth_configs", { body: managed("github") }), 500);
    expect((await t.api("GET", "/auth_configs")).json.total_items).toBe(0);
    expect(t.logs.some((l) => l.includes("internal error"))).toBe(true);
  } finally {
    await t.emu.close();
  }
});
