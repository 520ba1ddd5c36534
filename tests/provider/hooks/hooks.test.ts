/**
 * Every provider hook against the real emulator over HTTP: what each call leaves on the server, the
 * API calls it makes (the emulator's counters), and its errors.
 */
import type { EmulatorControl, RunningEmulator } from "../../../emulator";
import { AuthConfigProvider } from "../../../provider/hooks/authConfigProvider";
import { checkAuthConfig } from "../../../provider/core/check";
import type { AuthConfigOutputs } from "../../../provider/core/mapping";
import type { AuthConfigInputs } from "../../../provider/core/schema";
import { MISSING_KEY_MESSAGE } from "../../../provider/api/settings";
import { startTestComposio, type TestComposio } from "../../../testbed/emulatorApi";

/** The autoname's random part, which the provider's edge supplies (core/check.ts is pure). */
const fixedSuffix = () => "abc1234";

const API_KEY = "integration-key-7f3a";
const SECRET = "SENTINEL-client-secret-91c2e";
const PROXY_KEY = "SENTINEL-proxy-key-5d0b7";

let composio: TestComposio;
let emulator: RunningEmulator;
let control: EmulatorControl;
let provider: AuthConfigProvider;
/** A public API call, as a person in the dashboard would make it. */
let raw: TestComposio["api"];

beforeAll(async () => {
  composio = await startTestComposio(API_KEY);
  ({ emulator, control, api: raw } = composio);
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await control.reset();
  provider = new AuthConfigProvider().useSettings(() => ({ apiKey: API_KEY, baseUrl: emulator.url }));
});

/** Inputs as the engine would pass them: through check first. */
function checked(news: Record<string, unknown>): AuthConfigInputs {
  const { inputs, failures } = checkAuthConfig({}, { __resourceName: "test", ...news }, fixedSuffix);
  expect(failures).toEqual([]);
  return inputs as unknown as AuthConfigInputs;
}

async function create(news: Record<string, unknown>): Promise<{ id: string; outs: AuthConfigOutputs; inputs: AuthConfigInputs }> {
  const inputs = checked(news);
  const { id, outs } = await provider.create(inputs);
  return { id, outs: outs as AuthConfigOutputs, inputs };
}

const notion = {
  toolkit: "notion",
  type: "use_custom_auth",
  authScheme: "OAUTH2",
  name: "Notion Auth",
  credentials: { client_id: "notion-client", client_secret: SECRET },
};

