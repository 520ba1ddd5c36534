/** Auth-config endpoints: shapes, both version prefixes, status and delete semantics (PATCH bodies: patch.test.ts). */
import { API_KEY, expectError, managed, notionCustom, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.emu.close());
beforeEach(() => t.control.reset());

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("create", () => {
  it("creates Composio-managed auth with the documented 201 shape", async () => {
    const res = await t.api("POST", "/auth_configs", { body: managed("github", { name: "GitHub" }) });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      toolkit: { slug: "github" },
      auth_config: {
        id: expect.stringMatching(/^ac_[A-Za-z0-9]{12}$/),
        auth_scheme: "OAUTH2",
        is_composio_managed: true,
        restrict_to_following_tools: [],
      },
    });
  });

  it("treats an omitted auth_config as managed auth", async () => {
    const res = await t.api("POST", "/auth_configs", { body: { toolkit: { slug: "hubspot" } } });
    expect(res.status).toBe(201);
    expect(res.json.auth_config.is_composio_managed).toBe(true);
  });

  it("creates a custom OAuth2 config and retrieves the full object", async () => {
    const created = await t.api("POST", "/auth_configs", {
      body: {
        ...notionCustom({ client_id: "cid-1", client_secret: "secret-value-1234", scopes: ["a", "b"] }),
        auth_config: {
          ...notionCustom().auth_config,
          credentials: { client_id: "cid-1", client_secret: "secret-value-1234", scopes: ["a", "b"] },
          proxy_config: { proxy_url: "https://proxy.example", proxy_auth_key: "proxy-key-abcdefgh" },
          tool_access_config: { tools_for_connected_account_creation: ["NOTION_SEARCH"] },
          restrict_to_following_tools: ["NOTION_SEARCH"],
          shared_credentials: { region: "eu" },
          is_enabled_for_tool_router: true,
        },
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.auth_config).toMatchObject({
      auth_scheme: "OAUTH2",
      is_composio_managed: false,
      restrict_to_following_tools: ["NOTION_SEARCH"],
    });
    const id = created.json.auth_config.id;

    const got = await t.api("GET", `/auth_configs/${id}`);
    expect(got.status).toBe(200);
    expect(got.json).toEqual({
      id,
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: "custom",
      toolkit: {
        slug: "notion",
        logo: expect.any(String),
        auth_guide_url: expect.any(String),
        auth_hint_url: expect.any(String),
      },
      name: "Notion Auth",
      auth_scheme: "OAUTH2",
      is_composio_managed: false,
      // Masked per the 2026-04-22 policy (prefix4): the scopes are a,b plus NOTION_SEARCH's read_content.
      credentials: { client_id: "cid-1", client_secret: "secr...", scopes: "a,b,...", oauth_redirect_uri: "http..." },
      proxy_config: { proxy_url: "https://proxy.example", proxy_auth_key: "prox..." },
      status: "ENABLED",
      created_by: "user_emulator",
      created_at: expect.stringMatching(ISO),
      last_updated_at: expect.stringMatching(ISO),
      no_of_connections: 0,
      expected_input_fields: [],
      restrict_to_following_tools: ["NOTION_SEARCH"],
      tool_access_config: { tools_for_connected_account_creation: ["NOTION_SEARCH"] },
      shared_credentials: { region: "..." },
      is_enabled_for_tool_router: true,
    });
  });

  it("creates Perplexity API_KEY auth with empty credentials and no proxy (proxy_config null)", async () => {
    const res = await t.api("POST", "/auth_configs", {
      body: { toolkit: { slug: "perplexityai" }, auth_config: { type: "use_custom_auth", authScheme: "API_KEY", credentials: {} } },
    });
    expect(res.status).toBe(201);
    const got = await t.api("GET", `/auth_configs/${res.json.auth_config.id}`);
    expect(got.json).toMatchObject({
      type: "custom",
      auth_scheme: "API_KEY",
      credentials: {},
      proxy_config: null,
      name: "Perplexity AI Auth",
    });
    expect(got.json.expected_input_fields.map((f: { name: string }) => f.name)).toEqual(["generic_api_key"]);
  });

  it("accepts Slack user_scopes for managed auth and HubSpot comma-separated scopes", async () => {
    const slack = await t.api("POST", "/auth_configs", {
      body: managed("slack", { credentials: { scopes: ["chat:write"], user_scopes: "search:read" } }),
    });
    expect(slack.status).toBe(201);
    const hub = await t.api("POST", "/auth_configs", { body: managed("hubspot", { credentials: { scopes: "sales-email-read,tickets" } }) });
    const got = await t.api("GET", `/auth_configs/${hub.json.auth_config.id}`);
    expect(got.json).toMatchObject({ type: "default", is_composio_managed: true, credentials: { scopes: "sale..." } });
    expect((await t.control.storedAuthConfig(got.json.id)).credentials).toEqual({ scopes: "sales-email-read,tickets" });
  });

  it("matches toolkit slugs case-insensitively and stores them lower case (create and list)", async () => {
    const res = await t.api("POST", "/auth_configs", { body: managed("GITHUB") });
    expect(res.json.toolkit.slug).toBe("github");
    const mixed = await t.api("POST", "/auth_configs", { body: { ...notionCustom(), toolkit: { slug: "NoTiOn" } } });
    expect(mixed.json.toolkit.slug).toBe("notion");
    expect((await t.api("GET", `/auth_configs/${res.json.auth_config.id}`)).json.toolkit.slug).toBe("github");
    const listed = await t.api("GET", "/auth_configs?toolkit_slug=GITHUB,Notion");
    expect(listed.json.items.map((i: { toolkit: { slug: string } }) => i.toolkit.slug).sort()).toEqual(["github", "notion"]);
  });

  it("carries created_by and expected_input_fields on retrieve", async () => {
    const res = await t.api("POST", "/auth_configs", {
      body: { toolkit: { slug: "posthog" }, auth_config: { type: "use_custom_auth", authScheme: "API_KEY" } },
    });
    const got = (await t.api("GET", `/auth_configs/${res.json.auth_config.id}`)).json;
    expect(got.created_by).toBe("user_emulator");
    expect(got.expected_input_fields).toEqual([
      expect.objectContaining({ name: "generic_api_key", required: true, is_secret: true }),
      expect.objectContaining({ name: "base_url", required: false }),
    ]);
  });

  it("creates a custom BEARER_TOKEN config for an OAuth2 toolkit, with empty credentials", async () => {
    const res = await t.api("POST", "/auth_configs", {
      body: { toolkit: { slug: "hubspot" }, auth_config: { type: "use_custom_auth", authScheme: "BEARER_TOKEN", credentials: {} } },
    });
    expect(res.status).toBe(201);
    expect(res.json.auth_config).toMatchObject({ auth_scheme: "BEARER_TOKEN", is_composio_managed: false });
    const got = (await t.api("GET", `/auth_configs/${res.json.auth_config.id}`)).json;
    expect(got).toMatchObject({ type: "custom", auth_scheme: "BEARER_TOKEN", credentials: {} });
    expect(got.expected_input_fields.map((f: { name: string }) => f.name)).toEqual(["token"]);
    const notOAuth = await t.api("POST", "/auth_configs", {
      body: { toolkit: { slug: "perplexityai" }, auth_config: { type: "use_custom_auth", authScheme: "BEARER_TOKEN" } },
    });
    expect(notOAuth.status).toBe(400);
  });
});

