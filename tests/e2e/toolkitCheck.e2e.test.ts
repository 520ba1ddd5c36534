/**
 * The toolkit-aware check under the real Pulumi CLI, against the emulator: its failures and warning
 * as `pulumi preview` prints them, toolkit look-ups per run (the emulator's "GET /toolkits/{slug}"
 * counter), and a preview with no API key at all. Needs `npm run build` first (npm test does it).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { SDK_REPORT_KEY } from "../../provider/engineProtocol";
import { AuthConfig, type AuthConfigArgs } from "../../sdk";
import { authConfigProviderStub } from "../../sdk/providerStub";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { createE2eEnv, preview, up, type E2eEnv } from "../../testbed/harness";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-api-key-check-e2e-4d1c";
const CLIENT_SECRET = "SENTINEL-client-secret-check-e2e-a93f";

let env: E2eEnv;
let composio: TestComposio;
/** What the inline programs declare; each test sets it before running the engine. */
let desired: Record<string, AuthConfigArgs> = {};
/** Resources whose inputs carry the SDK's report that these credential fields were given plain. */
let reportedPlain: Record<string, { args: AuthConfigArgs; plain: string[] }> = {};
let allOutput = "";

/** AuthConfig's type token and provider, with inputs written by the test instead of the SDK. */
class RawAuthConfig extends pulumi.dynamic.Resource {}

const program = async () => {
  for (const [name, args] of Object.entries(desired)) new AuthConfig(name, args);
  for (const [name, { args, plain }] of Object.entries(reportedPlain)) {
    // What the SDK sends for a toolkit-secret field whose name it does not take for a secret: the
    // catalog's only secret creation field (client_secret) is one the SDK always encrypts by name.
    new RawAuthConfig(
      authConfigProviderStub,
      name,
      { ...args, [SDK_REPORT_KEY]: { resourceName: name, plainCredentials: plain } },
      {},
      "composio",
      "AuthConfig",
    );
  }
};

async function stackWith(name: string, config: Record<string, string | { value: string; secret: boolean }>): Promise<Stack> {
  return env.inlineStack({ projectName: "checks", stackName: name, program, config });
}

const withComposio = () => ({ "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": composio.emulator.url });

async function toolkitLookups(): Promise<number> {
  return (await composio.control.stats()).byRoute["GET /toolkits/{slug}"] ?? 0;
}

beforeAll(async () => {
  // The offline case must not find a key in the environment either.
  delete process.env.COMPOSIO_API_KEY;
  composio = await startTestComposio(API_KEY);
  env = await createE2eEnv("check");
}, 15 * 60_000);

beforeEach(async () => {
  reportedPlain = {};
  await composio.control.clearStats();
});

afterAll(async () => {
  expect(allOutput).not.toContain(CLIENT_SECRET);
  expect(allOutput).not.toContain(API_KEY);
  await env?.cleanup();
  await composio?.emulator.close();
});