describe("create", () => {
  it("makes a managed config with one POST and one read-back that records the baseline for hidden fields", async () => {
    await control.clearStats();
    const { id, outs } = await create({ toolkit: "github" });
    expect(id).toMatch(/^ac_/);
    expect(outs).toMatchObject({ authConfigId: id, status: "ENABLED", isComposioManaged: true, authScheme: "OAUTH2", enabled: true });
    expect(outs.name).toMatch(/^test-[0-9a-f]{7}$/);
    expect((await control.stats()).byRoute).toEqual({ "POST /auth_configs": 1, "GET /auth_configs/{id}": 1 });
    const live = await raw("GET", `/auth_configs/${id}`);
    expect(live.json).toMatchObject({ type: "default", toolkit: { slug: "github" }, name: outs.name });
    // The create's answer has no timestamp; the read-back's is the baseline a refresh compares with.
    expect(outs.lastUpdatedAt).toBe(live.json.last_updated_at);
  });

  it("makes a custom OAuth2 config whose secret neither the server's answers nor the outputs show", async () => {
    const { id, outs } = await create(notion);
    expect(outs.credentials).toEqual({ client_id: "notion-client", client_secret: expect.stringMatching(/^fingerprint:v1:/) });
    expect(JSON.stringify(outs)).not.toContain(SECRET);
    const live = await raw("GET", `/auth_configs/${id}`);
    expect(live.json.credentials.client_id).toBe("notion-client");
    expect(JSON.stringify(live.json)).not.toContain(SECRET);
  });

  it("makes an API_KEY config with empty credentials (perplexityai) and scopes as a string (hubspot)", async () => {
    const perplexity = await create({ toolkit: "perplexityai", type: "use_custom_auth", authScheme: "API_KEY", credentials: {} });
    expect(perplexity.outs).toMatchObject({ authScheme: "API_KEY", isComposioManaged: false });
    const hubspot = await create({ toolkit: "hubspot", credentials: { scopes: "sales-email-read,tickets" } });
    const live = await raw("GET", `/auth_configs/${hubspot.id}`);
    expect(live.json.credentials.scopes).toEqual(expect.anything());
  });

  it("applies enabled: false and the execution tool list after the POST", async () => {
    await control.clearStats();
    const { id, outs } = await create({
      toolkit: "github",
      enabled: false,
      toolAccessConfig: { toolsForConnectedAccountCreation: ["GITHUB_A"], toolsAvailableForExecution: ["GITHUB_B"] },
    });
    expect(outs.status).toBe("DISABLED");
    const live = await raw("GET", `/auth_configs/${id}`);
    expect(live.json.status).toBe("DISABLED");
    expect(live.json.tool_access_config).toEqual({
      tools_for_connected_account_creation: ["GITHUB_A"],
      tools_available_for_execution: ["GITHUB_B"],
    });
    expect((await control.stats()).byRoute).toMatchObject({
      "POST /auth_configs": 1,
      "PATCH /auth_configs/{id}": 1,
      "PATCH /auth_configs/{id}/{status}": 1,
    });
  });

  it("adopts the config a lost response created instead of making a duplicate", async () => {
    await control.faults({ next: 1, kinds: ["drop-after-commit"], routes: ["POST /auth_configs"] });
    const { id } = await create({ toolkit: "github", name: "adopt-after-drop" });
    const list = await raw("GET", "/auth_configs?limit=50");
    expect(list.json.items.map((item: { id: string }) => item.id)).toEqual([id]);
  });

  it("retries 429 and 5xx until the config is made, once", async () => {
    await control.faults({ next: 3, kinds: ["429", "500", "503"], routes: ["POST /auth_configs"], retryAfterSeconds: 1 });
    await create({ toolkit: "github" });
    expect((await raw("GET", "/auth_configs")).json.total_items).toBe(1);
  });

  it("records a create it cannot confirm as unconfirmed; the next up deletes what it made before creating again", async () => {
    // The POST is stored but its answer lost, and the look-up that would settle it is refused.
    await control.faults({ next: 1, kinds: ["drop-after-commit"], routes: ["POST /auth_configs"] });
    await control.restrictKey({ missingCapabilities: ["auth_configs:read"] });
    const inputs = checked({ toolkit: "github", name: "unconfirmed-1" });
    const error = (await provider.create(inputs).catch((e: Error) => e)) as Error & { id: string; properties: AuthConfigOutputs };
    expect(error.message).toMatch(/may have been applied, but it could not be checked.*never leaves a duplicate/s);
    expect(error.id).toMatch(/^unconfirmed-create-since-\d+$/);
    await control.restrictKey({});
    expect((await composio.list()).map((config) => config.name)).toEqual(["unconfirmed-1"]);

    // The next up: a read leaves it alone, diff replaces it delete-first, the delete finds and removes the lost config.
    expect(await provider.read(error.id, error.properties)).toEqual({ id: error.id, props: error.properties });
    expect(await provider.diff(error.id, error.properties, inputs)).toMatchObject({ changes: true, deleteBeforeReplace: true });
    await provider.delete(error.id, error.properties);
    expect(await composio.list()).toEqual([]);
    const { id } = await provider.create(inputs);
    expect((await composio.list()).map((config) => config.id)).toEqual([id]);
  });

  it("finds the lost config of an unconfirmed create whose name the program wraps as a secret (recorded as a fingerprint)", async () => {
    await control.faults({ next: 1, kinds: ["drop-after-commit"], routes: ["POST /auth_configs"] });
    await control.restrictKey({ missingCapabilities: ["auth_configs:read"] });
    const wrapped = "SENTINEL-wrapped-name-4b1d";
    const inputs = checked({ toolkit: "github", name: wrapped, __secretPaths: ["name"] });
    const error = (await provider.create(inputs).catch((e: Error) => e)) as Error & { id: string; properties: AuthConfigOutputs };
    await control.restrictKey({});
    expect(error.message).not.toContain(wrapped);
    expect(JSON.stringify(error.properties)).not.toContain(wrapped);
    // A config of another name, made by hand meanwhile, is not taken for it.
    await raw("POST", "/auth_configs", {
      toolkit: { slug: "github" },
      auth_config: { type: "use_composio_managed_auth", name: "someone else's" },
    });

    await provider.delete(error.id, error.properties);
    expect((await composio.list()).map((config) => config.name)).toEqual(["someone else's"]);
  });

  it("adopts an existing config named by adoptId and makes it match the program", async () => {
    const made = await raw("POST", "/auth_configs", {
      toolkit: { slug: "github" },
      auth_config: { type: "use_composio_managed_auth", name: "dashboard-made" },
    });
    const id = made.json.auth_config.id;
    const { id: adopted, outs } = await create({ toolkit: "github", name: "now-managed", adoptId: id });
    expect(adopted).toBe(id);
    expect(outs.name).toBe("now-managed");
    expect((await raw("GET", `/auth_configs/${id}`)).json.name).toBe("now-managed");
    await expect(create({ toolkit: "github", adoptId: "ac_doesnotexist" })).rejects.toThrow(
      /adoptId: auth config ac_doesnotexist does not exist/,
    );
  });

  it("fails with Composio's message, status and request id, and no secret", async () => {
    const error = await create({ ...notion, toolkit: "nosuchtoolkit" }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/creating an auth config \(toolkit "nosuchtoolkit"\)/);
    expect(message).toMatch(/status 404, request id req_/);
    expect(message).not.toContain(SECRET);
  });

  it("names the missing creation field the API reports", async () => {
    const error = (await create({ ...notion, credentials: { client_id: "x" } }).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/client_secret/);
    expect(error.message).toMatch(/status 400/);
  });
});

