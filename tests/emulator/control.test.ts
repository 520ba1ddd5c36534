/** The /_emulator control API through EmulatorControl: reset, stats, request log. */
import { EmulatorControl, EmulatorControlError } from "../../emulator";
import { API_KEY, managed, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.emu.close());
beforeEach(() => t.control.reset());

it("counts API calls per route template, failed ones included", async () => {
  const id = (await t.api("POST", "/auth_configs", { body: managed("github") })).json.auth_config.id;
  await t.api("POST", "/auth_configs", { body: managed("nope") });
  await t.api("GET", `/auth_configs/${id}`, { prefix: "/api/v3" });
  await t.api("GET", "/auth_configs");
  await t.api("PATCH", `/auth_configs/${id}`, { body: { type: "default", name: "x" } });
  await t.api("PATCH", `/auth_configs/${id}/DISABLED`);
  await t.api("DELETE", `/auth_configs/${id}`);
  await t.api("GET", "/toolkits/github");
  await t.api("GET", "/toolkits");
  await t.api("GET", "/toolkits", { apiKey: "wrong" });
  expect(await t.control.stats()).toEqual({
    total: 10,
    byRoute: {
      "POST /auth_configs": 2,
      "GET /auth_configs/{id}": 1,
      "GET /auth_configs": 1,
      "PATCH /auth_configs/{id}": 1,
      "PATCH /auth_configs/{id}/{status}": 1,
      "DELETE /auth_configs/{id}": 1,
      "GET /toolkits/{slug}": 1,
      "GET /toolkits": 2,
    },
  });
});

it("logs each API request with method, path and query, route, status, time and request id", async () => {
  const res = await t.api("GET", "/auth_configs?limit=5&toolkit_slug=github");
  const log = await t.control.requests();
  expect(log).toEqual([
    {
      method: "GET",
      path: "/api/v3.1/auth_configs?limit=5&toolkit_slug=github",
      route: "GET /auth_configs",
      status: 200,
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      request_id: res.headers.get("x-request-id"),
    },
  ]);
});

it("clearStats zeroes the counters and the log but keeps auth configs", async () => {
  await t.api("POST", "/auth_configs", { body: managed("github") });
  await t.control.clearStats();
  expect(await t.control.stats()).toEqual({ total: 0, byRoute: {} });
  expect(await t.control.requests()).toEqual([]);
  expect((await t.api("GET", "/auth_configs")).json.total_items).toBe(1);
});

it("reset empties auth configs, counters, the log, faults and the rate limit", async () => {
  await t.api("POST", "/auth_configs", { body: managed("github") });
  await t.control.faults({ probability: 1, kinds: ["500"] });
  await t.control.rateLimit(1);
  await t.control.reset();
  expect(await t.control.stats()).toEqual({ total: 0, byRoute: {} });
  for (let i = 0; i < 3; i++) expect((await t.api("GET", "/auth_configs")).json.total_items).toBe(0);
});

it("counts requests to unknown API paths under the path itself", async () => {
  await t.api("GET", "/nothing");
  expect((await t.control.stats()).byRoute).toEqual({ "GET /nothing": 1 });
});

it("EmulatorControl raises EmulatorControlError with the status on failure", async () => {
  const wrong = new EmulatorControl(`${t.emu.url}/`, "wrong-key");
  const err = await wrong.stats().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(EmulatorControlError);
  expect(err).toMatchObject({ status: 401 });
  const unknown = await fetch(`${t.emu.url}/_emulator/nope`, { headers: { "x-api-key": API_KEY } });
  expect(unknown.status).toBe(404);
});

it("storedAuthConfig shows the stored config with secrets in clear, and 404s an id never stored", async () => {
  const id = (
    await t.api("POST", "/auth_configs", {
      body: {
        toolkit: { slug: "notion" },
        auth_config: { type: "use_custom_auth", authScheme: "OAUTH2", credentials: { client_id: "c", client_secret: "clear-secret" } },
      },
    })
  ).json.auth_config.id;
  expect(await t.control.storedAuthConfig(id)).toMatchObject({
    id,
    credentials: { client_id: "c", client_secret: "clear-secret" },
    created_by: "user_emulator",
  });
  // Control reads are not API calls: not counted.
  expect((await t.control.stats()).byRoute).toEqual({ "POST /auth_configs": 1 });
  await expect(t.control.storedAuthConfig("ac_nothing")).rejects.toMatchObject({ status: 404 });
});
