/**
 * Secrets never leak: sentinel values for the API key, a client secret, a proxy key and shared
 * credentials (and a wrong API key, and a secret in a create the API refuses) are searched for in
 * `pulumi stack export`, the stack's config file, every CLI output with and without --debug (the
 * provider process's stderr is part of it), the emulator's log lines, error messages and each
 * resource's `__provider`: found 0 times, through create, update (secrets rotated), refresh, failed
 * operations and destroy.
 *
 * Known and out of our hands: the engine's own log at `-v=9` prints the provider's Configure inputs,
 * composio:apiKey included (docs/secrets.md); not asserted here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { EmulatorControl, startEmulator, type RunningEmulator } from "../../emulator";
import { ComposioApi } from "../../provider/api/client";
import { AuthConfig, type AuthConfigArgs } from "../../sdk";
import { createE2eEnv, destroy, preview, refresh, setConfig, up, type E2eEnv, type OpResult } from "../../testbed/harness";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-apikey-7d41c9e2";
const CLIENT_SECRET = "SENTINEL-client-secret-0b6a13";
const ROTATED_SECRET = "SENTINEL-rotated-secret-55e1f0";
const PROXY_KEY = "SENTINEL-proxy-key-c3a9d7";
const SHARED = "SENTINEL-shared-token-4f8b26";
const WRONG_KEY = "SENTINEL-wrong-apikey-e90a14";
const REFUSED_SECRET = "SENTINEL-refused-secret-2c7d55";
const SENTINELS = [API_KEY, CLIENT_SECRET, ROTATED_SECRET, PROXY_KEY, SHARED, WRONG_KEY, REFUSED_SECRET];

let env: E2eEnv;
let emulator: RunningEmulator;
let control: EmulatorControl;
let stack: Stack;
const emulatorLog: string[] = [];
/** Everything the CLI printed, errors included. */
let output = "";
let desired: Record<string, AuthConfigArgs> = {};

const notion = (secret: string, name = "Notion"): AuthConfigArgs => ({
  toolkit: "notion",
  type: "use_custom_auth",
  authScheme: "OAUTH2",
  name,
  credentials: { client_id: "notion-client", client_secret: secret },
  proxyConfig: { proxyUrl: "https://proxy.example.com", proxyAuthKey: PROXY_KEY },
  sharedCredentials: { token: SHARED },
});

async function run(
  op: (stack: Stack, opts: { allowFailure?: boolean; debug?: boolean }) => Promise<OpResult>,
  opts: { allowFailure?: boolean; debug?: boolean } = {},
) {
  const result = await op(stack, opts);
  output += result.output + (result.error?.message ?? "");
  return result;
}

async function expectNoSentinelInState(): Promise<void> {
  const { text, deployment } = await env.exportStack(stack);
  const providers: string[] = deployment.deployment.resources
    .map((r: { inputs?: { __provider?: string } }) => r.inputs?.__provider)
    .filter(Boolean);
  for (const sentinel of SENTINELS) {
    expect(text).not.toContain(sentinel);
    for (const provider of providers) expect(provider).not.toContain(sentinel);
  }
}

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: API_KEY, logger: (line) => emulatorLog.push(line) });
  control = new EmulatorControl(emulator.url, API_KEY);
  env = await createE2eEnv("secrets");
  stack = await env.inlineStack({
    projectName: "secrets",
    program: async () => {
      for (const [name, args] of Object.entries(desired)) new AuthConfig(name, args);
    },
    config: { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": emulator.url },
  });
}, 15 * 60_000);

afterAll(async () => {
  await env?.cleanup();
  await emulator?.close();
});

test("create, preview --debug, update with rotated secrets (--debug), refresh --debug: no sentinel anywhere", async () => {
  desired = { notion: notion(CLIENT_SECRET), github: { toolkit: "github", sharedCredentials: { token: SHARED } } };
  expect((await run(up)).changes).toMatchObject({ create: 3 });
  expect((await run(preview, { debug: true })).ok).toBe(true);
  desired = { ...desired, notion: notion(ROTATED_SECRET, "Notion (rotated)") };
  expect((await run(up, { debug: true })).changes).toMatchObject({ update: 1 });
  expect((await run(refresh, { debug: true })).ok).toBe(true);
  await expectNoSentinelInState();
  // The secrets did reach the API (the emulator keeps them to mask them): only their fingerprints are in state.
  const live = await new ComposioApi({ apiKey: API_KEY, baseUrl: emulator.url }).listAuthConfigs({ toolkit_slug: "notion" });
  expect(live[0].credentials?.client_secret).toBe("SENT...");
  // --debug did print engine diagnostics, so the search covered them.
  expect(output).toMatch(/debug:/);
});

test("a create the API refuses (400) and an up with a wrong API key (401): the errors name fields and settings, never values", async () => {
  desired = {
    ...desired,
    refused: {
      toolkit: "notion",
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      // Check takes user_scopes for any toolkit (the API's request type has it); this emulator's Notion refuses it.
      credentials: { client_id: "x", client_secret: "y", user_scopes: pulumi.secret(REFUSED_SECRET) },
    },
  };
  const refused = await run(up, { allowFailure: true, debug: true });
  expect(refused.ok).toBe(false);
  expect(refused.output).toMatch(/status 400/);
  expect(refused.output).toMatch(/user_scopes/);
  delete desired.refused;

  await setConfig(stack, { "composio:apiKey": { value: WRONG_KEY, secret: true } });
  desired = { ...desired, github: { toolkit: "github", name: "GitHub renamed", sharedCredentials: { token: SHARED } } };
  const unauthorized = await run(up, { allowFailure: true });
  expect(unauthorized.ok).toBe(false);
  expect(unauthorized.output).toMatch(/status 401/);
  expect(unauthorized.output).toContain("composio:apiKey");
  // The fix the message gives; the next up records the good key for refresh and destroy too.
  await setConfig(stack, { "composio:apiKey": { value: API_KEY, secret: true } });
  expect((await run(up)).changes).toMatchObject({ update: 1 });
  await expectNoSentinelInState();
});

test("destroy --debug; then no sentinel in any output, the emulator's log, the stack's config file or the state backend", async () => {
  expect((await run(destroy, { debug: true })).ok).toBe(true);
  expect(await new ComposioApi({ apiKey: API_KEY, baseUrl: emulator.url }).listAuthConfigs({ show_disabled: true })).toEqual([]);
  expect(emulatorLog.length).toBeGreaterThan(10);
  const configFile = readFileSync(join(stack.workspace.workDir, `Pulumi.${stack.name}.yaml`), "utf8");
  const backendFiles = listFiles(env.backendUrl.replace(/^file:\/\//, "")).map((file) => readFileSync(file, "utf8"));
  expect(backendFiles.length).toBeGreaterThan(0);
  for (const sentinel of SENTINELS) {
    expect(output).not.toContain(sentinel);
    expect(emulatorLog.join("\n")).not.toContain(sentinel);
    expect(configFile).not.toContain(sentinel);
    for (const file of backendFiles) expect(file).not.toContain(sentinel);
  }
  expect(configFile).toMatch(/secure: /);
  await control.reset();
});

/** Every file under `dir` (the file backend: checkpoints, their backups and history). */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