describe("read", () => {
  it("serves a refresh's reads from one listing: 30 configs in 1 request, plus 1 GET for one deleted by hand", async () => {
    const made = [];
    for (let i = 0; i < 30; i++) made.push(await create({ toolkit: "github", name: `coalesced-${i}` }));
    await raw("DELETE", `/auth_configs/${made[7]!.id}`);
    // A new provider process, as a `pulumi refresh` starts one.
    const refreshing = new AuthConfigProvider().useSettings(() => ({ apiKey: API_KEY, baseUrl: emulator.url }));
    await control.clearStats();
    const results = await Promise.all(made.map(({ id, outs }) => refreshing.read(id, outs)));
    expect((await control.stats()).byRoute).toEqual({ "GET /auth_configs": 1, "GET /auth_configs/{id}": 1 });
    expect(results.filter((result) => result.id === undefined)).toHaveLength(1);
    expect(results[7]).toEqual({});
    for (const [i, result] of results.entries()) if (i !== 7) expect(result.props).toMatchObject({ name: `coalesced-${i}` });
  });

  it("maps the live config into outputs and inputs, keeping masked secrets", async () => {
    const { id, outs } = await create({ ...notion, proxyConfig: { proxyUrl: "https://proxy.example.com", proxyAuthKey: PROXY_KEY } });
    await control.clearStats();
    const result = await provider.read(id, outs);
    expect((await control.stats()).byRoute).toEqual({ "GET /auth_configs": 1 });
    expect(result.id).toBe(id);
    expect(result.props.credentials.client_secret).toBe(outs.credentials!.client_secret);
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(JSON.stringify(result)).not.toContain(PROXY_KEY);
    const program = checked({ ...notion, proxyConfig: { proxyUrl: "https://proxy.example.com", proxyAuthKey: PROXY_KEY } });
    await expect(provider.diff(id, result.props, program)).resolves.toMatchObject({ changes: false });
    const rotated = checked({
      ...notion,
      credentials: { ...notion.credentials, client_secret: "rotated" },
      proxyConfig: program.proxyConfig,
    });
    await expect(provider.diff(id, result.props, rotated)).resolves.toMatchObject({ changes: true, replaces: [] });
  });

  it("shows an out-of-band edit as drift", async () => {
    const { id, outs, inputs } = await create({ toolkit: "hubspot", credentials: { scopes: "tickets" } });
    await raw("PATCH", `/auth_configs/${id}`, { type: "default", name: "edited in dashboard", scopes: "tickets,crm.export" });
    await raw("PATCH", `/auth_configs/${id}/DISABLED`);
    const result = await provider.read(id, outs);
    expect(result.inputs).toMatchObject({ name: "edited in dashboard", enabled: false });
    const diff = await provider.diff(id, result.props, inputs);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
  });

  it("returns no id when the config is gone, so refresh drops it", async () => {
    const { id, outs } = await create({ toolkit: "github" });
    await raw("DELETE", `/auth_configs/${id}`);
    expect(await provider.read(id, outs)).toEqual({});
  });
});

