/**
 * Upgrading from the first release (0.1.0, commit ca6683e) changes nothing and writes nothing. The stack in
 * tests/fixtures/first-release/ was deployed by that release's own SDK and provider against that release's
 * emulator (the fixture's README says how): its checkpoint, its Pulumi.<stack>.yaml (the passphrase's salt and the
 * encrypted config) and the emulator's persisted state. Here today's emulator loads that state, the checkpoint is
 * imported into a fresh file backend, and the fixture's program, now loading today's package, previews, ups and
 * refreshes it under the real CLI: no change, no API call on preview and up, no API write at all, the same state.
 * Needs `npm run build` first (npm test does it).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { SIG_KEY } from "../../provider/core/secretMarks";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { createE2eEnv, preview, refresh, setConfig, up, type E2eEnv, type OpResult } from "../../testbed/harness";

jest.setTimeout(5 * 60_000);

const FIXTURE = path.join(__dirname, "..", "fixtures", "first-release");
const STACK_NAME = "first-release";
const CONFIG_FILE = `Pulumi.${STACK_NAME}.yaml`;
// The fixture's sentinels: the API key and passphrase it was made with, and its two secret config values.
const API_KEY = "sentinel-first-release-api-key";
const PASSPHRASE = "first-release-passphrase";
const CLIENT_SECRET = "sentinel-first-release-secret";
const PROXY_KEY = "sentinel-first-release-proxy-key";
/** The stack resource and the four auth configs. */
const RESOURCES = 5;

let scratch: string;
let composio: TestComposio;
let env: E2eEnv;
let stack: Stack;
let allOutput = "";

/** One engine run, its output kept for the secret check, and the API calls and writes it made. */
async function counted(op: () => Promise<OpResult>): Promise<{ changes: OpResult["changes"]; calls: number; writes: number }> {
  const { result, calls, writes } = await composio.counted(op);
  allOutput += result.output;
  return { changes: result.changes, calls, writes };
}

/**
 * An `up` with the engine's verbose log: its counts, and how many resources it wrote a checkpoint for because their
 * inputs changed (as tests/e2e/checkpointWrites.test.ts counts them). Its output is not kept: at -v=9 the engine logs
 * the default provider's config, secrets in clear (Pulumi's own log, not this package's).
 */
async function upCountingWrites(): Promise<{ changes: OpResult["changes"]; calls: number; writes: number; inputWrites: number }> {
  const { result, calls, writes } = await composio.counted(() => up(stack, { logVerbosity: 9 }));
  const inputWrites = result.output.split("\n").filter((line) => line.includes("mustWrite() true because of Inputs")).length;
  return { changes: result.changes, calls, writes, inputWrites };
}

interface StoredAuthConfig {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/** The auth configs as stored, by resource name, each secret as one marker (its ciphertext is salted per encryption). */
async function storedAuthConfigs(): Promise<Record<string, StoredAuthConfig>> {
  const { deployment } = await env.exportStack(stack);
  const resources = (deployment.deployment.resources as Array<StoredAuthConfig & { type: string; urn: string }>).filter((r) => r.type.endsWith(":AuthConfig"));
  const markSecrets = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(markSecrets);
    if (value === null || typeof value !== "object") return value;
    if (SIG_KEY in value) return "[secret]";
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, markSecrets(item)]));
  };
  return Object.fromEntries(resources.map(({ urn, inputs, outputs }) => [urn.replace(/^.*::/, ""), { inputs: markSecrets(inputs) as Record<string, unknown>, outputs: markSecrets(outputs) as Record<string, unknown> }]));
}

/** The stored configs with the `secretVersions` input (today's check adds it; the first release had none) set aside. */
function splitSecretVersions(stored: Record<string, StoredAuthConfig>): { versions: Record<string, unknown>; rest: Record<string, StoredAuthConfig> } {
  const versions: Record<string, unknown> = {};
  const rest: Record<string, StoredAuthConfig> = {};
  for (const [name, { inputs, outputs }] of Object.entries(stored)) {
    const { secretVersions, ...otherInputs } = inputs;
    if (secretVersions !== undefined) versions[name] = secretVersions;
    rest[name] = { inputs: otherInputs, outputs };
  }
  return { versions, rest };
}

