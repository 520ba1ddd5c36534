/**
 * The SDK's functions against the emulator: results, clear errors, the per-process cache (the
 * emulator's counters), where settings come from, the Output variants (under Pulumi's mocks, i.e.
 * inside a program) and the SDK's report of credentials given as plain values.
 */
import * as pulumi from "@pulumi/pulumi";
import { EmulatorControl, startEmulator, type RunningEmulator } from "../../emulator";
import { MISSING_KEY_MESSAGE } from "../../provider/api/settings";
import { SDK_REPORT_KEY, type SdkReport } from "../../provider/engineProtocol";

const registered: Record<string, unknown>[] = [];
// Async in its signature only: the mocks are in place when it returns.
void pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push(args.inputs);
      return { id: "ac_mocked", state: args.inputs };
    },
    call: () => ({}),
  },
  "project",
  "stack",
  false,
);
// Imported after setMocks, as Pulumi's docs require.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after setMocks (above)
const sdk = require("../../sdk") as typeof import("../../sdk");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after setMocks (above)
const { plainCredentialKeys } = require("../../sdk/secretInputs") as typeof import("../../sdk/secretInputs");

const API_KEY = "functions-key-3e9d";
const SECRET = "SENTINEL-functions-secret-55a1";

let emulator: RunningEmulator;
let control: EmulatorControl;
let opts: { apiKey: string; baseUrl: string };

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: API_KEY, quiet: true });
  control = new EmulatorControl(emulator.url, API_KEY);
  opts = { apiKey: API_KEY, baseUrl: emulator.url };
});
afterAll(() => emulator.close());
beforeEach(() => control.clearStats());

async function calls(route: string): Promise<number> {
  return (await control.stats()).byRoute[route] ?? 0;
}

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Runs `body` with these environment variables, restoring the previous values after. */
async function withEnv<T>(vars: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  const assign = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  assign(vars);
  try {
    return await body();
  } finally {
    assign(saved);
  }
}

describe("getToolkit and getAuthConfigCreationFields", () => {
  it("return the toolkit's definition and its creation fields, from one look-up", async () => {
    const notion = await sdk.getToolkit("notion", opts);
    expect(notion).toMatchObject({ slug: "notion", composio_managed_auth_schemes: ["OAUTH2"] });
    const required = await sdk.getAuthConfigCreationFields("notion", "OAUTH2", { ...opts, requiredOnly: true });
    expect(required.map((f) => [f.name, f.required, f.is_secret ?? false])).toEqual([
      ["client_id", true, false],
      ["client_secret", true, true],
    ]);
    const all = await sdk.getAuthConfigCreationFields("notion", "OAUTH2", opts);
    expect(all.map((f) => f.name)).toEqual(["client_id", "client_secret", "oauth_redirect_uri", "scopes"]);
    expect(await sdk.getAuthConfigCreationFields("perplexityai", "API_KEY", opts)).toEqual([]);
    expect(await calls("GET /toolkits/{slug}")).toBe(2);
  });

  it("fail clearly for a scheme the toolkit does not offer and for an unknown toolkit", async () => {
    await expect(sdk.getAuthConfigCreationFields("linear", "BASIC", opts)).rejects.toThrow(
      'toolkit "linear" does not offer authScheme BASIC; it offers: OAUTH2, API_KEY, BEARER_TOKEN',
    );
    await expect(sdk.getToolkit("no-such-toolkit", opts)).rejects.toThrow(
      /toolkit "no-such-toolkit" does not exist in Composio \(404\); check the slug/,
    );
  });
});

/** A config made outside Pulumi (through the API, as the dashboard does). */
async function madeElsewhere(name: string): Promise<string> {
  const response = await fetch(`${emulator.url}/api/v3.1/auth_configs`, {
    method: "POST",
    headers: { "x-api-key": API_KEY, "content-type": "application/json" },
    body: JSON.stringify({
      toolkit: { slug: "notion" },
      auth_config: { type: "use_custom_auth", authScheme: "OAUTH2", name, credentials: { client_id: "cid", client_secret: SECRET } },
    }),
  });
  return ((await response.json()) as { auth_config: { id: string } }).auth_config.id;
}