describe("update", () => {
  it("sends the custom variant with only what changed", async () => {
    const { id, outs } = await create(notion);
    const news = checked({ ...notion, name: "Renamed", credentials: { client_id: "new-client", client_secret: SECRET } });
    await control.clearStats();
    const { outs: updated } = await provider.update(id, outs, news);
    const log = await control.requests();
    expect(log.map((entry) => entry.route)).toEqual(["PATCH /auth_configs/{id}", "GET /auth_configs/{id}"]);
    expect(updated).toMatchObject({ name: "Renamed", authConfigId: id });
    const live = (await raw("GET", `/auth_configs/${id}`)).json;
    expect(live).toMatchObject({ name: "Renamed", credentials: { client_id: "new-client" } });
  });

  it("sends the default variant with scopes at the top level, in one spelling", async () => {
    const { id, outs, inputs } = await create({ toolkit: "hubspot", credentials: { scopes: "tickets" } });
    await control.clearStats();
    await provider.update(id, outs, { ...inputs, credentials: { scopes: [" tickets", "crm.export", "tickets", ""] } });
    const [patch] = await control.requests();
    expect(patch).toMatchObject({ route: "PATCH /auth_configs/{id}" });
    // Reads hide scopes: what the server holds is asked of the emulator's own view.
    expect((await control.storedAuthConfig(id)).credentials.scopes).toBe("crm.export,tickets");
  });

  it("disables and enables through the status endpoint", async () => {
    const { id, outs, inputs } = await create({ toolkit: "github" });
    const disabled = await provider.update(id, outs, { ...inputs, enabled: false });
    expect((await raw("GET", `/auth_configs/${id}`)).json.status).toBe("DISABLED");
    await provider.update(id, disabled.outs, { ...inputs, enabled: true });
    expect((await raw("GET", `/auth_configs/${id}`)).json.status).toBe("ENABLED");
  });

  it("makes no API call when only revokeOnDelete changes", async () => {
    const { id, outs, inputs } = await create({ toolkit: "github" });
    await control.clearStats();
    const { outs: updated } = await provider.update(id, outs, { ...inputs, revokeOnDelete: true });
    expect((await control.stats()).total).toBe(0);
    expect(updated).toMatchObject({ revokeOnDelete: true, authConfigId: id, status: "ENABLED" });
  });
});

describe("delete", () => {
  it("deletes, passes revoke_on_delete, and treats a 404 as success", async () => {
    const { id, outs } = await create({ toolkit: "github", revokeOnDelete: true });
    await control.clearStats();
    await provider.delete(id, outs);
    expect((await control.requests()).map(({ method, path }) => `${method} ${path}`)).toEqual([
      `GET /api/v3.1/auth_configs/${id}`,
      `DELETE /api/v3.1/auth_configs/${id}?revoke_on_delete=true`,
    ]);
    expect((await raw("GET", `/auth_configs/${id}`)).status).toBe(404);
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });
});