beforeAll(async () => {
  // The emulator writes every change to its state file: it gets a copy, so the fixture stays as made.
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "first-release-"));
  const stateFile = path.join(scratch, "emulator-state.json");
  fs.copyFileSync(path.join(FIXTURE, "emulator-state.json"), stateFile);
  composio = await startTestComposio(API_KEY, { stateFile });
  env = await createE2eEnv("first-release-upgrade", { passphrase: PASSPHRASE });
  // The fixture's own program file: its `require("pulumi-composio")` now finds today's package (the repository's).
  stack = await env.localStack({ programDir: path.join(FIXTURE, "program"), stackName: STACK_NAME });
  // The fixture's salt and encrypted config replace the ones the new stack was given; the checkpoint's secrets
  // are sealed with that salt (its secrets_providers state), so both must come from the fixture.
  const workDir = stack.workspace.workDir;
  fs.copyFileSync(path.join(FIXTURE, CONFIG_FILE), path.join(workDir, CONFIG_FILE));
  const imported = await env.pulumi(["stack", "import", "--stack", STACK_NAME, "--file", path.join(FIXTURE, "checkpoint.json")], { cwd: workDir });
  if (imported.code !== 0) throw new Error(`pulumi stack import failed:\n${imported.stdout}${imported.stderr}`);
  // The emulator's port is new on every run; the provider reads the URL from stack config, never from state.
  await setConfig(stack, { "composio:baseUrl": composio.emulator.url });
}, 15 * 60_000);

afterAll(async () => {
  await env?.cleanup();
  await composio?.emulator.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

test("today's package previews, ups and refreshes the first release's stack with no change and no API write", async () => {
  const server = await composio.list();
  const before = await storedAuthConfigs();
  expect(Object.keys(before).sort()).toEqual(["github", "hubspot", "notion", "perplexity"]);
  expect(splitSecretVersions(before).versions).toEqual({});

  expect(await counted(() => preview(stack))).toEqual({ changes: { same: RESOURCES }, calls: 0, writes: 0 });
  // The first up writes the checkpoint once, for the two configs holding a secret: today's check adds each secret's
  // version (core/secrets.ts secretVersions), an input the first release did not have. Nothing else in state changes.
  expect(await upCountingWrites()).toEqual({ changes: { same: RESOURCES }, calls: 0, writes: 0, inputWrites: 2 });
  const upgraded = splitSecretVersions(await storedAuthConfigs());
  expect(upgraded.versions).toEqual({ notion: { "credentials.client_secret": 1 }, perplexity: { "proxyConfig.proxyAuthKey": 1 } });
  expect(upgraded.rest).toEqual(before);
  // From then on a no-change up writes nothing at all.
  expect(await upCountingWrites()).toEqual({ changes: { same: RESOURCES }, calls: 0, writes: 0, inputWrites: 0 });
  const refreshed = await counted(() => refresh(stack));
  expect({ changes: refreshed.changes, writes: refreshed.writes }).toEqual({ changes: { same: RESOURCES }, writes: 0 });
  expect(await composio.list()).toEqual(server);
});

test("no secret of the fixture appears in the CLI's output, the state or the fixture's Pulumi files", async () => {
  const { text } = await env.exportStack(stack);
  // The emulator's state file holds the secrets in clear, as the server does (it needs them to mask): not checked.
  const pulumiFiles = ["checkpoint.json", CONFIG_FILE].map((file) => fs.readFileSync(path.join(FIXTURE, file), "utf8"));
  for (const secret of [CLIENT_SECRET, PROXY_KEY, API_KEY, PASSPHRASE]) {
    for (const seen of [allOutput, text, ...pulumiFiles]) expect(seen).not.toContain(secret);
  }
});
