/**
 * The `composio` resource provider plugin under the real Pulumi CLI, against the emulator: a program
 * that declares `composio:index:AuthConfig` (as a generated SDK would, through pulumi.CustomResource)
 * creates, refreshes clean, previews without writing, detects and repairs drift, and destroys. The
 * CLI finds the plugin on PATH (bin/pulumi-resource-composio), with no download.
 * Needs `npm run build` (the launcher runs dist/provider/plugin/main.js).
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { startComposioStack, type ComposioStack } from "../../testbed/composioStack";
import type { TestComposio } from "../../testbed/emulatorApi";
import { destroy, preview, refresh, up, REPO_ROOT, type E2eEnv, type OpResult } from "../../testbed/harness";
import { createLanguageEnv } from "../../testbed/languages";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-api-key-plugin-5c21d0";
const CLIENT_SECRET = "SENTINEL-client-secret-plugin-8e3f44";
const PROXY_KEY = "SENTINEL-proxy-key-plugin-a90b17";

const OUTPUTS = ["authConfigId", "status", "isComposioManaged", "noOfConnections", "createdAt", "lastUpdatedAt"];

let env: E2eEnv;
let composio: TestComposio;
let stack: Stack;
let cleanup: ComposioStack["cleanup"] | undefined;
let desired: Record<string, Record<string, unknown>> = {};
let allOutput = "";

/** The resource as a generated SDK declares it (CustomResource is abstract in the SDK's types). */
class AuthConfig extends pulumi.CustomResource {
  declare readonly authConfigId: pulumi.Output<string>;
  constructor(name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) {
    super("composio:index:AuthConfig", name, { ...args, ...Object.fromEntries(OUTPUTS.map((key) => [key, undefined])) }, opts);
  }
}

const program = async () => {
  const ids: Record<string, pulumi.Output<string>> = {};
  for (const [name, args] of Object.entries(desired)) {
    ids[name] = new AuthConfig(name, args).authConfigId;
  }
  return { ids: pulumi.all(ids) };
};

const github = { toolkit: "github", name: "GitHub" };
const notion = {
  toolkit: "notion",
  type: "use_custom_auth",
  authScheme: "OAUTH2",
  name: "Notion Auth",
  credentials: { client_id: "notion-client-id", client_secret: pulumi.secret(CLIENT_SECRET) },
  proxyConfig: { proxyUrl: "https://proxy.example.com", proxyAuthKey: PROXY_KEY },
};

async function run(op: typeof up, opts: Parameters<typeof up>[1] = {}): Promise<OpResult> {
  const result = await op(stack, opts);
  allOutput += result.output;
  return result;
}

async function ids(): Promise<Record<string, string>> {
  return (await stack.outputs()).ids.value as Record<string, string>;
}

beforeAll(async () => {
  // The plugin's launcher on PATH: how the CLI finds `pulumi-resource-composio` without a download.
  ({ composio, env, stack, cleanup } = await startComposioStack({
    name: "plugin",
    apiKey: API_KEY,
    program,
    pathDirs: [path.join(REPO_ROOT, "bin")],
  }));
}, 15 * 60_000);

afterAll(() => cleanup?.());

test("up creates the configs through the plugin, with the stack's provider config", async () => {
  desired = { github, notion };
  const result = await run(up);
  expect(result.changes).toMatchObject({ create: 3 }); // the stack, the two configs
  const created = await ids();
  const live = await composio.list();
  expect(live.map((c) => c.id).sort()).toEqual(Object.values(created).sort());
  expect(live.find((c) => c.id === created.notion)).toMatchObject({ name: "Notion Auth", type: "custom" });
  const { text, deployment } = await env.exportStack(stack);
  const resource = deployment.deployment.resources.find(
    (r: { type: string; urn: string }) => r.type === "composio:index:AuthConfig" && r.urn.endsWith("::notion"),
  );
  expect(resource.outputs.authConfigId).toBe(created.notion);
  // Secrets are encrypted in inputs and fingerprinted in outputs: never in the state's text.
  for (const secret of [API_KEY, CLIENT_SECRET, PROXY_KEY]) expect(text).not.toContain(secret);
  expect(resource.inputs.credentials.client_secret).toHaveProperty("ciphertext");
  expect(resource.inputs.proxyConfig.proxyAuthKey).toHaveProperty("ciphertext");
});

