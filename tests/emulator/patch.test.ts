/**
 * PATCH /auth_configs/{id}: true PATCH semantics (2026-01-14), the documented clears, null refused,
 * `{}` answers, and last_updated_at moving on every write. What the server holds behind masked
 * reads is checked through the control API's raw view (EmulatorControl.storedAuthConfig).
 */
import { AuthConfigStore } from "../../emulator/store";
import { expectError, managed, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.emu.close());
beforeEach(() => t.control.reset());

const stored = (id: string) => t.control.storedAuthConfig(id);
const patch = (id: string, body: unknown) => t.api("PATCH", `/auth_configs/${id}`, { body });

async function createNotion(): Promise<string> {
  const res = await t.api("POST", "/auth_configs", {
    body: {
      toolkit: { slug: "notion" },
      auth_config: {
        type: "use_custom_auth",
        authScheme: "OAUTH2",
        name: "Before",
        credentials: { client_id: "cid-1", client_secret: "secret-value-1234", scopes: "x", oauth_redirect_uri: "https://app.example/cb" },
        proxy_config: { proxy_url: "https://p.example", proxy_auth_key: "proxy-key-1" },
        tool_access_config: { tools_for_connected_account_creation: ["A"] },
        restrict_to_following_tools: ["A"],
        shared_credentials: { region: "eu" },
        is_enabled_for_tool_router: true,
      },
    },
  });
  expect(res.status).toBe(201);
  return res.json.auth_config.id;
}

async function createManaged(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.api("POST", "/auth_configs", { body: managed("github", { name: "GH", ...extra }) });
  expect(res.status).toBe(201);
  return res.json.auth_config.id;
}

