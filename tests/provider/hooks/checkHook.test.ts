/**
 * The check hook's toolkit-aware step against the emulator: failures from the toolkit's definition,
 * at most one look-up per toolkit per process (the emulator's "GET /toolkits/{slug}" counter), the
 * offline behaviour (no key: skipped with one warning; API unreachable or failing: skipped with a warning),
 * and a key Composio refuses (401 from the emulator; 403, which the emulator does not give, from a
 * one-route HTTP server answering as Composio does for a key without the capability).
 */
import * as http from "node:http";
import * as net from "node:net";
import { EmulatorControl, startEmulator, type RunningEmulator } from "../../../emulator";
import { AuthConfigProvider } from "../../../provider/hooks/authConfigProvider";
import { MISSING_KEY_PREVIEW_WARNING, ProviderSettingsError, resolveSettings } from "../../../provider/api/settings";
import { PLAIN_CREDENTIALS_KEY, SDK_REPORT_KEY, takeSdkReport } from "../../../provider/engineProtocol";
import { needsToolkitCheck } from "../../../provider/hooks/toolkitCheck";
import { checkAuthConfig } from "../../../provider/core/check";
import { redactSecrets } from "../../../provider/core/secrets";
import type { AuthConfigInputs } from "../../../provider/core/schema";

/** The autoname's random part, which the provider's edge supplies (core/check.ts is pure). */
const fixedSuffix = () => "abc1234";

const API_KEY = "check-hook-key-51a0";
const SECRET = "SENTINEL-check-secret-0c1d";

let emulator: RunningEmulator;
let control: EmulatorControl;
let warnings: string[];

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: API_KEY, quiet: true });
  control = new EmulatorControl(emulator.url, API_KEY);
});
afterAll(() => emulator.close());
beforeEach(async () => {
  warnings = [];
  await control.clearFaults();
  await control.clearStats();
});

function provider(settings: () => { apiKey: string; baseUrl: string } = () => ({ apiKey: API_KEY, baseUrl: emulator.url })) {
  return new AuthConfigProvider(async (message) => {
    warnings.push(message);
  }).useSettings(settings);
}

async function toolkitLookups(): Promise<number> {
  return (await control.stats()).byRoute["GET /toolkits/{slug}"] ?? 0;
}

const notion = (credentials: Record<string, unknown>) => ({
  __resourceName: "notion",
  toolkit: "notion",
  type: "use_custom_auth",
  authScheme: "OAUTH2",
  credentials,
});

