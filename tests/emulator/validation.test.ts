/** Every documented error case: the status, the error shape, a message naming the field, and nothing stored. */
import { expectError, managed, notionCustom, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.emu.close());
beforeEach(() => t.control.reset());

async function storedCount(): Promise<number> {
  return (await t.api("GET", "/auth_configs?show_disabled=true")).json.total_items;
}

async function expectCreateFails(body: unknown, status: number, ...mentions: string[]) {
  const err = expectError(await t.api("POST", "/auth_configs", { body }), status);
  for (const m of mentions) expect(err.message).toContain(m);
  expect(await storedCount()).toBe(0);
  return err;
}

describe("authentication", () => {
  it.each([
    ["missing", null],
    ["wrong", "wrong-key"],
    ["empty", ""],
  ])("401s a %s x-api-key on API and control routes", async (_label, key) => {
    const err = expectError(await t.api("GET", "/auth_configs", { apiKey: key }), 401);
    expect(err.suggested_fix).toContain("x-api-key");
    expectError(await t.api("POST", "/auth_configs", { apiKey: key, body: managed("github") }), 401);
    const ctl = await fetch(`${t.emu.url}/_emulator/reset`, { method: "POST", headers: key ? { "x-api-key": key } : {} });
    expect(ctl.status).toBe(401);
    expect(await storedCount()).toBe(0);
  });
});

describe("malformed and mistyped bodies", () => {
  it("400s malformed JSON", async () => {
    const err = expectError(await t.api("POST", "/auth_configs", { rawBody: '{"toolkit": {' }), 400);
    expect(err.message).toMatch(/malformed json/i);
    expectError(await t.api("PATCH", "/auth_configs/ac_x", { rawBody: "nope" }), 400);
    expect(await storedCount()).toBe(0);
  });

  it("400s a body that is not an object", async () => {
    await expectCreateFails([1, 2], 400, "request body");
    await expectCreateFails("github", 400, "request body");
    expectError(await t.api("POST", "/auth_configs"), 400);
  });

  it.each([
    ["toolkit", { toolkit: "github" }],
    ["toolkit.slug", { toolkit: { slug: 42 } }],
    ["auth_config", { toolkit: { slug: "github" }, auth_config: [] }],
    ["auth_config.type", { toolkit: { slug: "github" }, auth_config: { type: 1 } }],
    ["auth_config.name", managed("github", { name: 5 })],
    ["auth_config.credentials", managed("github", { credentials: "repo" })],
    ["auth_config.credentials.scopes", managed("github", { credentials: { scopes: [1] } })],
    ["auth_config.restrict_to_following_tools", managed("github", { restrict_to_following_tools: "A" })],
    [
      "auth_config.tool_access_config.tools_for_connected_account_creation",
      managed("github", { tool_access_config: { tools_for_connected_account_creation: "A" } }),
    ],
    ["auth_config.shared_credentials", managed("github", { shared_credentials: [] })],
    ["auth_config.is_enabled_for_tool_router", managed("github", { is_enabled_for_tool_router: "yes" })],
    ["auth_config.credentials.client_id", notionCustom({ client_id: 1, client_secret: "s" })],
    [
      "auth_config.proxy_config.proxy_url",
      { ...notionCustom(), auth_config: { ...notionCustom().auth_config, proxy_config: { proxy_url: 3 } } },
    ],
    ["auth_config.authScheme", { ...notionCustom(), auth_config: { ...notionCustom().auth_config, authScheme: 7 } }],
  ])("400s a wrong type for %s, naming it", async (path, body) => {
    await expectCreateFails(body, 400, path);
  });

  it("400s wrong types in update bodies naming the field", async () => {
    const id = (await t.api("POST", "/auth_configs", { body: notionCustom() })).json.auth_config.id;
    for (const [body, path] of [
      [{ type: "custom", name: 1 }, "name"],
      [{ type: "custom", credentials: { client_secret: 9 } }, "credentials.client_secret"],
      [{ type: "custom", proxy_config: "x" }, "proxy_config"],
      [{ type: "custom", tool_access_config: { tools_available_for_execution: [1] } }, "tool_access_config.tools_available_for_execution"],
      [{ type: "custom", is_enabled_for_tool_router: 1 }, "is_enabled_for_tool_router"],
    ] as const) {
      expect(expectError(await t.api("PATCH", `/auth_configs/${id}`, { body }), 400).message).toContain(path);
    }
  });

  it("400s unknown fields rather than ignoring them", async () => {
    await expectCreateFails(managed("github", { authScheme: "OAUTH2" }), 400, "auth_config.authScheme");
    await expectCreateFails(managed("github", { proxy_config: null }), 400, "auth_config.proxy_config");
    await expectCreateFails(notionCustom({ client_id: "a", client_secret: "b", api_key: "c" }), 400, "auth_config.credentials.api_key");
    await expectCreateFails(managed("github", { credentials: { user_scopes: "x" } }), 400, "user_scopes");
    await expectCreateFails({ toolkit: { slug: "github" }, extra: 1 }, 400, "extra");
  });

  it("400s an unknown auth_config.type", async () => {
    await expectCreateFails({ toolkit: { slug: "github" }, auth_config: { type: "custom" } }, 400, "auth_config.type");
  });
});

