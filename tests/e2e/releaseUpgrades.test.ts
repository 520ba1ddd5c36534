/**
 * Upgrading from an earlier release changes nothing and writes nothing (issue 21, "upgrades stay invisible"). Each
 * fixture is a stack an earlier release deployed with its own code, against its own emulator: the checkpoint, the
 * stack's Pulumi.<stack>.yaml (the passphrase's salt and the encrypted config) and the emulator's persisted state.
 * - tests/fixtures/first-release/: the first release (0.1.0, commit ca6683e); its README says how it was made.
 * - tests/fixtures/release-ea762d5/: main before issue 21's refactors (commit ea762d5), a config of each kind, through
 *   the dynamic provider and the `composio` plugin; regenerate.sh makes it again.
 * Here today's emulator loads the fixture's state, the checkpoint is imported into a fresh file backend, and the
 * fixture's program, now loading today's package (and today's plugin, on PATH), runs under the real CLI, one engine
 * run per step: `preview --expect-no-changes` and `up` call no API; `up` changes no resource's stored state (the
 * first release's stack excepted: its secrets move out of the state once, below); `preview --refresh
 * --expect-no-changes` reads every config, finds no change and writes nothing to Composio, which ends as it began.
 * (No `refresh` run: it rewrites the stored seals as fingerprints by design, tests/e2e/checkpointWrites.test.ts.)
 * A failure names the config and the property whose stored state changed, never a value.
 * Needs `npm run build` first (npm test does it).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { createE2eEnv, ensurePulumi, inheritedPath, preview, REPO_ROOT, setConfig, up } from "../../testbed/harness";
import type { E2eEnv, OpResult } from "../../testbed/harness";

jest.setTimeout(5 * 60_000);

interface ReleaseFixture {
  /** The folder under tests/fixtures/, also the stack's name. */
  name: string;
  passphrase: string;
  apiKey: string;
  /** Every secret the fixture was made with (the API key and passphrase too): in no output, state or Pulumi file. */
  secrets: string[];
  /** The stack resource and the auth configs. */
  resources: number;
  /**
   * What the first `up` rewrites in the stored state, as `<config>: <property path>`, and nothing else; the next
   * `up` then rewrites nothing. Empty: the first `up` already rewrites nothing.
   */
  rewrittenOnce: string[];
  /** The configs whose stored state holds a secret's value (decrypted) as the release left it; after `up`, none. */
  holdingSecrets: string[];
}

const FIXTURES: ReleaseFixture[] = [
  {
    name: "first-release",
    passphrase: "first-release-passphrase",
    apiKey: "sentinel-first-release-api-key",
    secrets: ["sentinel-first-release-secret", "sentinel-first-release-proxy-key"],
    resources: 5,
    // The first release kept each secret itself in the inputs (encrypted by Pulumi): today's check answers with a
    // seal instead (a fingerprint, and the value under a key that dies with the provider process; core/secrets.ts),
    // so the secret leaves the state. Answering with the stored value instead would put the secret in check's answer,
    // which `--debug` prints. Nothing else changes, no resource changes and nothing is written to Composio.
    rewrittenOnce: [
      "notion: inputs.credentials.client_secret",
      "notion: inputs.secretVersions",
      "perplexity: inputs.proxyConfig.proxyAuthKey",
      "perplexity: inputs.secretVersions",
    ],
    holdingSecrets: ["notion", "perplexity"],
  },
  {
    name: "release-ea762d5",
    passphrase: "ea762d5-passphrase",
    apiKey: "sentinel-ea762d5-api-key",
    secrets: [
      "sentinel-ea762d5-notion-secret",
      "sentinel-ea762d5-proxy-key",
      "sentinel-ea762d5-shared-key",
      "sentinel-ea762d5-trello-secret",
      "sentinel-ea762d5-plain-secret",
      "sentinel-ea762d5-wrapped-secret",
    ],
    resources: 9,
    rewrittenOnce: [],
    holdingSecrets: [],
  },
];

/** An engine run's counts, and the API calls and writes it made. */
type Counted = { changes: OpResult["changes"]; calls: number; writes: number };

/** A resource as `pulumi stack export --show-secrets` gives it. */
type StoredResource = Record<string, unknown> & { urn: string; type: string };