describe("the connected-accounts guard", () => {
  const apiKeyConfig = { toolkit: "github", type: "use_custom_auth", authScheme: "API_KEY", credentials: {} };
  const connect = async (authConfigId: string, users: string[]) => {
    for (const user of users) {
      const res = await raw("POST", "/connected_accounts", {
        auth_config: { id: authConfigId },
        connection: { user_id: user, state: { authScheme: "API_KEY", val: { status: "ACTIVE", generic_api_key: `key-${user}` } } },
      });
      expect(res.status).toBe(201);
    }
  };
  const writes = async () => (await control.requests()).filter((r) => r.method !== "GET").length;

  it("refuses at diff a replace of a config with accounts, reading the count live with one GET", async () => {
    const { id, outs, inputs } = await create(apiKeyConfig);
    await connect(id, ["alice", "bob", "carol"]);
    await control.clearStats();
    // The state says 0 (read before the accounts existed): the count must come from the server.
    expect(outs.noOfConnections).toBe(0);
    const error = (await provider.diff(id, outs, { ...inputs, authScheme: "BEARER_TOKEN" }).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/auth config "test" \(ac_\w+\) has 3 connected accounts, and changing authScheme replaces it/);
    expect((await control.requests()).map((r) => r.method)).toEqual(["GET"]);
  });

  it("lets the replace through with the flag (no API call at diff), and its delete says how many were cut off", async () => {
    const warnings: string[] = [];
    const guarded = new AuthConfigProvider(async (message) => void warnings.push(message)).useSettings(() => ({
      apiKey: API_KEY,
      baseUrl: emulator.url,
    }));
    const { id, outs, inputs } = await create(apiKeyConfig);
    await connect(id, ["alice", "bob"]);
    await control.clearStats();
    const diff = await guarded.diff(id, outs, { ...inputs, authScheme: "BEARER_TOKEN", allowReplaceWithConnections: true });
    expect(diff.replaces).toEqual(["authScheme"]);
    expect((await control.stats()).total).toBe(0);
    // The old state does not hold the flag: the delete is allowed because this process's diff allowed the replace.
    await guarded.delete(id, outs);
    expect((await raw("GET", `/auth_configs/${id}`)).status).toBe(404);
    expect(warnings).toEqual([expect.stringMatching(/auth config "test" \(ac_\w+\) is replaced with 2 connected accounts .* cut off/)]);
  });

  it("refuses a delete of a config with accounts before its DELETE, unless the state holds the flag", async () => {
    const { id, outs } = await create(apiKeyConfig);
    await connect(id, ["alice"]);
    await control.clearStats();
    await expect(provider.delete(id, outs)).rejects.toThrow(/has 1 connected account; deleting it deletes them/);
    expect(await writes()).toBe(0);
    expect((await raw("GET", `/connected_accounts?auth_config_ids=${id}`)).json.total_items).toBe(1);
    await provider.delete(id, { ...outs, allowReplaceWithConnections: true });
    expect((await raw("GET", `/auth_configs/${id}`)).status).toBe(404);
  });

  it("replaces and deletes a config with no accounts as before", async () => {
    const { id, outs, inputs } = await create(apiKeyConfig);
    await expect(provider.diff(id, outs, { ...inputs, authScheme: "BEARER_TOKEN" })).resolves.toMatchObject({ replaces: ["authScheme"] });
    await provider.delete(id, outs);
    expect((await raw("GET", `/auth_configs/${id}`)).status).toBe(404);
  });

  it("makes no API call when only the flag changes", async () => {
    const { id, outs, inputs } = await create(apiKeyConfig);
    await control.clearStats();
    const { outs: updated } = await provider.update(id, outs, { ...inputs, allowReplaceWithConnections: true });
    expect(updated).toMatchObject({ allowReplaceWithConnections: true });
    await provider.update(id, updated as AuthConfigOutputs, inputs);
    expect((await control.stats()).total).toBe(0);
  });
});

describe("configure", () => {
  it("fails API calls with a message naming both ways to set the key", async () => {
    const saved = process.env.COMPOSIO_API_KEY;
    delete process.env.COMPOSIO_API_KEY;
    try {
      const unconfigured = new AuthConfigProvider();
      await unconfigured.configure({ config: { get: () => undefined, require: () => "" } });
      await expect(unconfigured.create(checked({ toolkit: "github" }))).rejects.toThrow(MISSING_KEY_MESSAGE);
    } finally {
      if (saved !== undefined) process.env.COMPOSIO_API_KEY = saved;
    }
  });

  it("reads composio:apiKey and composio:baseUrl from stack config", async () => {
    const configured = new AuthConfigProvider();
    const config: Record<string, string> = { "composio:apiKey": API_KEY, "composio:baseUrl": emulator.url };
    await configured.configure({ config: { get: (key) => config[key], require: (key) => config[key] } });
    const { id } = await configured.create(checked({ toolkit: "github" }));
    expect(id).toMatch(/^ac_/);
  });

  it("turns a wrong key into a 401 that names composio:apiKey", async () => {
    const wrong = new AuthConfigProvider().useSettings(() => ({ apiKey: "wrong-key", baseUrl: emulator.url }));
    const error = (await wrong.create(checked({ toolkit: "github" })).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/status 401/);
    expect(error.message).toMatch(/composio:apiKey/);
    expect(error.message).not.toContain("wrong-key");
  });
});