describe("catalog-driven validation", () => {
  it("404s an unknown toolkit", async () => {
    const err = await expectCreateFails(managed("nosuchtoolkit"), 404, "nosuchtoolkit");
    expect(err.suggested_fix).toBeDefined();
  });

  it("400s managed auth for a toolkit without managed schemes", async () => {
    const err = await expectCreateFails(managed("perplexityai"), 400, "perplexityai", "managed");
    expect(err.suggested_fix).toContain("API_KEY");
    await expectCreateFails({ toolkit: { slug: "posthog" } }, 400, "posthog");
  });

  it("400s a scheme the toolkit does not offer, and one that does not exist", async () => {
    const err = await expectCreateFails(
      { ...notionCustom(), auth_config: { ...notionCustom().auth_config, authScheme: "API_KEY" } },
      400,
      "API_KEY",
    );
    expect(err.suggested_fix).toContain("OAUTH2");
    await expectCreateFails({ ...notionCustom(), auth_config: { ...notionCustom().auth_config, authScheme: "oauth2" } }, 400, "authScheme");
  });

  it("400s missing required creation fields, naming each one", async () => {
    const err = await expectCreateFails(
      notionCustom({}),
      400,
      "auth_config.credentials.client_id",
      "auth_config.credentials.client_secret",
    );
    expect(err.suggested_fix).toContain("client_secret");
    await expectCreateFails(notionCustom({ client_id: "a", client_secret: "" }), 400, "auth_config.credentials.client_secret");
    const noCreds = { toolkit: { slug: "linear" }, auth_config: { type: "use_custom_auth", authScheme: "OAUTH2" } };
    await expectCreateFails(noCreds, 400, "client_id", "client_secret");
  });

  it("400s missing structural fields, naming each one", async () => {
    await expectCreateFails({}, 400, "toolkit.slug");
    await expectCreateFails({ toolkit: {} }, 400, "toolkit.slug");
    await expectCreateFails({ toolkit: {}, auth_config: {} }, 400, "toolkit.slug", "auth_config.type");
    await expectCreateFails({ toolkit: { slug: "linear" }, auth_config: { type: "use_custom_auth" } }, 400, "auth_config.authScheme");
    await expectCreateFails(
      { ...notionCustom(), auth_config: { ...notionCustom().auth_config, proxy_config: {} } },
      400,
      "proxy_config.proxy_url",
    );
  });

  it("404s an unknown auth config id on every id route", async () => {
    for (const [method, path, body] of [
      ["GET", "/auth_configs/ac_unknown000000", undefined],
      ["PATCH", "/auth_configs/ac_unknown000000", { type: "custom" }],
      ["PATCH", "/auth_configs/ac_unknown000000/ENABLED", undefined],
      ["DELETE", "/auth_configs/ac_unknown000000", undefined],
    ] as const) {
      const err = expectError(await t.api(method, path, { body }), 404);
      expect(err.message).toContain("ac_unknown000000");
    }
  });

  it("413s an oversized body", async () => {
    const res = await t.api("POST", "/auth_configs", { rawBody: JSON.stringify({ pad: "x".repeat(1024 * 1024 + 10) }) });
    expect(res.status).toBe(413);
    expect(await storedCount()).toBe(0);
  });
});