describe("getAuthConfig", () => {
  let id: string;
  beforeAll(async () => {
    id = await madeElsewhere("Made elsewhere");
  });

  it("reads a config it does not manage, secrets masked, once per process", async () => {
    const config = await sdk.getAuthConfig(id, opts);
    expect(config).toMatchObject({ id, name: "Made elsewhere", toolkit: { slug: "notion" }, credentials: { client_id: "cid" } });
    expect(JSON.stringify(config)).not.toContain(SECRET);
    await sdk.getAuthConfig(id, opts);
    expect(await calls("GET /auth_configs/{id}")).toBe(1);
  });

  it("says an unknown id does not exist", async () => {
    await expect(sdk.getAuthConfig("ac_missing0000", opts)).rejects.toThrow(
      /auth config ac_missing0000 does not exist in this Composio project \(404\); check the id/,
    );
  });
});

describe("settings", () => {
  it("come from the environment when neither options nor stack config give them", async () => {
    await withEnv({ COMPOSIO_API_KEY: API_KEY, COMPOSIO_BASE_URL: emulator.url }, async () => {
      expect((await sdk.getToolkit("gmail")).slug).toBe("gmail");
    });
  });

  it("stack config wins over the environment, and options over both", async () => {
    await withEnv({ COMPOSIO_API_KEY: "wrong-env-key", COMPOSIO_BASE_URL: emulator.url }, async () => {
      pulumi.runtime.setConfig("composio:apiKey", API_KEY);
      try {
        expect((await sdk.getToolkit("slack")).slug).toBe("slack");
        await expect(sdk.getToolkit("slack", { apiKey: "wrong-option-key" })).rejects.toThrow(/status 401.*composio:apiKey/);
      } finally {
        pulumi.runtime.setAllConfig({});
      }
    });
  });

  it("without a key anywhere, say how to set one", async () => {
    await withEnv({ COMPOSIO_API_KEY: undefined }, async () => {
      await expect(sdk.getToolkit("github")).rejects.toThrow(`${MISSING_KEY_MESSAGE} Or pass { apiKey } in the function's options.`);
    });
  });
});

describe("Output variants", () => {
  it("take Inputs and resolve to the same results", async () => {
    const toolkit = await resolved(
      sdk.getToolkitOutput(Promise.resolve("hubspot"), { apiKey: pulumi.secret(API_KEY), baseUrl: emulator.url }),
    );
    expect(toolkit.slug).toBe("hubspot");
    const fields = await resolved(
      sdk.getAuthConfigCreationFieldsOutput(pulumi.output("hubspot"), "OAUTH2", { ...opts, requiredOnly: pulumi.output(true) }),
    );
    expect(fields.map((f) => f.name)).toEqual(["client_id", "client_secret"]);
    const id = await madeElsewhere("Read as an Output");
    const config = await resolved(sdk.getAuthConfigOutput(pulumi.output(id), { apiKey: pulumi.output(API_KEY), baseUrl: emulator.url }));
    expect(config).toMatchObject({ id, name: "Read as an Output" });
  });
});

describe("the SDK's report of credentials given as plain values", () => {
  it("lists fields given plain and not secret by name; secrets and secret Outputs stay out", async () => {
    const keys = await plainCredentialKeys({
      client_id: "id",
      app_pem: "pem",
      client_secret: "by-name",
      wrapped: pulumi.secret("s"),
      computed: pulumi.output("c"),
      later: Promise.resolve("p"),
    });
    expect(keys).toEqual(["client_id", "app_pem", "computed", "later"]);
    expect(await plainCredentialKeys(pulumi.output({ app_pem: "x" }))).toEqual([]);
    expect(await plainCredentialKeys(undefined)).toEqual([]);
  });

  it("AuthConfig passes it to check as names only", async () => {
    const resource = new sdk.AuthConfig("acme", {
      toolkit: "acme",
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      credentials: { app_pem: SECRET, token: "t" },
    });
    await resolved(resource.id);
    const report = registered.map((r) => r[SDK_REPORT_KEY] as SdkReport).find((r) => r.resourceName === "acme")!;
    expect(report.plainCredentials).toEqual(["app_pem"]);
  });
});
