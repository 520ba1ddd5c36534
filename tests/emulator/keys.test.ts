/**
 * API keys since 2026-06-04: `x-user-api-key` is accepted as well as `x-api-key` (both at once is a
 * 401), keys are scoped (a valid key lacking a capability gets a 403 naming it) and may carry an IP
 * allowlist (a 403 for every call). The control API sets the restrictions; reset lifts them.
 */
import { CAPABILITIES, type Capability } from "../../emulator";
import { API_KEY, expectError, managed, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.emu.close());
beforeEach(() => t.control.reset());

describe("key headers", () => {
  it("accepts the key in x-user-api-key", async () => {
    const res = await t.api("POST", "/auth_configs", { apiKey: null, headers: { "x-user-api-key": API_KEY }, body: managed("github") });
    expect(res.status).toBe(201);
    expect((await t.api("GET", "/toolkits/github", { apiKey: null, headers: { "x-user-api-key": API_KEY } })).status).toBe(200);
  });

  it("401s a wrong key in x-user-api-key, naming that header", async () => {
    const err = expectError(
      await t.api("GET", "/auth_configs", { apiKey: null, headers: { "x-user-api-key": "wrong" } }),
      401,
      "unauthorized",
    );
    expect(err.suggested_fix).toContain("x-user-api-key");
  });

  it("401s both headers at once, even when both hold the right key, and stores nothing", async () => {
    const both = { headers: { "x-user-api-key": API_KEY } };
    const err = expectError(await t.api("POST", "/auth_configs", { ...both, body: managed("github") }), 401, "unauthorized");
    expect(err.message).toMatch(/not both x-api-key and x-user-api-key/);
    expect((await t.api("GET", "/auth_configs")).json.total_items).toBe(0);
  });
});

describe("capabilities", () => {
  // Every row has a body slot (undefined when none): a shorter row would make jest pass `done` as the body.
  const calls: [Capability, string, string, unknown][] = [
    ["auth_configs:read", "GET", "/auth_configs", undefined],
    ["auth_configs:read", "GET", "/auth_configs/ac_whatever", undefined],
    ["auth_configs:write", "POST", "/auth_configs", managed("github")],
    ["auth_configs:write", "PATCH", "/auth_configs/ac_whatever", { type: "default" }],
    ["auth_configs:write", "PATCH", "/auth_configs/ac_whatever/DISABLED", undefined],
    ["auth_configs:write", "DELETE", "/auth_configs/ac_whatever", undefined],
    ["toolkits:read", "GET", "/toolkits", undefined],
    ["toolkits:read", "GET", "/toolkits/github", undefined],
  ];

  it.each(calls)("a key lacking %s gets a 403 naming it for %s %s", async (capability, method, path, body) => {
    await t.control.restrictKey({ missingCapabilities: [capability] });
    const err = expectError(await t.api(method, path, { body }), 403, "missing_capability");
    expect(err.message).toBe(`API key lacks the capability ${capability}`);
    expect(err.suggested_fix).toContain(capability);
    // Every call needing another capability still works.
    for (const [other, otherMethod, otherPath] of calls) {
      if (other !== capability && otherMethod === "GET" && !otherPath.includes("ac_")) {
        expect((await t.api(otherMethod, otherPath)).status).toBe(200);
      }
    }
  });

  it("lacking write leaves reads working and changes nothing", async () => {
    const id = (await t.api("POST", "/auth_configs", { body: managed("github", { name: "kept" }) })).json.auth_config.id;
    await t.control.restrictKey({ missingCapabilities: ["auth_configs:write"] });
    expectError(await t.api("PATCH", `/auth_configs/${id}`, { body: { type: "default", name: "changed" } }), 403);
    expectError(await t.api("DELETE", `/auth_configs/${id}`), 403);
    expect((await t.api("GET", `/auth_configs/${id}`)).json.name).toBe("kept");
  });

  it("is checked before the rate limit and faults, so a refused call consumes neither", async () => {
    await t.control.restrictKey({ missingCapabilities: ["toolkits:read"] });
    await t.control.faults({ next: 1, kinds: ["500"] });
    expectError(await t.api("GET", "/toolkits/github"), 403);
    expectError(await t.api("GET", "/auth_configs"), 500); // the fault is still there for the next call
  });

  it("restrictKey({}) and reset lift the restrictions; unknown capabilities are refused", async () => {
    await t.control.restrictKey({ missingCapabilities: [...CAPABILITIES] });
    expectError(await t.api("GET", "/toolkits"), 403);
    await t.control.restrictKey({});
    expect((await t.api("GET", "/toolkits")).status).toBe(200);
    await t.control.restrictKey({ missingCapabilities: ["auth_configs:read"] });
    await t.control.reset();
    expect((await t.api("GET", "/auth_configs")).status).toBe(200);
    await expect(t.control.restrictKey({ missingCapabilities: ["everything" as Capability] })).rejects.toMatchObject({ status: 400 });
  });
});

describe("IP allowlist", () => {
  it("refuses every API call with a 403, but a wrong key is still a 401 and the control API still works", async () => {
    await t.control.restrictKey({ ipBlocked: true });
    for (const path of ["/auth_configs", "/toolkits/github", "/no_such_route"]) {
      const err = expectError(await t.api("GET", path), 403, "ip_not_allowed");
      expect(err.message).toMatch(/allowlist/);
    }
    expectError(await t.api("GET", "/auth_configs", { apiKey: "wrong" }), 401);
    expect((await t.control.stats()).total).toBe(4);
  });
});
