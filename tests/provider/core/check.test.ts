import fc from "fast-check";
import { checkAuthConfig, forEngine, formatPath } from "../../../provider/core/check";
import { UNKNOWN } from "../../../provider/engineProtocol";
import { validateBaseUrl } from "../../../provider/api/settings";

const fixedSuffix = () => "abc1234";

describe("check", () => {
  it("fills defaults and autonames from the resource name", () => {
    const { inputs, failures } = checkAuthConfig({}, { toolkit: "github", __resourceName: "gh" }, fixedSuffix);
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({
      toolkit: "github",
      name: "gh-abc1234",
      type: "use_composio_managed_auth",
      enabled: true,
      revokeOnDelete: false,
    });
  });

  it("keeps the generated name across updates instead of renaming", () => {
    const first = checkAuthConfig({}, { toolkit: "github", __resourceName: "gh" }, fixedSuffix).inputs;
    const { inputs } = checkAuthConfig(first, { toolkit: "github", __resourceName: "gh" }, () => "other00");
    expect(inputs.name).toBe("gh-abc1234");
  });

  it("restores the generated name after a refresh wrote a dashboard rename into the inputs", () => {
    const first = checkAuthConfig({}, { toolkit: "github", __resourceName: "gh" }, fixedSuffix).inputs;
    const refreshed = { ...first, name: "renamed by hand" };
    expect(checkAuthConfig(refreshed, { toolkit: "github", __resourceName: "gh" }, fixedSuffix).inputs.name).toBe("gh-abc1234");
  });

  it("an explicit name wins and leaves no autoname behind", () => {
    const { inputs } = checkAuthConfig({ __autoname: "gh-abc1234" }, { toolkit: "github", name: "GitHub" }, fixedSuffix);
    expect(inputs.name).toBe("GitHub");
    expect(inputs).not.toHaveProperty("__autoname");
  });

  it("ignores the engine's __provider key", () => {
    const { failures } = checkAuthConfig({}, { toolkit: "github", __provider: "exports.handler = ..." }, fixedSuffix);
    expect(failures).toEqual([]);
  });

  it.each([
    [{ toolkit: "notion", type: "use_custom_auth" }, "authScheme", /required with type "use_custom_auth"/],
    [{ toolkit: "hubspot", credentials: { scopes: 42 } }, "credentials.scopes", /comma-separated string or a list/],
    [{ toolkit: "GitHub!" }, "toolkit", /toolkit slug \(letters, digits/],
    [
      { toolkit: "notion", type: "use_custom_auth", authScheme: "OAUTH2", credentials: { client_id: 12345 } },
      "credentials.client_id",
      /must be a string .*quote a number/,
    ],
    [
      { toolkit: "notion", type: "use_custom_auth", authScheme: "OAUTH2", credentials: { client_id: true } },
      "credentials.client_id",
      /must be a string/,
    ],
    [
      { toolkit: "notion", type: "use_custom_auth", authScheme: "OAUTH2", credentials: { oauth_redirect_uri: ["https://a.example.com"] } },
      "credentials.oauth_redirect_uri",
      /must be a string/,
    ],
    [
      { toolkit: "hubspot", credentials: { scopes: "tickets sales-email-read" } },
      "credentials.scopes",
      /separated by commas, not spaces: write "tickets,sales-email-read"/,
    ],
    [{ toolkit: "hubspot", credentials: { scopes: "tickets,\tsales-email-read crm" } }, "credentials.scopes", /not spaces/],
    [{ toolkit: "slack", credentials: { user_scopes: ["chat:write search:read"] } }, "credentials.user_scopes", /not spaces/],
    [{ toolkit: "github", authScheme: "OAUTH3" }, "authScheme", /must be one of OAUTH2/],
    [{ toolkit: "github", credentials: { client_id: "x" } }, "credentials.client_id", /use_custom_auth/],
    [
      { toolkit: "notion", type: "use_custom_auth", authScheme: "OAUTH2", proxyConfig: { proxyUrl: "ftp://x" } },
      "proxyConfig.proxyUrl",
      /http\(s\) URL/,
    ],
    [{ toolkit: "github", proxyConfig: { proxyUrl: "https://p.example.com" } }, "proxyConfig", /needs type "use_custom_auth"/],
    [{ toolkit: "github", enabled: "yes" }, "enabled", /true or false/],
    [{ toolkit: "github", colour: "blue" }, "colour", /unknown argument/],
    [{ toolkit: "github", toolAccessConfig: { tools: [] } }, "toolAccessConfig.tools", /toolsForConnectedAccountCreation/],
    [{ toolkit: "github", adoptId: "12345" }, "adoptId", /ac_1234abcd/],
    [{ name: "x" }, "toolkit", /toolkit is required/],
    [{ toolkit: "github", name: "   " }, "name", /must not be empty/],
  ])("rejects %j at %s with a reason that says the fix", (news, property, reason) => {
    const { failures } = checkAuthConfig({}, news, fixedSuffix);
    const failure = failures.find((f) => f.property === property);
    expect(failure).toBeDefined();
    expect(failure!.reason).toMatch(reason);
  });

  it("checks the other properties when type is unknown or no type at all: what is wrong whatever the type turns out to be", () => {
    for (const type of [UNKNOWN, "custom"]) {
      const { failures } = checkAuthConfig({}, { toolkit: "github", type, enabled: "yes", credentials: { scopes: 42 } }, fixedSuffix);
      const properties = failures.map((f) => f.property);
      expect(properties).toEqual(expect.arrayContaining(["enabled", "credentials.scopes"]));
      expect(properties.includes("type")).toBe(type !== UNKNOWN);
      // Rules of one variant only (custom auth's scheme, managed auth's scopes-only credentials) wait for the type.
      expect(properties).not.toContain("authScheme");
    }
    expect(checkAuthConfig({}, { toolkit: "github", type: UNKNOWN, credentials: { client_id: "x" } }, fixedSuffix).failures).toEqual([]);
  });

  it("names a proxy's own mistakes and the type it needs, together", () => {
    const { failures } = checkAuthConfig({}, { toolkit: "github", proxyConfig: { proxyUrl: "ftp://proxy.example.com" } }, fixedSuffix);
    expect(failures.map((f) => f.property).sort()).toEqual(["proxyConfig", "proxyConfig.proxyUrl"]);
  });

  it("reports an adoption conflict also when other arguments are wrong", () => {
    const news = { toolkit: "github", type: "use_custom_auth", adoptId: "ac_1", __adoptionConflict: "adopted twice" };
    const { failures } = checkAuthConfig({}, news, fixedSuffix);
    expect(failures).toEqual(
      expect.arrayContaining([{ property: "adoptId", reason: "adopted twice" }, expect.objectContaining({ property: "authScheme" })]),
    );
  });

  it("takes a toolkit slug in any case and keeps the lower-case slug, also when other inputs are unknown", () => {
    for (const toolkit of ["GITHUB", "GitHub", "github"]) {
      expect(checkAuthConfig({}, { toolkit }, fixedSuffix).inputs.toolkit).toBe("github");
      expect(checkAuthConfig({}, { toolkit, enabled: UNKNOWN }, fixedSuffix).inputs.toolkit).toBe("github");
    }
  });

  it("takes scopes separated by commas with spaces around them, as a string or a list", () => {
    for (const scopes of ["tickets, sales-email-read", " tickets ,sales-email-read ", ["tickets", " sales-email-read "], ""]) {
      expect(checkAuthConfig({}, { toolkit: "hubspot", credentials: { scopes } }, fixedSuffix).failures).toEqual([]);
    }
  });

  it("puts the property at the start of the reason and leaves the engine's property empty, so the engine never prints a value", () => {
    const { failures } = checkAuthConfig({}, { toolkit: "github", sharedCredentials: "SENTINEL-7f1e" }, fixedSuffix);
    expect(forEngine(failures)).toEqual([
      { property: "", reason: expect.stringMatching(/^sharedCredentials: sharedCredentials must be an object/) },
    ]);
    expect(JSON.stringify(forEngine(failures))).not.toContain("SENTINEL");
  });

  it("refuses prototype-polluting credential keys without polluting anything", () => {
    const news = JSON.parse(
      '{"toolkit":"notion","type":"use_custom_auth","authScheme":"OAUTH2","credentials":{"__proto__":{"polluted":true}}}',
    );
    const { failures } = checkAuthConfig({}, news, fixedSuffix);
    expect(failures.map((f) => f.property)).toContain("credentials.__proto__");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("defers failures on values that are unknown during preview", () => {
    const { failures, inputs } = checkAuthConfig({}, { toolkit: "github", enabled: UNKNOWN, __resourceName: "gh" }, fixedSuffix);
    expect(failures).toEqual([]);
    expect(inputs.name).toBe("gh-abc1234");
  });

  it("formats paths the way users write them", () => {
    expect(formatPath(["toolAccessConfig", "toolsAvailableForExecution", 2])).toBe("toolAccessConfig.toolsAvailableForExecution[2]");
  });

  it("never throws on any JSON input, and every failure names a property and a reason", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (olds, news) => {
        const { failures } = checkAuthConfig(olds, news, fixedSuffix);
        for (const failure of failures) {
          expect(failure.property.length).toBeGreaterThan(0);
          expect(failure.reason.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws on objects shaped like auth configs with junk values", () => {
    const junk = fc.oneof(fc.jsonValue(), fc.string({ unit: "binary", maxLength: 2000 }), fc.constant("__proto__"));
    const hostile = fc.record(
      {
        toolkit: junk,
        name: junk,
        type: junk,
        authScheme: junk,
        credentials: fc.oneof(junk, fc.dictionary(fc.constantFrom("__proto__", "constructor", "scopes", "client_id", "x"), junk)),
        toolAccessConfig: junk,
        proxyConfig: junk,
        enabled: junk,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(hostile, (news) => {
        const { failures, inputs } = checkAuthConfig({}, news, fixedSuffix);
        expect(Array.isArray(failures)).toBe(true);
        expect(typeof inputs).toBe("object");
        for (const failure of failures) expect(failure.property).not.toBe("");
      }),
      { numRuns: 3000 },
    );
  });
});

describe("composio:baseUrl", () => {
  it.each([
    ["https://backend.composio.dev/api/v3.1", "https://backend.composio.dev"],
    ["https://backend.composio.dev/api/v3.1/", "https://backend.composio.dev"],
    ["https://backend.composio.dev/api/v3//", "https://backend.composio.dev"],
    ["https://backend.composio.dev/API/V3.1", "https://backend.composio.dev"],
    ["https://backend.composio.dev/api", "https://backend.composio.dev"],
    ["https://proxy.example.com/composio/api/v3.1", "https://proxy.example.com/composio"],
    ["http://127.0.0.1:4000/api/v3.1/", "http://127.0.0.1:4000"],
    ["https://backend.composio.dev/", "https://backend.composio.dev"],
    ["https://proxy.example.com/composio", "https://proxy.example.com/composio"],
  ])("takes %s as the server's root %s (the client adds /api/v3.1 itself)", (given, root) => {
    expect(validateBaseUrl(given)).toBe(root);
  });

  it.each(["https://backend.composio.dev/api/v2", "https://backend.composio.dev/api/v1/", "https://backend.composio.dev/api/v4"])(
    "refuses %s, naming the setting and the fix",
    (given) => {
      expect(() => validateBaseUrl(given)).toThrow(
        /^composio:baseUrl ends in the API path \/api\/v\d; set the server's root instead, e\.g\. https:\/\/backend\.composio\.dev/,
      );
    },
  );

  it.each(["htps://127.0.0.1:4013", "ftp://127.0.0.1"])(
    'names %s as written, not as the URL\'s origin ("null" for an unknown scheme)',
    (given) => {
      expect(() => validateBaseUrl(given)).toThrow(`composio:baseUrl ${given} must use https://`);
    },
  );
});