describe("pulumi preview", () => {
  it.each([
    [
      "a missing required field, with where to find its value",
      { toolkit: "notion", type: "use_custom_auth", authScheme: "OAUTH2", credentials: { client_secret: CLIENT_SECRET } },
      /resource 'subject' has a problem: credentials\.client_id: client_id is required by toolkit "notion" for OAUTH2 .*; find it at https:\/\/www\.notion\.so\/my-integrations/,
    ],
    [
      "managed auth for a toolkit without it",
      { toolkit: "perplexityai" },
      /resource 'subject' has a problem: type: toolkit "perplexityai" has no Composio-managed auth; use type "use_custom_auth" .*API_KEY/,
    ],
    [
      "a scheme the toolkit does not offer",
      { toolkit: "github", type: "use_custom_auth", authScheme: "BASIC" },
      /resource 'subject' has a problem: authScheme: toolkit "github" does not offer BASIC; it offers: OAUTH2, API_KEY/,
    ],
    [
      "an unknown toolkit",
      { toolkit: "githubb" },
      /resource 'subject' has a problem: toolkit: no toolkit of this slug exists in Composio \(404\)/,
    ],
    [
      "a credential field the toolkit does not define",
      { toolkit: "notion", type: "use_custom_auth", authScheme: "OAUTH2", credentials: { clientid: "id", client_secret: CLIENT_SECRET } },
      /resource 'subject' has a problem: credentials\.clientid: toolkit "notion" has no credential field "clientid"; did you mean client_id\?/,
    ],
  ] as const)("fails on %s, naming the property and the fix, before any auth-config call", async (_case, args, message) => {
    desired = { subject: args as AuthConfigArgs };
    const stack = await stackWith("failures", withComposio());
    const result = await preview(stack, { allowFailure: true });
    allOutput += result.output;
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(message);
    expect(await composio.authConfigCalls()).toBe(0);
  });

  it("shows a real warning (counted in the summary) for a secret field given as a plain value", async () => {
    desired = {};
    reportedPlain = {
      "notion-plain": {
        args: {
          toolkit: "notion",
          type: "use_custom_auth",
          authScheme: "OAUTH2",
          credentials: { client_id: "id", client_secret: CLIENT_SECRET },
        },
        plain: ["client_id", "client_secret"],
      },
    };
    const stack = await stackWith("warning", withComposio());
    const result = await preview(stack);
    allOutput += result.output;
    expect(result.output).toContain(
      'warning: AuthConfig "notion-plain": credentials.client_secret is a secret of toolkit "notion" but was given as a plain value, so it is stored unencrypted in the Pulumi state',
    );
    expect(result.output).toContain("Make it a secret: pass pulumi.secret(value)");
    expect(result.output).toMatch(/1 warning/);
  });

  it("validates shapes without an API key, skipping the toolkit's rules", async () => {
    desired = { perplexity: { toolkit: "perplexityai" }, bad: { toolkit: "github", enabled: "yes" as unknown as boolean } };
    const stack = await stackWith("offline", {});
    const result = await preview(stack, { allowFailure: true });
    allOutput += result.output;
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/resource 'bad' has a problem: enabled: enabled must be true or false/);
    expect(result.output).not.toContain("perplexityai");
    expect(await toolkitLookups()).toBe(0);
  });
});

describe("toolkit slugs in any case", () => {
  it("creates the config with the lower-case slug, and a program that changes only the case changes nothing", async () => {
    desired = { cased: { toolkit: "github", name: "Cased" } };
    const stack = await stackWith("case", withComposio());
    allOutput += (await up(stack)).output;
    desired = { cased: { toolkit: "GITHUB", name: "Cased" } };
    const result = await preview(stack, { diff: true });
    allOutput += result.output;
    expect(result.changes).toEqual({ same: 2 });
    desired = { cased: { toolkit: "GitHub", name: "Cased" } };
    const applied = await up(stack);
    allOutput += applied.output;
    expect(applied.changes).toEqual({ same: 2 });
    expect((await composio.list()).filter((config) => config.name === "Cased").map((config) => config.toolkit.slug)).toEqual(["github"]);
  });
});

describe("composio:baseUrl", () => {
  it("works when it ends in the API's path (/api/v3.1/, as Composio's docs print endpoints)", async () => {
    desired = { based: { toolkit: "github", name: "Based" } };
    const stack = await stackWith("base-url", { ...withComposio(), "composio:baseUrl": `${composio.emulator.url}/api/v3.1/` });
    const result = await up(stack);
    allOutput += result.output;
    expect(result.changes).toMatchObject({ create: 2 });
    expect((await composio.list()).filter((config) => config.name === "Based")).toHaveLength(1);
  });
});

describe("toolkit look-ups", () => {
  it("are at most one per toolkit per run, and none when nothing they check changed", async () => {
    desired = {
      "github-a": { toolkit: "github" },
      "github-b": { toolkit: "github", credentials: { scopes: "repo" } },
      "notion-a": {
        toolkit: "notion",
        type: "use_custom_auth",
        authScheme: "OAUTH2",
        credentials: { client_id: "a", client_secret: CLIENT_SECRET },
      },
      "notion-b": {
        toolkit: "notion",
        type: "use_custom_auth",
        authScheme: "OAUTH2",
        credentials: { client_id: "b", client_secret: CLIENT_SECRET },
      },
      hubspot: { toolkit: "hubspot", credentials: { scopes: "tickets" } },
    };
    const stack = await stackWith("lookups", withComposio());
    allOutput += (await up(stack)).output;
    expect(await toolkitLookups()).toBe(3);

    await composio.control.clearStats();
    allOutput += (await preview(stack)).output;
    allOutput += (await up(stack)).output;
    expect(await toolkitLookups()).toBe(0);

    desired["notion-b"] = { ...desired["notion-b"], credentials: { client_id: "b2", client_secret: CLIENT_SECRET } };
    desired["notion-a"] = { ...desired["notion-a"], credentials: { client_id: "a2", client_secret: CLIENT_SECRET } };
    allOutput += (await up(stack)).output;
    expect(await toolkitLookups()).toBe(1);
  });
});