describe("merge: omitted fields are preserved", () => {
  it("custom: rotating client_secret alone changes only client_secret, and the answer is {}", async () => {
    const id = await createNotion();
    const before = await stored(id);
    const res = await patch(id, { type: "custom", credentials: { client_secret: "rotated-secret-5678" } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({});
    const after = await stored(id);
    expect(after.credentials).toEqual({ ...before.credentials, client_secret: "rotated-secret-5678" });
    expect({ ...after, credentials: before.credentials, last_updated_at: before.last_updated_at }).toEqual(before);
  });

  it("custom: every other field keeps its value when a PATCH carries only the name", async () => {
    const id = await createNotion();
    const before = await stored(id);
    await patch(id, { type: "custom", name: "After" });
    expect({ ...(await stored(id)), last_updated_at: before.last_updated_at }).toEqual({ ...before, name: "After" });
  });

  it("default: scopes and tool_access_config are preserved when omitted", async () => {
    const id = await createManaged({
      credentials: { scopes: "repo" },
      tool_access_config: { tools_for_connected_account_creation: ["GITHUB_CREATE_AN_ISSUE"] },
    });
    const before = await stored(id);
    await patch(id, { type: "default", name: "renamed", is_enabled_for_tool_router: true });
    const after = await stored(id);
    expect(after.credentials).toEqual(before.credentials);
    expect(after.tool_access_config).toEqual({ tools_for_connected_account_creation: ["GITHUB_CREATE_AN_ISSUE"] });
    expect(after).toMatchObject({ name: "renamed", is_enabled_for_tool_router: true });
  });

  it("default: top-level scopes replace the stored scopes", async () => {
    const id = await createManaged({ credentials: { scopes: "repo" } });
    await patch(id, { type: "default", scopes: ["repo", "user"] });
    expect((await stored(id)).credentials).toEqual({ scopes: ["repo", "user"] });
  });

  it("tool_access_config merges per list: sending one list keeps the other", async () => {
    const id = await createNotion();
    await patch(id, { type: "custom", tool_access_config: { tools_available_for_execution: ["B"] } });
    expect((await stored(id)).tool_access_config).toEqual({
      tools_for_connected_account_creation: ["A"],
      tools_available_for_execution: ["B"],
    });
  });

  it("shared_credentials and restrict_to_following_tools are replaced whole; proxy_config is replaced whole", async () => {
    const id = await createNotion();
    await patch(id, {
      type: "custom",
      shared_credentials: { token: "t" },
      restrict_to_following_tools: ["B"],
      proxy_config: { proxy_url: "https://q.example" },
    });
    expect(await stored(id)).toMatchObject({
      shared_credentials: { token: "t" },
      restrict_to_following_tools: ["B"],
      proxy_config: { proxy_url: "https://q.example" },
    });
  });
});

describe("clearing", () => {
  it('a credential key sent as "" is removed; scopes "" and [] clear the scopes', async () => {
    const id = await createNotion();
    await patch(id, { type: "custom", credentials: { oauth_redirect_uri: "", scopes: "" } });
    expect((await stored(id)).credentials).toEqual({ client_id: "cid-1", client_secret: "secret-value-1234" });
    expect((await t.api("GET", `/auth_configs/${id}`)).json.credentials).toEqual({ client_id: "cid-1", client_secret: "secr..." });

    const gh = await createManaged({ credentials: { scopes: "repo" } });
    await patch(gh, { type: "default", scopes: [] });
    expect((await stored(gh)).credentials).toEqual({});
    await patch(gh, { type: "default", scopes: "user" });
    await patch(gh, { type: "default", scopes: "" });
    expect((await stored(gh)).credentials).toEqual({});
  });

  it("tool lists are cleared with []; proxy_config with null", async () => {
    const id = await createNotion();
    await patch(id, {
      type: "custom",
      tool_access_config: { tools_for_connected_account_creation: [] },
      restrict_to_following_tools: [],
      proxy_config: null,
    });
    expect(await stored(id)).toMatchObject({
      tool_access_config: { tools_for_connected_account_creation: [] },
      restrict_to_following_tools: [],
      proxy_config: null,
    });
  });

  it("a required credential cannot be removed (400 naming it, nothing changed)", async () => {
    const id = await createNotion();
    const before = await stored(id);
    const err = expectError(await patch(id, { type: "custom", credentials: { client_id: "" } }), 400, "invalid_request");
    expect(err.message).toContain("credentials.client_id");
    expect(await stored(id)).toEqual(before);
  });

  it.each([
    ["credentials.scopes", { type: "custom", credentials: { scopes: null } }, '""'],
    ["credentials.client_secret", { type: "custom", credentials: { client_secret: null } }, '""'],
    [
      "tool_access_config.tools_for_connected_account_creation",
      { type: "custom", tool_access_config: { tools_for_connected_account_creation: null } },
      "[]",
    ],
    ["restrict_to_following_tools", { type: "custom", restrict_to_following_tools: null }, "Omit"],
    ["shared_credentials", { type: "custom", shared_credentials: null }, "object"],
    ["credentials", { type: "custom", credentials: null }, "object"],
    ["name", { type: "custom", name: null }, "Omit"],
  ])("null for %s is a 400 naming the field (the request types allow null only for proxy_config)", async (field, body, fix) => {
    const id = await createNotion();
    const before = await stored(id);
    const err = expectError(await patch(id, body), 400, "invalid_request");
    expect(err.message).toBe(`Invalid value for ${field}: null is not accepted`);
    expect(err.suggested_fix).toContain(fix);
    expect(err.errors).toEqual([{ field, message: "null is not accepted" }]);
    expect(await stored(id)).toEqual(before);
  });

  it("null for the default variant's scopes is a 400 too", async () => {
    const id = await createManaged({ credentials: { scopes: "repo" } });
    expect(expectError(await patch(id, { type: "default", scopes: null }), 400).message).toContain("scopes");
  });
});

describe("tools_for_connected_account_creation updates the stored scopes", () => {
  it("managed: stored scopes = the explicit scopes ∪ the tools' scopes, recomputed on every change", async () => {
    const id = await createManaged({
      credentials: { scopes: "repo" },
      tool_access_config: { tools_for_connected_account_creation: ["GITHUB_GET_THE_AUTHENTICATED_USER"] },
    });
    expect((await stored(id)).credentials).toEqual({ scopes: "repo,user" });
    expect((await t.api("GET", `/auth_configs/${id}`)).json.credentials).toEqual({ scopes: "repo..." });

    const before = (await stored(id)).last_updated_at;
    await patch(id, {
      type: "default",
      tool_access_config: { tools_for_connected_account_creation: ["GITHUB_CREATE_A_WORKFLOW_DISPATCH_EVENT"] },
    });
    const after = await stored(id);
    expect(after.credentials).toEqual({ scopes: "repo,workflow" });
    expect(Date.parse(after.last_updated_at)).toBeGreaterThan(Date.parse(before));

    await patch(id, { type: "default", tool_access_config: { tools_for_connected_account_creation: [] } });
    expect((await stored(id)).credentials).toEqual({ scopes: "repo" });
  });

  it("resending the same tools leaves the scopes as they are; new explicit scopes keep the tools' scopes", async () => {
    const id = await createManaged({
      credentials: { scopes: ["repo"] },
      tool_access_config: { tools_for_connected_account_creation: ["GITHUB_GET_THE_AUTHENTICATED_USER"] },
    });
    await patch(id, {
      type: "default",
      tool_access_config: { tools_for_connected_account_creation: ["GITHUB_GET_THE_AUTHENTICATED_USER"] },
    });
    expect((await stored(id)).credentials).toEqual({ scopes: ["repo", "user"] });
    await patch(id, { type: "default", scopes: "gist" });
    expect((await stored(id)).credentials).toEqual({ scopes: "gist,user" });
    await patch(id, { type: "default", scopes: "" });
    expect((await stored(id)).credentials).toEqual({ scopes: ["user"] });
  });

  it("custom OAuth2 without explicit scopes gets the tools' scopes as a list; unknown tools add none", async () => {
    const res = await t.api("POST", "/auth_configs", {
      body: {
        toolkit: { slug: "notion" },
        auth_config: {
          type: "use_custom_auth",
          authScheme: "OAUTH2",
          credentials: { client_id: "cid", client_secret: "sec" },
          tool_access_config: { tools_for_connected_account_creation: ["NOTION_CREATE_PAGE", "NOTION_SEARCH", "NOT_A_TOOL"] },
        },
      },
    });
    expect((await stored(res.json.auth_config.id)).credentials.scopes).toEqual(["read_content", "insert_content"]);
  });

  it("a scheme without scopes (API_KEY) gets none", async () => {
    const res = await t.api("POST", "/auth_configs", {
      body: {
        toolkit: { slug: "linear" },
        auth_config: {
          type: "use_custom_auth",
          authScheme: "API_KEY",
          tool_access_config: { tools_for_connected_account_creation: ["LINEAR_LIST_LINEAR_ISSUES"] },
        },
      },
    });
    expect((await stored(res.json.auth_config.id)).credentials).toEqual({});
  });
});

describe("last_updated_at", () => {
  it("the store's clock never hands out the same instant twice, and never goes back", () => {
    const store = new AuthConfigStore();
    const at = Date.parse("2026-06-01T12:00:00.000Z");
    expect([store.stamp(at), store.stamp(at), store.stamp(at), store.stamp(at - 5000), store.stamp(at + 10)]).toEqual([
      "2026-06-01T12:00:00.000Z",
      "2026-06-01T12:00:00.001Z",
      "2026-06-01T12:00:00.002Z",
      "2026-06-01T12:00:00.003Z",
      "2026-06-01T12:00:00.010Z",
    ]);
  });

  it("create sets created_at == last_updated_at", async () => {
    const id = await createNotion();
    const got = (await t.api("GET", `/auth_configs/${id}`)).json;
    expect(got.last_updated_at).toBe(got.created_at);
  });

  it("every PATCH and status change moves it strictly later, even back to back in one millisecond", async () => {
    const id = await createNotion();
    const seen = [(await t.api("GET", `/auth_configs/${id}`)).json.last_updated_at as string];
    const writes = [
      () => patch(id, { type: "custom", name: "n1" }),
      () => patch(id, { type: "custom" }), // a PATCH that changes nothing still counts as a write
      () => t.api("PATCH", `/auth_configs/${id}/DISABLED`),
      () => t.api("PATCH", `/auth_configs/${id}/DISABLED`),
      () => t.api("PATCH", `/auth_configs/${id}/ENABLED`),
      () => patch(id, { type: "custom", credentials: { client_secret: "rotated" } }),
    ];
    for (const write of writes) {
      expect((await write()).status).toBe(200);
      seen.push((await t.api("GET", `/auth_configs/${id}`)).json.last_updated_at);
    }
    for (let i = 1; i < seen.length; i++) expect(Date.parse(seen[i]!)).toBeGreaterThan(Date.parse(seen[i - 1]!));
    expect((await t.api("GET", `/auth_configs/${id}`)).json.created_at).toBe(seen[0]);
  });

  it("concurrent writes to different configs never share a timestamp", async () => {
    const ids = await Promise.all(Array.from({ length: 10 }, () => createManaged()));
    await Promise.all(ids.map((id) => patch(id, { type: "default", name: "same time" })));
    const stamps = await Promise.all(ids.map(async (id) => (await stored(id)).last_updated_at));
    expect(new Set(stamps).size).toBe(ids.length);
  });

  it("a failed PATCH does not move it", async () => {
    const id = await createNotion();
    const before = (await stored(id)).last_updated_at;
    expectError(await patch(id, { type: "default", name: "wrong variant" }), 400);
    expectError(await t.api("PATCH", `/auth_configs/${id}/PAUSED`), 400);
    expect((await stored(id)).last_updated_at).toBe(before);
  });
});

describe("body validation", () => {
  it("rejects a type that does not match the config's type, changing nothing", async () => {
    const id = await createNotion();
    const before = (await t.api("GET", `/auth_configs/${id}`)).json;
    const err = expectError(await patch(id, { type: "default", name: "X" }), 400);
    expect(err.message).toContain('"custom"');
    expect(err.suggested_fix).toBeDefined();
    expect((await t.api("GET", `/auth_configs/${id}`)).json).toEqual(before);
  });

  it("rejects a missing or unknown type and fields of the other variant", async () => {
    const id = await createNotion();
    expect(expectError(await patch(id, { name: "X" }), 400).message).toContain("type");
    expect(expectError(await patch(id, { type: "use_custom_auth" }), 400).message).toContain("type");
    expect(expectError(await patch(id, { type: "custom", scopes: "x" }), 400).message).toContain("scopes");
  });

  it("404s an unknown id", async () => {
    expectError(await patch("ac_doesnotexist", { type: "custom" }), 404, "auth_config_not_found");
  });
});