/** A secret in an export with `--show-secrets`: Pulumi's envelope, its value as JSON text. */
function plaintextOf(value: unknown): string | undefined {
  const envelope = value as Record<string, unknown> | null;
  return envelope?.[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig ? String(envelope.plaintext) : undefined;
}

/**
 * The state's resources by name (a provider by its package too), each a map from property path to value, as stored
 * (a secret's value is one leaf). Left out: where the program's code sits (`sourcePosition`, `stackTrace`: the
 * package's line numbers, which any change of its code moves), and the emulator's URL in the providers' config with
 * the time the providers were last modified (the test's emulator listens on a new port, so their config changes).
 */
function storedProperties(resources: StoredResource[]): Map<string, Map<string, string>> {
  const leaves = (value: unknown, at: string, into: Map<string, string>): Map<string, string> => {
    if (value === null || typeof value !== "object") return into.set(at, JSON.stringify(value));
    const secret = plaintextOf(value);
    if (secret !== undefined) return into.set(at, secret);
    for (const [key, child] of Object.entries(value)) leaves(child, at === "" ? key : `${at}.${key}`, into);
    return into;
  };
  return new Map(
    resources.map((resource) => {
      const { sourcePosition: _where, stackTrace: _stack, ...stored } = resource;
      const provider = /^pulumi:providers:(.*)$/.exec(resource.type)?.[1];
      const properties = leaves(provider ? { ...stored, modified: undefined } : stored, "", new Map());
      for (const key of properties.keys()) {
        if (provider && /^(inputs|outputs)\.(composio:)?baseUrl$/.test(key)) properties.set(key, "<the emulator's URL>");
      }
      const name = resource.urn.replace(/^.*::/, "");
      return [provider ? `${name} provider of ${provider}` : name, properties];
    }),
  );
}

/**
 * What differs between two states, as `<resource name>: <property path>` (values never shown: they hold secrets).
 * A property added or removed whole is named once (`inputs.secretVersions`), not each of its fields.
 */
function changedProperties(before: StoredResource[], after: StoredResource[]): string[] {
  const [was, now] = [storedProperties(before), storedProperties(after)];
  const changed = new Set<string>();
  for (const name of new Set([...was.keys(), ...now.keys()])) {
    const [old, current] = [was.get(name) ?? new Map<string, string>(), now.get(name) ?? new Map<string, string>()];
    if (old.size === 0 || current.size === 0) {
      changed.add(`${name}: the whole resource, ${old.size === 0 ? "added" : "removed"}`);
      continue;
    }
    const has = (properties: Map<string, string>, prefix: string) =>
      [...properties.keys()].some((key) => key === prefix || key.startsWith(`${prefix}.`));
    const named = (key: string) => {
      const parts = key.split(".");
      for (let length = 2; length < parts.length; length++) {
        const prefix = parts.slice(0, length).join(".");
        if (!has(old, prefix) || !has(current, prefix)) return prefix;
      }
      return key;
    };
    for (const key of new Set([...old.keys(), ...current.keys()])) {
      if (old.get(key) !== current.get(key)) changed.add(`${name}: ${named(key)}`);
    }
  }
  return [...changed].sort();
}

/** The auth configs whose stored state (secrets decrypted) holds one of `secrets`, by name. Providers hold stack config. */
function holdingSecrets(resources: StoredResource[], secrets: string[]): string[] {
  return resources
    .filter((resource) => resource.type.endsWith(":AuthConfig") && secrets.some((secret) => JSON.stringify(resource).includes(secret)))
    .map((resource) => resource.urn.replace(/^.*::/, ""))
    .sort();
}

describe.each(FIXTURES)("a stack deployed by $name, on today's package", (fixture) => {
  const fixtureDir = path.join(__dirname, "..", "fixtures", fixture.name);
  const configFile = `Pulumi.${fixture.name}.yaml`;
  let scratch: string;
  let composio: TestComposio;
  let env: E2eEnv;
  let stack: Stack;
  let allOutput = "";

  /** One engine run: its counts, and the API calls and writes it made. Its output is kept for the secret check. */
  async function counted(op: () => Promise<OpResult>): Promise<Counted> {
    const { result, calls, writes } = await composio.counted(op);
    allOutput += result.output;
    return { changes: result.changes, calls, writes };
  }

  /** The state's resources, secrets in clear so that a changed one shows (each export encrypts them anew). Never printed. */
  async function storedResources(): Promise<StoredResource[]> {
    const exported = await env.pulumi(["stack", "export", "--show-secrets", "--stack", fixture.name], { cwd: stack.workspace.workDir });
    if (exported.code !== 0) throw new Error(`pulumi stack export failed:\n${exported.stderr}`);
    return JSON.parse(exported.stdout).deployment.resources;
  }

  /** `up`, what it changed in the stored state, and the configs whose state still holds a secret's value after it. */
  async function upChanging(): Promise<Counted & { rewritten: string[]; holding: string[] }> {
    const before = await storedResources();
    const counts = await counted(() => up(stack));
    const after = await storedResources();
    return { ...counts, rewritten: changedProperties(before, after), holding: holdingSecrets(after, fixture.secrets) };
  }

  beforeAll(async () => {
    // The emulator writes every change to its state file: it gets a copy, so the fixture stays as made.
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), `${fixture.name}-`));
    const stateFile = path.join(scratch, "emulator-state.json");
    fs.copyFileSync(path.join(fixtureDir, "emulator-state.json"), stateFile);
    composio = await startTestComposio(fixture.apiKey, { stateFile });
    // Today's `composio` plugin where the CLI finds it, as the release's was when it deployed the fixture.
    const pathDirs = [path.join(REPO_ROOT, "bin"), (await ensurePulumi()).binDir, inheritedPath()];
    env = await createE2eEnv(`upgrade-${fixture.name}`, { passphrase: fixture.passphrase, env: { PATH: pathDirs.join(path.delimiter) } });
    // The fixture's own program file: its `require("pulumi-composio")` now finds today's package (the repository's).
    stack = await env.localStack({ programDir: path.join(fixtureDir, "program"), stackName: fixture.name });
    // The fixture's salt and encrypted config replace the ones the new stack was given; the checkpoint's secrets
    // are sealed with that salt (its secrets_providers state), so both must come from the fixture.
    const workDir = stack.workspace.workDir;
    fs.copyFileSync(path.join(fixtureDir, configFile), path.join(workDir, configFile));
    const checkpoint = path.join(fixtureDir, "checkpoint.json");
    const imported = await env.pulumi(["stack", "import", "--stack", fixture.name, "--file", checkpoint], { cwd: workDir });
    if (imported.code !== 0) throw new Error(`pulumi stack import failed:\n${imported.stdout}${imported.stderr}`);
    // The emulator's port is new on every run; the providers read the URL from stack config, never from state.
    await setConfig(stack, { "composio:baseUrl": composio.emulator.url });
  }, 15 * 60_000);

  afterAll(async () => {
    await env?.cleanup();
    await composio?.emulator.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  test("preview and up change nothing and call no API; up rewrites no stored state but what the release needs once", async () => {
    const server = await composio.list();
    const same = { same: fixture.resources };
    expect(await counted(() => preview(stack, { expectNoChanges: true }))).toEqual({ changes: same, calls: 0, writes: 0 });
    expect(holdingSecrets(await storedResources(), fixture.secrets)).toEqual(fixture.holdingSecrets);
    // The one write the first release's stack gets is its secrets leaving the state.
    const untouched = { changes: same, calls: 0, writes: 0, holding: [] };
    expect(await upChanging()).toEqual({ ...untouched, rewritten: fixture.rewrittenOnce });
    if (fixture.rewrittenOnce.length > 0) expect(await upChanging()).toEqual({ ...untouched, rewritten: [] });
    expect(await composio.list()).toEqual(server);
  });

  test("preview --refresh reads every config and finds no change, and writes nothing to Composio", async () => {
    const server = await composio.list();
    const refreshed = await counted(() => preview(stack, { refresh: true, expectNoChanges: true }));
    expect({ changes: refreshed.changes, writes: refreshed.writes }).toEqual({ changes: { same: fixture.resources }, writes: 0 });
    expect(await composio.list()).toEqual(server);
  });

  test("no secret of the fixture appears in the CLI's output, the state or the fixture's Pulumi files", async () => {
    const { text } = await env.exportStack(stack);
    // The emulator's state file holds the secrets in clear, as the server does (it needs them to mask): not checked.
    const pulumiFiles = ["checkpoint.json", configFile].map((file) => fs.readFileSync(path.join(fixtureDir, file), "utf8"));
    for (const secret of [...fixture.secrets, fixture.apiKey, fixture.passphrase]) {
      for (const seen of [allOutput, text, ...pulumiFiles]) expect(seen).not.toContain(secret);
    }
  });
});