test("a refresh right after finds nothing to change, and a preview of a change writes nothing", async () => {
  expect((await run(refresh)).changes).toEqual({ same: 3 });
  await composio.control.clearStats();
  desired = { github: { ...github, name: "GitHub renamed" }, notion };
  const planned = await run(preview);
  expect(planned.changes).toMatchObject({ update: 1, same: 2 });
  expect(await composio.authConfigWrites()).toBe(0);
  desired = { github, notion };
});

test("drift made in the dashboard shows on refresh and the next up repairs it", async () => {
  const current = await ids();
  await composio.api("PATCH", `/auth_configs/${current.github}`, { type: "default", name: "renamed in the dashboard" });
  const refreshed = await run(refresh);
  expect(refreshed.changes).toMatchObject({ update: 1 });
  await composio.control.clearStats();
  const repaired = await run(up);
  expect(repaired.changes).toMatchObject({ update: 1 });
  expect(await composio.authConfigWrites()).toBe(1);
  expect((await composio.list()).find((c) => c.id === current.github)?.name).toBe("GitHub");
  expect((await run(preview)).changes).toEqual({ same: 3 });
});

test("destroy deletes every config, and nothing printed a secret", async () => {
  await run(destroy);
  expect(await composio.list()).toEqual([]);
  for (const secret of [API_KEY, CLIENT_SECRET, PROXY_KEY]) expect(allOutput).not.toContain(secret);
});

test("bad input and unusable provider config fail the preview, naming the property and the fix", async () => {
  const bad = await env.inlineStack({
    projectName: "plugin-bad",
    program,
    config: { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": "http://composio.example.com" },
  });
  desired = { notion: { toolkit: "notion", type: "use_custom_auth" } };
  const badInput = await preview(bad, { allowFailure: true });
  expect(badInput.ok).toBe(false);
  expect(badInput.output).toContain('authScheme: authScheme is required with type "use_custom_auth"');
  desired = { github };
  const badConfig = await preview(bad, { allowFailure: true });
  expect(badConfig.ok).toBe(false);
  expect(badConfig.output).toMatch(/composio:baseUrl http:\/\/composio\.example\.com must use https:\/\//);
  for (const secret of [API_KEY]) expect(badInput.output + badConfig.output).not.toContain(secret);
});

test("no API key anywhere: the preview passes offline with a warning naming composio:apiKey and COMPOSIO_API_KEY", async () => {
  const keyless = await env.inlineStack({ projectName: "plugin-keyless", program, config: { "composio:baseUrl": composio.emulator.url } });
  // Empty, not only absent: the key may be in jest's own environment, which the CLI and the plugin inherit.
  (keyless.workspace as LocalWorkspace).envVars.COMPOSIO_API_KEY = "";
  desired = { github };
  const previewed = await preview(keyless);
  expect(previewed.ok).toBe(true);
  expect(previewed.output).toMatch(
    /warning: No Composio API key: neither `composio:apiKey` \(stack config\) nor COMPOSIO_API_KEY \(environment\) is set/,
  );
});

describe("installed with `pulumi plugin install --file` instead of PATH", () => {
  let installed: E2eEnv;
  beforeAll(async () => {
    installed = await createLanguageEnv("plugin-install");
  }, 15 * 60_000);
  afterAll(() => installed?.cleanup());

  test("the CLI runs the installed launcher, which finds the project's pulumi-composio package", async () => {
    const launcher = path.join(REPO_ROOT, "bin", "pulumi-resource-composio");
    const install = await installed.pulumi(["plugin", "install", "resource", "composio", "0.1.0", "--file", launcher]);
    expect(install).toMatchObject({ code: 0 });
    expect((await installed.pulumi(["plugin", "ls"])).stdout).toMatch(/composio\s+resource\s+0\.1\.0/);

    const withInstalled = await installed.inlineStack({
      projectName: "plugin-installed",
      program,
      config: { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": composio.emulator.url },
    });
    desired = { github };
    const created = await up(withInstalled);
    expect(created.output).not.toContain("from $PATH");
    expect(created.changes).toEqual({ create: 2 });
    expect((await composio.list()).map((config) => config.name)).toEqual(["GitHub"]);
    expect((await destroy(withInstalled)).changes).toEqual({ delete: 2 });
    expect(await composio.list()).toEqual([]);
  });
});