describe("failures from the toolkit's definition", () => {
  it.each([
    [
      notion({ client_secret: SECRET }),
      "credentials.client_id",
      /client_id is required by toolkit "notion" for OAUTH2.*find it at https:\/\/www\.notion\.so\/my-integrations/,
    ],
    [{ toolkit: "notion", type: "use_custom_auth", authScheme: "API_KEY" }, "authScheme", /does not offer API_KEY; it offers: OAUTH2/],
    [{ toolkit: "perplexityai" }, "type", /no Composio-managed auth; use type "use_custom_auth" .*API_KEY/],
    [
      { toolkit: "no-such-toolkit" },
      "toolkit",
      /^toolkit: no toolkit of this slug exists in Composio \(404\); check the slug \(`composio-toolkits` lists/,
    ],
    [
      { toolkit: "githb" },
      "toolkit",
      /^toolkit: no toolkit of this slug exists in Composio \(404\); did you mean "github"\? check the slug/,
    ],
    [
      notion({ clientid: "id", client_secret: SECRET }),
      "credentials.clientid",
      /has no credential field "clientid"; did you mean client_id\?/,
    ],
  ])("%j fails at %s, the path leading the reason and no property for the engine to print", async (news, property, reason) => {
    const { failures } = await provider().check({}, news);
    expect(failures).toContainEqual({ property: "", reason: expect.stringMatching(reason) });
    expect(failures![0].reason.startsWith(`${property}: `)).toBe(true);
    expect(JSON.stringify(failures)).not.toContain(SECRET);
  });

  it("takes a toolkit slug in capitals and looks up (and stores) the lower-case one", async () => {
    const { inputs, failures } = await provider().check({}, { toolkit: "GITHUB" });
    expect(failures).toEqual([]);
    expect(inputs.toolkit).toBe("github");
    expect((await control.stats()).byRoute).toEqual({ "GET /toolkits/{slug}": 1 });
  });

  it("passes a complete config and keeps the schema's inputs", async () => {
    const { inputs, failures } = await provider().check({}, notion({ client_id: "id", client_secret: SECRET }));
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({ toolkit: "notion", name: expect.stringMatching(/^notion-/), type: "use_custom_auth" });
  });

  it("reports schema failures without asking the API", async () => {
    const { failures } = await provider().check({}, { toolkit: "gmail", enabled: "yes" });
    expect(failures?.map((f) => f.reason.split(":")[0])).toEqual(["enabled"]);
    expect(await toolkitLookups()).toBe(0);
  });
});

describe("look-ups", () => {
  it("asks once per toolkit per process, however many resources and checks", async () => {
    const hook = provider();
    const checks = Array.from({ length: 12 }, (_, i) =>
      hook.check(
        {},
        {
          __resourceName: `r${i}`,
          toolkit: i % 2 ? "slack" : "gmail",
          type: "use_custom_auth",
          authScheme: "OAUTH2",
          credentials: { client_id: "a", client_secret: "b" },
        },
      ),
    );
    const results = await Promise.all(checks);
    expect(results.every((r) => r.failures?.length === 0)).toBe(true);
    await provider().check({}, { toolkit: "slack" });
    expect((await control.stats()).byRoute).toEqual({ "GET /toolkits/{slug}": 2 });
  });

  it("does not ask when the toolkit, type, scheme and credentials are what the last run applied", async () => {
    const hook = provider();
    const first = await hook.check({}, { __resourceName: "lin", toolkit: "linear", name: "Linear" });
    const again = await hook.check(first.inputs, { __resourceName: "lin", toolkit: "linear", name: "Linear renamed" });
    expect(again.failures).toEqual([]);
    expect(await toolkitLookups()).toBe(1);
    await control.clearStats();
    const fresh = provider();
    await fresh.check(first.inputs, { __resourceName: "lin", toolkit: "linear", name: "Linear" });
    expect(await toolkitLookups()).toBe(0);
  });
});

describe("when the toolkit rules run again (needsToolkitCheck; the look-up cache would hide a wrong answer above)", () => {
  const news = notion({ client_id: "id", client_secret: SECRET });
  const applied = checkAuthConfig({}, news, fixedSuffix).inputs as unknown as AuthConfigInputs;
  const checked = (raw: unknown) => checkAuthConfig(applied, raw, fixedSuffix).inputs as unknown as AuthConfigInputs;

  it("not on a no-change run, though the SDK reports plain fields (it does for every client_id and scopes)", () => {
    const reported = takeSdkReport({ ...news, [SDK_REPORT_KEY]: { plainCredentials: ["client_id"] } });
    expect(reported.plainCredentials).toEqual(["client_id"]);
    expect(needsToolkitCheck(applied, checked(reported.news))).toBe(false);
  });

  it("not after a refresh left fingerprints of the secrets in the old inputs; yes when a secret or field changed", () => {
    const refreshed = redactSecrets(applied);
    expect(refreshed.credentials?.client_secret).toMatch(/^fingerprint:v1:/);
    expect(needsToolkitCheck(refreshed, checked(news))).toBe(false);
    expect(needsToolkitCheck(refreshed, checked(notion({ client_id: "id", client_secret: `${SECRET}-rotated` })))).toBe(true);
    expect(needsToolkitCheck(refreshed, checked(notion({ client_id: "other", client_secret: SECRET })))).toBe(true);
  });
});

describe("adoption", () => {
  it("says at preview that a new resource with adoptId adopts that config (the plan shows a create); not once adopted", async () => {
    const adopting = provider();
    const news = { __resourceName: "slack", toolkit: "slack", adoptId: "ac_made1byhand" };
    const { inputs, failures } = await adopting.check({}, news);
    expect(failures).toEqual([]);
    expect(warnings).toEqual([
      'AuthConfig "slack" adopts the existing auth config its adoptId names: the plan shows a create, but `pulumi up` creates nothing; it takes that config over and changes it to match the program.',
    ]);
    warnings = [];
    await provider().check(inputs, news);
    expect(warnings).toEqual([]);
  });
});

describe("without the API", () => {
  it("skips the toolkit rules when no API key is configured, never silently: one warning naming both places for a key", async () => {
    const offline = provider(() => {
      throw new ProviderSettingsError("no key", "composio:apiKey");
    });
    const results = await Promise.all([
      offline.check({}, { toolkit: "perplexityai" }),
      offline.check({}, { __resourceName: "b", toolkit: "github" }),
    ]);
    expect(results.map((result) => result.failures)).toEqual([[], []]);
    expect(warnings).toEqual([MISSING_KEY_PREVIEW_WARNING]);
    expect(warnings[0]).toMatch(
      /neither `composio:apiKey` \(stack config\) nor COMPOSIO_API_KEY \(environment\) is set.*`pulumi up` will fail/,
    );
    expect(await toolkitLookups()).toBe(0);
  });

  it("skips them with one warning when the API cannot be reached", async () => {
    const port = await closedPort();
    const unreachable = provider(() => ({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}` }));
    const results = await Promise.all([
      unreachable.check({}, { toolkit: "perplexityai" }),
      unreachable.check({}, { __resourceName: "b", toolkit: "perplexityai" }),
    ]);
    expect(results.map((r) => r.failures)).toEqual([[], []]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^toolkit definitions could not be read from Composio \(Connection error.*\), so schemes and credential fields were not checked/,
    );
  });

  it("skips them with a warning when the API keeps failing", async () => {
    await control.faults({ probability: 1, kinds: ["503"], routes: ["GET /toolkits/{slug}"] });
    const { failures } = await provider().check({}, { toolkit: "hubspot", credentials: { scopes: "tickets" } });
    expect(failures).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/^toolkit definitions could not be read from Composio \(.*status 503\)/)]);
    // 1 attempt + 2 retries: the short look-up policy, so a preview is delayed by seconds at most.
    expect(await toolkitLookups()).toBe(3);
  });
});

describe("a key Composio refuses fails the check, naming composio:apiKey and never the key", () => {
  it("401: a wrong key", async () => {
    const wrongKey = "SENTINEL-wrong-key-66f2";
    const { failures } = await provider(() => ({ apiKey: wrongKey, baseUrl: emulator.url })).check({}, { toolkit: "github" });
    expect(failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(
          /^composio:apiKey: Composio refused the API key \(status 401: Invalid API key\).*pulumi config set --secret composio:apiKey <key>/,
        ),
      },
    ]);
    expect(JSON.stringify(failures)).not.toContain(wrongKey);
    expect(warnings).toEqual([]);
  });

  it("403: a key without the capability, or from an address its allowlist does not hold", async () => {
    const forbidding = http.createServer((_req, res) => {
      res.writeHead(403, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ error: { message: "API key is not allowed to access this resource", code: 403, slug: "forbidden", status: 403 } }),
      );
    });
    await new Promise<void>((resolve) => forbidding.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = forbidding.address() as net.AddressInfo;
      const { failures } = await provider(() => ({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}` })).check(
        {},
        { toolkit: "github" },
      );
      expect(failures).toEqual([
        {
          property: "",
          reason: expect.stringMatching(
            /^composio:apiKey: Composio refused the API key \(status 403: API key is not allowed.*scoped.*capability.*IP allowlist/,
          ),
        },
      ]);
      expect(JSON.stringify(failures)).not.toContain(API_KEY);
    } finally {
      forbidding.close();
    }
  });
});

