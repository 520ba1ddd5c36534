/** Toolkit endpoints and the catalog's consistency with the facts file. */
import { CATALOG } from "../../emulator";
import { expectError, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.emu.close());

const REQUIRED_SLUGS = ["github", "notion", "hubspot", "perplexityai", "gmail", "slack", "linear", "posthog"];

describe("GET /toolkits/{slug}", () => {
  it("returns the documented fields", async () => {
    const res = await t.api("GET", "/toolkits/notion");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      slug: "notion",
      name: "Notion",
      enabled: true,
      composio_managed_auth_schemes: ["OAUTH2"],
      composio_managed_auth: [{ mode: "OAUTH2", scopes: { available: expect.any(Array) } }],
      meta: expect.objectContaining({ logo: expect.any(String), categories: [expect.objectContaining({ slug: expect.any(String) })] }),
    });
    const oauth = res.json.auth_config_details.find((d: { mode: string }) => d.mode === "OAUTH2");
    const creation = oauth.fields.auth_config_creation;
    expect(creation.required.map((f: { name: string }) => f.name)).toEqual(["client_id", "client_secret"]);
    expect(creation.optional.map((f: { name: string }) => f.name)).toEqual(["oauth_redirect_uri", "scopes"]);
    expect(creation.required.find((f: { name: string }) => f.name === "client_secret")).toMatchObject({ is_secret: true, required: true });
    for (const f of [...creation.required, ...creation.optional]) {
      expect(f).toEqual(
        expect.objectContaining({
          name: expect.any(String),
          displayName: expect.any(String),
          type: expect.any(String),
          description: expect.any(String),
          required: expect.any(Boolean),
        }),
      );
    }
  });

  it("describes perplexityai as API_KEY only, unmanaged, with no creation fields", async () => {
    const res = await t.api("GET", "/toolkits/perplexityai", { prefix: "/api/v3" });
    expect(res.json.composio_managed_auth_schemes).toEqual([]);
    expect(res.json.auth_config_details).toHaveLength(1);
    expect(res.json.auth_config_details[0]).toMatchObject({
      mode: "API_KEY",
      fields: { auth_config_creation: { required: [], optional: [] } },
    });
  });

  it("gives slack user_scopes and linear OAUTH2, API_KEY and BEARER_TOKEN", async () => {
    const slack = (await t.api("GET", "/toolkits/slack")).json;
    expect(slack.composio_managed_auth[0].user_scopes.available.length).toBeGreaterThan(0);
    const slackFields = slack.auth_config_details[0].fields.auth_config_creation.optional.map((f: { name: string }) => f.name);
    expect(slackFields).toContain("user_scopes");
    const linear = (await t.api("GET", "/toolkits/linear")).json;
    expect(linear.auth_config_details.map((d: { mode: string }) => d.mode)).toEqual(["OAUTH2", "API_KEY", "BEARER_TOKEN"]);
  });

  it("404s an unknown toolkit", async () => {
    expectError(await t.api("GET", "/toolkits/nope"), 404, "toolkit_not_found");
  });

  it("matches the slug case-insensitively and answers with the lower-case slug", async () => {
    for (const slug of ["GITHUB", "GitHub", "github"]) {
      const res = await t.api("GET", `/toolkits/${slug}`);
      expect(res.status).toBe(200);
      expect(res.json.slug).toBe("github");
    }
  });

  it("offers BEARER_TOKEN (no creation fields, a secret token per account) on every OAuth2 toolkit", async () => {
    for (const toolkit of CATALOG) {
      const res = (await t.api("GET", `/toolkits/${toolkit.slug}`)).json;
      const modes = res.auth_config_details.map((d: { mode: string }) => d.mode);
      expect(modes.includes("BEARER_TOKEN")).toBe(modes.includes("OAUTH2"));
      const bearer = res.auth_config_details.find((d: { mode: string }) => d.mode === "BEARER_TOKEN");
      if (bearer) {
        expect(bearer.fields.auth_config_creation).toEqual({ required: [], optional: [] });
        expect(bearer.fields.connected_account_initiation.required).toEqual([expect.objectContaining({ name: "token", is_secret: true })]);
      }
      expect(res.composio_managed_auth_schemes).not.toContain("BEARER_TOKEN");
    }
  });
});

describe("GET /toolkits", () => {
  it("lists every catalog toolkit, including the required ones", async () => {
    const res = await t.api("GET", "/toolkits?limit=50");
    expect(res.json).toMatchObject({ total_items: CATALOG.length, current_page: 1, total_pages: 1, next_cursor: null });
    const slugs = res.json.items.map((i: { slug: string }) => i.slug);
    for (const slug of REQUIRED_SLUGS) expect(slugs).toContain(slug);
    expect(res.json.items[0]).toEqual(
      expect.objectContaining({
        slug: "github",
        name: "GitHub",
        auth_schemes: ["OAUTH2", "API_KEY", "BEARER_TOKEN"],
        composio_managed_auth_schemes: ["OAUTH2"],
        meta: expect.any(Object),
      }),
    );
  });

  it("paginates like auth configs", async () => {
    const first = await t.api("GET", "/toolkits?limit=3");
    expect(first.json.items).toHaveLength(3);
    const second = await t.api("GET", `/toolkits?cursor=${encodeURIComponent(first.json.next_cursor)}`);
    expect(second.json.current_page).toBe(2);
    expectError(await t.api("GET", "/toolkits?limit=201"), 400);
  });

  it("searches, filters by category and sorts alphabetically", async () => {
    const search = await t.api("GET", "/toolkits?search=mail");
    expect(search.json.items.map((i: { slug: string }) => i.slug)).toEqual(["gmail"]);
    const comms = await t.api("GET", "/toolkits?category=communication&sort_by=alphabetically");
    expect(comms.json.items.map((i: { slug: string }) => i.slug)).toEqual(["gmail", "slack"]);
    const project = await t.api("GET", "/toolkits?managed_by=project");
    expect(project.json.total_items).toBe(0);
    expectError(await t.api("GET", "/toolkits?sort_by=random"), 400);
  });
});

describe("catalog data", () => {
  it("keeps managed schemes consistent with the auth details", () => {
    for (const toolkit of CATALOG) {
      const modes = toolkit.auth_config_details.map((d) => d.mode);
      for (const scheme of toolkit.composio_managed_auth_schemes) expect(modes).toContain(scheme);
      expect(toolkit.composio_managed_auth.map((m) => m.mode)).toEqual(toolkit.composio_managed_auth_schemes);
    }
  });

  it("gives every toolkit tools, and OAuth2 toolkits' tools scopes from the managed scope list", () => {
    for (const toolkit of CATALOG) {
      const tools = Object.entries(toolkit.tool_scopes);
      expect(tools.length).toBeGreaterThan(0);
      for (const [tool] of tools) expect(tool.startsWith(`${toolkit.slug.toUpperCase()}_`)).toBe(true);
      const available = toolkit.composio_managed_auth[0]?.scopes.available;
      if (available) for (const [, scopes] of tools) for (const scope of scopes) expect(available).toContain(scope);
    }
  });

  it("does not render the internal tool_scopes", async () => {
    expect((await t.api("GET", "/toolkits/github")).json).not.toHaveProperty("tool_scopes");
  });
});