describe("custom OAuth redirect URI default (2026-05-19)", () => {
  const noRedirect = {
    toolkit: { slug: "notion" },
    auth_config: { type: "use_custom_auth", authScheme: "OAUTH2", credentials: { client_id: "c", client_secret: "s" } },
  };

  it.each([
    ["/api/v3.1", "/api/v3.1/toolkits/auth/callback"],
    ["/api/v3", "/api/v3/toolkits/auth/callback"],
  ])("through %s defaults to the callback under that version", async (prefix, path) => {
    const res = await t.api("POST", "/auth_configs", { body: noRedirect, prefix });
    const stored = await t.control.storedAuthConfig(res.json.auth_config.id);
    expect(stored.credentials.oauth_redirect_uri).toBe(`${t.emu.url}${path}`);
  });

  it('treats "" on create as not given, and leaves a redirect URI removed by PATCH unset', async () => {
    const res = await t.api("POST", "/auth_configs", {
      body: {
        ...noRedirect,
        auth_config: { ...noRedirect.auth_config, credentials: { client_id: "c", client_secret: "s", oauth_redirect_uri: "" } },
      },
    });
    const id = res.json.auth_config.id;
    expect((await t.control.storedAuthConfig(id)).credentials.oauth_redirect_uri).toBe(`${t.emu.url}/api/v3.1/toolkits/auth/callback`);
    await t.api("PATCH", `/auth_configs/${id}`, { body: { type: "custom", credentials: { oauth_redirect_uri: "" } } });
    expect((await t.control.storedAuthConfig(id)).credentials).not.toHaveProperty("oauth_redirect_uri");
  });

  it("keeps a given redirect URI, and gives schemes without one none", async () => {
    const given = await t.api("POST", "/auth_configs", {
      body: {
        ...noRedirect,
        auth_config: {
          ...noRedirect.auth_config,
          credentials: { client_id: "c", client_secret: "s", oauth_redirect_uri: "https://mine.example/cb" },
        },
      },
    });
    expect((await t.control.storedAuthConfig(given.json.auth_config.id)).credentials.oauth_redirect_uri).toBe("https://mine.example/cb");
    const apiKey = await t.api("POST", "/auth_configs", {
      body: { toolkit: { slug: "linear" }, auth_config: { type: "use_custom_auth", authScheme: "API_KEY" } },
    });
    expect((await t.control.storedAuthConfig(apiKey.json.auth_config.id)).credentials).toEqual({});
    const managedGithub = await t.api("POST", "/auth_configs", { body: managed("github") });
    expect((await t.control.storedAuthConfig(managedGithub.json.auth_config.id)).credentials).toEqual({});
  });
});

