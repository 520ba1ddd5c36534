/**
 * The error body of the published OpenAPI spec ({error:{message, code, slug, status, request_id,
 * suggested_fix?, errors?}}, code and slug always present), id format checks (400 malformed, 404
 * unknown) and the retired v1/v2 API (410).
 */
import { ERROR_KINDS, type ErrorKind } from "../../emulator";
import { API_KEY, expectError, managed, notionCustom, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.emu.close());
beforeEach(() => t.control.reset());

describe("error kinds", () => {
  it("give every kind its own stable numeric code", () => {
    const codes = Object.values(ERROR_KINDS).map((k) => k.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const { status, code } of Object.values(ERROR_KINDS)) expect(Math.floor(code / 10)).toBe(status);
  });

  it("every kind is produced by some request, with its code, slug and status", async () => {
    const seen = new Set<ErrorKind>();
    const expectKind = async (kind: ErrorKind, request: Promise<Parameters<typeof expectError>[0]>) => {
      const res = await request;
      const err = expectError(res, ERROR_KINDS[kind].status, kind);
      expect(err.code).toBe(ERROR_KINDS[kind].code);
      seen.add(kind);
    };
    await expectKind("invalid_request", t.api("POST", "/auth_configs", { body: managed("github", { name: 5 }) }));
    await expectKind("malformed_json", t.api("POST", "/auth_configs", { rawBody: "{" }));
    await expectKind("invalid_auth_config_id", t.api("GET", "/auth_configs/12345"));
    await expectKind("unauthorized", t.api("GET", "/auth_configs", { apiKey: "wrong" }));
    await expectKind("auth_config_not_found", t.api("GET", "/auth_configs/ac_unknown000000"));
    await expectKind("toolkit_not_found", t.api("GET", "/toolkits/nope"));
    await expectKind("invalid_connected_account_id", t.api("GET", "/connected_accounts/12345"));
    await expectKind("connected_account_not_found", t.api("DELETE", "/connected_accounts/ca_unknown000000"));
    await expectKind("invalid_mcp_server_id", t.api("GET", "/mcp/12345"));
    await expectKind("mcp_server_not_found", t.api("DELETE", "/mcp/550e8400-e29b-41d4-a716-446655440000"));
    const github = (await t.api("POST", "/auth_configs", { body: managed("github") })).json.auth_config.id;
    await t.api("POST", "/mcp/servers", { body: { name: "taken", auth_config_ids: [github] } });
    await expectKind("name_conflict", t.api("POST", "/mcp/servers", { body: { name: "taken", auth_config_ids: [github] } }));
    await expectKind("route_not_found", t.api("GET", "/nothing_here"));
    await expectKind("api_version_gone", t.api("GET", "/apps", { prefix: "/api/v1" }));
    await expectKind(
      "payload_too_large",
      t.api("POST", "/auth_configs", { rawBody: JSON.stringify({ pad: "x".repeat(1024 * 1024 + 10) }) }),
    );
    await t.control.faults({ next: 1, kinds: ["429"] });
    await expectKind("rate_limited", t.api("GET", "/auth_configs"));
    await t.control.faults({ next: 1, kinds: ["500"] });
    await expectKind("internal_error", t.api("GET", "/auth_configs"));
    await t.control.faults({ next: 1, kinds: ["503"] });
    await expectKind("service_unavailable", t.api("GET", "/auth_configs"));
    await t.control.restrictKey({ missingCapabilities: ["toolkits:read"] });
    await expectKind("missing_capability", t.api("GET", "/toolkits"));
    await t.control.restrictKey({ ipBlocked: true });
    await expectKind("ip_not_allowed", t.api("GET", "/toolkits"));
    expect([...seen].sort()).toEqual(Object.keys(ERROR_KINDS).sort());
  });

  it("lists the failing fields in errors[] for validation failures, without their values", async () => {
    const missing = expectError(await t.api("POST", "/auth_configs", { body: notionCustom({}) }), 400, "invalid_request");
    expect(missing.errors).toEqual([
      { field: "auth_config.credentials.client_id", message: "required" },
      { field: "auth_config.credentials.client_secret", message: "required" },
    ]);
    const unknown = expectError(
      await t.api("POST", "/auth_configs", { body: notionCustom({ client_id: "a", client_secret: "b", clientid: "c" }) }),
      400,
    );
    expect(unknown.errors).toEqual([{ field: "auth_config.credentials.clientid", message: "unknown field" }]);
    const wrongType = expectError(
      await t.api("POST", "/auth_configs", { body: notionCustom({ client_id: 12345, client_secret: "b" }) }),
      400,
    );
    expect(wrongType.errors).toEqual([{ field: "auth_config.credentials.client_id", message: "expected a string" }]);
    // Errors that are not about fields carry no errors[].
    expect(expectError(await t.api("GET", "/auth_configs/ac_unknown000000"), 404).errors).toBeUndefined();
  });
});

describe("auth config id format", () => {
  const routes = (id: string): [string, string, unknown][] => [
    ["GET", `/auth_configs/${id}`, undefined],
    ["PATCH", `/auth_configs/${id}`, { type: "custom" }],
    ["PATCH", `/auth_configs/${id}/ENABLED`, undefined],
    ["DELETE", `/auth_configs/${id}`, undefined],
  ];

  it.each(["12345", "ac_", "AC_1234abcd", "ac_has%20space", "ac_dot.dot", `ac_${"x".repeat(65)}`, "nanoid"])(
    "400s the malformed id %s on every id route",
    async (id) => {
      for (const [method, path, body] of routes(id)) {
        const err = expectError(await t.api(method, path, { body }), 400, "invalid_auth_config_id");
        expect(err.message).toBe("Invalid auth config ID format");
        expect(err.suggested_fix).toContain("ac_");
      }
    },
  );

  // Ids the repository's other tests make up: well-formed, so the real API would answer 404.
  it.each(["ac_1234abcd", "ac_doesnotexist", "ac_x", "ac_missing0000", "ac_github-via-proxy", "ac_made_up", `ac_${"x".repeat(64)}`])(
    "404s the well-formed unknown id %s on every id route",
    async (id) => {
      for (const [method, path, body] of routes(id)) expectError(await t.api(method, path, { body }), 404, "auth_config_not_found");
    },
  );

  it("checks the format before the status value", async () => {
    expectError(await t.api("PATCH", "/auth_configs/bad/PAUSED"), 400, "invalid_auth_config_id");
    expectError(await t.api("PATCH", "/auth_configs/ac_fine/PAUSED"), 400, "invalid_request");
  });
});

describe("legacy API versions", () => {
  it.each([
    ["GET", "/api/v1/apps"],
    ["GET", "/api/v1/integrations/abc"],
    ["POST", "/api/v2/integrations"],
    ["GET", "/api/v2"],
  ])("%s %s answers 410", async (method, path) => {
    const res = await fetch(`${t.emu.url}${path}`, { method, headers: { "x-api-key": API_KEY } });
    expect(res.status).toBe(410);
    const body = (await res.json()) as { error: { slug: string; suggested_fix: string } };
    expect(body.error).toMatchObject({ slug: "api_version_gone", code: 4100, status: 410 });
    expect(body.error.suggested_fix).toContain("/api/v3.1");
  });

  it("other unknown prefixes stay 404", async () => {
    const res = await fetch(`${t.emu.url}/api/v4/auth_configs`, { headers: { "x-api-key": API_KEY } });
    expect(res.status).toBe(404);
    const v10 = await fetch(`${t.emu.url}/api/v10/auth_configs`, { headers: { "x-api-key": API_KEY } });
    expect(v10.status).toBe(404);
  });
});