describe("composio:baseUrl with the API's path", () => {
  it("works with /api/v3.1/ at its end (dropped: the client adds it)", async () => {
    const { failures } = await provider(() =>
      resolveSettings(() => undefined, { COMPOSIO_API_KEY: API_KEY, COMPOSIO_BASE_URL: `${emulator.url}/api/v3.1/` }),
    ).check(
      {},
      // A toolkit no other test here looks up: look-ups are cached per process by base URL, key and slug.
      { toolkit: "posthog", type: "use_custom_auth", authScheme: "API_KEY" },
    );
    expect(failures).toEqual([]);
    expect(await toolkitLookups()).toBe(1);
  });

  it("fails the check with a message about the base URL for a version Composio no longer serves", async () => {
    const { failures } = await provider(() =>
      resolveSettings(() => undefined, { COMPOSIO_API_KEY: API_KEY, COMPOSIO_BASE_URL: `${emulator.url}/api/v2` }),
    ).check({}, { toolkit: "github" });
    expect(failures).toEqual([
      { property: "", reason: expect.stringMatching(/^composio:baseUrl: composio:baseUrl ends in the API path \/api\/v2/) },
    ]);
    expect(await toolkitLookups()).toBe(0);
  });
});

describe("secret fields given as plain values", () => {
  // The SDK's report as AuthConfig sends it, and as programs registered before it was one property sent it.
  const reports = {
    bundled: { [SDK_REPORT_KEY]: { resourceName: "notion-plain", plainCredentials: ["client_id", "client_secret"] } },
    "separate keys": { __resourceName: "notion-plain", [PLAIN_CREDENTIALS_KEY]: ["client_id", "client_secret"] },
  };
  it.each(Object.entries(reports))(
    "warns once per resource with the fix, and drops the SDK's report from the inputs (%s)",
    async (_form, report) => {
      const hook = provider();
      const news = { ...notion({ client_id: "id", client_secret: SECRET }), ...report };
      const first = await hook.check({}, news);
      await hook.check({}, news);
      expect(first.failures).toEqual([]);
      expect(first.inputs).not.toHaveProperty(PLAIN_CREDENTIALS_KEY);
      expect(first.inputs).not.toHaveProperty(SDK_REPORT_KEY);
      expect(warnings).toEqual([
        expect.stringMatching(
          /^AuthConfig "notion-plain": credentials\.client_secret is a secret of toolkit "notion" but was given as a plain value.*pulumi\.secret\(value\)/,
        ),
      ]);
      expect(warnings.join("")).not.toContain(SECRET);
    },
  );

  it("says nothing when the SDK reported no plain field", async () => {
    await provider().check(
      {},
      { ...notion({ client_id: "id", client_secret: SECRET }), [SDK_REPORT_KEY]: { plainCredentials: ["client_id"] } },
    );
    expect(warnings).toEqual([]);
  });
});

/** A port nothing listens on: bound, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