describe("both version prefixes", () => {
  it("serves /api/v3 and /api/v3.1 from the same store", async () => {
    const res = await t.api("POST", "/auth_configs", { body: managed("gmail"), prefix: "/api/v3" });
    expect(res.status).toBe(201);
    const got = await t.api("GET", `/auth_configs/${res.json.auth_config.id}`, { prefix: "/api/v3.1" });
    expect(got.status).toBe(200);
    const stats = await t.control.stats();
    expect(stats.byRoute).toEqual({ "POST /auth_configs": 1, "GET /auth_configs/{id}": 1 });
  });
});

describe("enable / disable", () => {
  it("sets the status, seen by retrieve", async () => {
    const id = (await t.api("POST", "/auth_configs", { body: managed("linear") })).json.auth_config.id;
    const off = await t.api("PATCH", `/auth_configs/${id}/DISABLED`);
    expect(off.status).toBe(200);
    expect(off.json).toEqual({}); // the published spec answers {}: read the config back
    expect((await t.api("GET", `/auth_configs/${id}`)).json.status).toBe("DISABLED");
    const on = await t.api("PATCH", `/auth_configs/${id}/ENABLED`);
    expect(on.json).toEqual({});
    expect((await t.api("GET", `/auth_configs/${id}`)).json.status).toBe("ENABLED");
  });

  it("rejects other status values and unknown ids", async () => {
    const id = (await t.api("POST", "/auth_configs", { body: managed("linear") })).json.auth_config.id;
    expectError(await t.api("PATCH", `/auth_configs/${id}/enabled`), 400);
    expectError(await t.api("PATCH", "/auth_configs/ac_nope/DISABLED"), 404);
  });
});

describe("delete", () => {
  it("soft-deletes: gone from retrieve, lists, updates and status; a second delete 404s", async () => {
    const id = (await t.api("POST", "/auth_configs", { body: managed("github") })).json.auth_config.id;
    const res = await t.api("DELETE", `/auth_configs/${id}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({});
    expectError(await t.api("GET", `/auth_configs/${id}`), 404, "auth_config_not_found");
    expectError(await t.api("DELETE", `/auth_configs/${id}`), 404, "auth_config_not_found");
    expectError(await t.api("PATCH", `/auth_configs/${id}`, { body: { type: "default", name: "x" } }), 404);
    expectError(await t.api("PATCH", `/auth_configs/${id}/ENABLED`), 404);
    for (const query of ["", "show_disabled=true", `search=${id}`, "toolkit_slug=github"]) {
      expect((await t.api("GET", `/auth_configs?${query}`)).json).toMatchObject({ items: [], total_items: 0 });
    }
    // Still stored (the control API's raw view shows when it was deleted).
    const stored = await t.control.storedAuthConfig(id);
    expect(Date.parse(stored.deleted_at!)).toBeGreaterThanOrEqual(Date.parse(stored.last_updated_at));
  });

  it("returns a revoke_job_id with revoke_on_delete=true", async () => {
    const id = (await t.api("POST", "/auth_configs", { body: managed("github") })).json.auth_config.id;
    const res = await t.api("DELETE", `/auth_configs/${id}?revoke_on_delete=true`);
    expect(res.json).toEqual({ revoke_job_id: expect.stringMatching(/^rvk_/) });
  });

  it("rejects a non-boolean revoke_on_delete without deleting", async () => {
    const id = (await t.api("POST", "/auth_configs", { body: managed("github") })).json.auth_config.id;
    expectError(await t.api("DELETE", `/auth_configs/${id}?revoke_on_delete=yes`), 400);
    expect((await t.api("GET", `/auth_configs/${id}`)).status).toBe(200);
  });
});

describe("headers and unknown routes", () => {
  it("sends x-request-id on every response, success or not", async () => {
    const ok = await t.api("GET", "/auth_configs");
    expect(ok.headers.get("x-request-id")).toMatch(/^req_/);
    const ctl = await fetch(`${t.emu.url}/_emulator/stats`, { headers: { "x-api-key": API_KEY } });
    expect(ctl.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("404s an unknown route in the error shape", async () => {
    expectError(await t.api("GET", "/nothing_here"), 404);
    expectError(await t.api("PUT", "/auth_configs/ac_x"), 404);
    const res = await fetch(`${t.emu.url}/not-api`, { headers: { "x-api-key": API_KEY } });
    expect(res.status).toBe(404);
  });
});
