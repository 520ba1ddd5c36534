/**
 * Composio's 2026 reads hide credentials (visibility.ts), in a format it does not document. Under each
 * format the emulator can serve, with the real CLI: a fresh `up` refreshes clean and a second `up` sends
 * nothing; changes made by hand to a visible field and to hidden ones (scopes on a custom and on a
 * managed config, a client_secret) are each seen by `preview --refresh --expect-no-changes` and by
 * `composio-drift`, and `up --refresh` puts the program's values back on the server.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import type { MaskFormat } from "../../emulator";
import { AuthConfig } from "../../sdk";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { createE2eEnv, preview, refresh, up, type E2eEnv } from "../../testbed/harness";
import { runDrift } from "./runDrift";

jest.setTimeout(10 * 60_000);

const API_KEY = "SENTINEL-api-key-masked-5c1d";
const NOTION_SECRET = "SENTINEL-notion-secret-masked-88e0";
const GITHUB_SECRET = "SENTINEL-github-secret-masked-2b4a";
const HAND_SECRET = "SENTINEL-secret-set-by-hand-d3f9";
const MASK_FORMATS: MaskFormat[] = ["prefix4", "redacted", "stars"];

let env: E2eEnv;
let composio: TestComposio;
let printed = "";

/** The README's Notion example, a managed config with scopes, a custom GitHub app and a plain managed config. */
const program = async () => {
  new AuthConfig("notion", {
    toolkit: "notion",
    type: "use_custom_auth",
    authScheme: "OAUTH2",
    name: "Notion Auth",
    credentials: {
      client_id: "notion-client-id",
      client_secret: NOTION_SECRET,
      oauth_redirect_uri: "https://backend.composio.dev/api/v3.1/toolkits/auth/callback",
      scopes: "read,write",
    },
  });
  new AuthConfig("hubspot", { toolkit: "hubspot", name: "HubSpot", credentials: { scopes: "sales-email-read,tickets" } });
  new AuthConfig("githubApp", {
    toolkit: "github",
    type: "use_custom_auth",
    authScheme: "OAUTH2",
    name: "GitHub App",
    credentials: { client_id: "github-client-id", client_secret: GITHUB_SECRET },
  });
  // A managed config that names its (managed) scheme: no phantom authScheme drift.
  new AuthConfig("github", { toolkit: "github", name: "GitHub", authScheme: "OAUTH2" });
};

beforeAll(async () => {
  composio = await startTestComposio(API_KEY);
  env = await createE2eEnv("masked-reads");
}, 15 * 60_000);

afterAll(async () => {
  await env?.cleanup();
  await composio?.emulator.close();
  for (const secret of [API_KEY, NOTION_SECRET, GITHUB_SECRET, HAND_SECRET]) expect(printed).not.toContain(secret);
});

describe.each(MASK_FORMATS)("with reads masked as %s", (format) => {
  let stack: Stack;
  const ids: Record<string, string> = {};

  const run = async (op: typeof up | typeof preview | typeof refresh, opts: Parameters<typeof up>[1] = {}) => {
    const result = await op(stack, opts);
    printed += result.output;
    return result;
  };
  const drift = async () => {
    const result = await runDrift(["--stack", format, "--json"], { cwd: stack.workspace.workDir, env: env.envVars });
    printed += result.stdout + result.stderr;
    return result;
  };
  const stored = (resource: string) => composio.control.storedAuthConfig(ids[resource]!);

  beforeAll(async () => {
    await composio.control.maskFormat(format);
    stack = await env.inlineStack({
      projectName: `masked-${format}`,
      stackName: format,
      program,
      config: { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": composio.emulator.url },
    });
  });

  it("refreshes clean right after up and after a refresh; a second up sends no auth-config request", async () => {
    await run(up);
    const live = await composio.list();
    for (const resource of ["notion", "hubspot", "githubApp", "github"]) {
      const name = { notion: "Notion Auth", hubspot: "HubSpot", githubApp: "GitHub App", github: "GitHub" }[resource];
      ids[resource] = live.find((config) => config.name === name)!.id;
    }
    // The reads really are masked in this format: nothing of the scopes or secrets comes back.
    const notion = live.find((config) => config.id === ids.notion)!;
    expect(notion.credentials?.client_id).toBe("notion-client-id");
    expect(notion.credentials?.scopes).not.toBe("read,write");

    expect((await run(preview, { refresh: true, expectNoChanges: true, allowFailure: true })).ok).toBe(true);
    await composio.control.clearStats();
    await run(up);
    expect(await composio.authConfigCalls()).toBe(0);
    await run(refresh);
    expect((await run(preview, { refresh: true, expectNoChanges: true, allowFailure: true })).ok).toBe(true);
    expect((await drift()).code).toBe(0);
  });

  it("sees each change made by hand, visible or hidden, and up --refresh repairs them all", async () => {
    await composio.api("PATCH", `/auth_configs/${ids.notion}`, { type: "custom", credentials: { scopes: "read" } });
    await composio.api("PATCH", `/auth_configs/${ids.hubspot}`, { type: "default", scopes: "tickets" });
    await composio.api("PATCH", `/auth_configs/${ids.githubApp}`, { type: "custom", credentials: { client_secret: HAND_SECRET } });
    await composio.api("PATCH", `/auth_configs/${ids.github}`, { type: "default", name: "GitHub (edited by hand)" });
    await composio.api("PATCH", `/auth_configs/${ids.github}/DISABLED`);

    const checked = await run(preview, { refresh: true, expectNoChanges: true, allowFailure: true });
    expect(checked.ok).toBe(false);
    expect(checked.output).toMatch(/4 to update/);

    const report = await drift();
    expect(report.code).toBe(1);
    const byResource = Object.fromEntries(
      JSON.parse(report.stdout).authConfigs.map((config: { resource: string; properties: unknown[] }) => [
        config.resource,
        config.properties,
      ]),
    );
    const changedOnServer = expect.stringMatching(
      /^\[hidden field: changed on the server at \d{4}-\d\d-\d\dT[\d:.]+Z; the value cannot be read back\]$/,
    );
    // Nothing tells which hidden field a write touched: every hidden field the program sets is marked.
    expect(byResource.notion).toEqual([
      { path: "credentials.client_secret", desired: "[secret]", live: changedOnServer },
      {
        path: "credentials.oauth_redirect_uri",
        desired: "https://backend.composio.dev/api/v3.1/toolkits/auth/callback",
        live: changedOnServer,
      },
      { path: "credentials.scopes", desired: "read,write", live: changedOnServer },
    ]);
    expect(byResource.hubspot).toEqual([{ path: "credentials.scopes", desired: "sales-email-read,tickets", live: changedOnServer }]);
    expect(byResource.githubApp).toEqual([{ path: "credentials.client_secret", desired: "[secret]", live: changedOnServer }]);
    expect(byResource.github).toEqual([
      { path: "enabled", desired: true, live: false },
      { path: "name", desired: "GitHub", live: "GitHub (edited by hand)" },
    ]);

    await run(up, { refresh: true });
    expect((await stored("notion")).credentials).toMatchObject({ scopes: "read,write", client_secret: NOTION_SECRET });
    expect((await stored("hubspot")).credentials.scopes).toBe("sales-email-read,tickets");
    expect((await stored("githubApp")).credentials.client_secret).toBe(GITHUB_SECRET);
    expect(await stored("github")).toMatchObject({ name: "GitHub", status: "ENABLED" });
    expect((await run(preview, { refresh: true, expectNoChanges: true, allowFailure: true })).ok).toBe(true);
    expect((await drift()).code).toBe(0);
  });
});
