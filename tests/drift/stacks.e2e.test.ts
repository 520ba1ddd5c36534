/**
 * One drift job over a platform's stacks: `composio-drift` (the built bin, a child process with the pipeline's
 * environment) over three stacks of one project on one backend, run by the real Pulumi CLI on the emulator:
 * `staging` edited by hand through the API (drift), `prod` locked by a real `up` held in flight by a proxy
 * (busy), `dev` untouched (clean). Nothing depends on timing: the up stays in flight (its lock taken, a rename
 * applied, the answer held) until the test releases it. Needs `npm run build` first (npm test does it).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { AuthConfig } from "../../sdk";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { createE2eEnv, setConfig, up, type E2eEnv, type OpResult } from "../../testbed/harness";
import { startHoldProxy, type HoldProxy } from "../../testbed/scenarios/holdProxy";
import { runDrift, until, type DriftRun } from "./runDrift";

// Three ups, then several runs of the command, each of three checks (a few CLI calls each): minutes on a busy machine.
jest.setTimeout(20 * 60_000);

const API_KEY = "SENTINEL-api-key-drift-stacks-5d1e";
const STACKS = ["dev", "staging", "prod"] as const;

let env: E2eEnv;
let composio: TestComposio;
let proxy: HoldProxy;
let workDir: string;
const stacks: Record<string, Stack> = {};
/** Bumped to rename prod's configs in the held up. */
let revision = 0;
let heldUp: Promise<OpResult> | undefined;
let printed = "";

/** The project's program: the same two configs in every stack, named after it. */
const program = async () => {
  const stack = pulumi.getStack();
  new AuthConfig("github", { toolkit: "github", name: `${stack} GitHub r${revision}` });
  new AuthConfig("slack", { toolkit: "slack", name: `${stack} Slack` });
};

/** The command in the project's directory, where `pulumi stack ls` lists its three stacks. */
async function drift(args: string[]): Promise<DriftRun> {
  const result = await runDrift(args, { cwd: workDir, env: env.envVars });
  printed += result.stdout + result.stderr;
  return result;
}

beforeAll(async () => {
  composio = await startTestComposio(API_KEY);
  proxy = await startHoldProxy(composio.emulator.url);
  // The longest request timeout there is (10 min), so that the held rename is not timed out while the command
  // runs; a retry after one would be held again, the up (and its lock) still in flight.
  env = await createE2eEnv("drift-stacks", { env: { COMPOSIO_REQUEST_TIMEOUT_MS: "600000" } });
  // One project directory with the three stacks (as a platform repository has), not a directory per stack.
  workDir = env.newWorkDir("platform");
  for (const name of STACKS) {
    const stack = await LocalWorkspace.createOrSelectStack(
      { projectName: "platform", stackName: name, program },
      { workDir, envVars: env.envVars, pulumiCommand: env.cli.command },
    );
    // prod talks to Composio through the proxy that holds its up in flight; the others directly.
    await setConfig(stack, {
      "composio:apiKey": { value: API_KEY, secret: true },
      "composio:baseUrl": name === "prod" ? proxy.url : composio.emulator.url,
    });
    await up(stack);
    stacks[name] = stack;
  }

  // staging: renamed in the dashboard.
  const github = (await composio.list()).find((config) => config.name === "staging GitHub r0")!;
  expect(
    (await composio.api("PATCH", `/auth_configs/${github.id}`, { type: "default", name: "staging GitHub (edited by hand)" })).status,
  ).toBe(200);

  // prod: an up that renames its github config, in flight: the rename applied, its answer held, the lock taken.
  revision++;
  proxy.holding = (method, url) => method === "PATCH" && /\/auth_configs\/ac_\w+$/.test(url.split("?")[0]!);
  heldUp = up(stacks.prod!, { allowFailure: true });
  await until(() => proxy.held() >= 1, "prod's rename to be applied and held");
}, 20 * 60_000);

afterAll(async () => {
  proxy?.release();
  await heldUp;
  await env?.cleanup();
  await proxy?.close();
  await composio?.emulator.close();
});

const progressOf = (stderr: string) => stderr.split("\n").filter((line) => /^composio-drift: \[\d+\/\d+\] /.test(line));

describe("while prod's up is in flight", () => {
  it("three named stacks, --json: drift in staging, prod busy, dev clean: exit 1, one document, a progress line each", async () => {
    const result = await drift(["--stack", "dev", "--stack", "staging", "--stack", "prod", "--json"]);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(doc).toEqual({
      result: "drift",
      exitCode: 1,
      stacks: [
        { result: "clean", stack: "dev", drift: false, checked: 2, authConfigs: [], connections: expect.any(Array) },
        {
          result: "drift",
          stack: "staging",
          drift: true,
          checked: 2,
          authConfigs: [
            {
              resource: "github",
              urn: expect.stringMatching(/::github$/),
              id: expect.stringMatching(/^ac_/),
              toolkit: "github",
              change: "changed",
              properties: [{ path: "name", desired: "staging GitHub r0", live: "staging GitHub (edited by hand)" }],
            },
          ],
          connections: expect.any(Array),
        },
        {
          result: "busy",
          stack: "prod",
          busy: true,
          reason: expect.stringMatching(/^stack "prod" is locked by a running Pulumi operation \(by .*\(pid \d+\)/),
        },
      ],
    });
    // Held: prod's rename is on the server, its state does not have it; it is not reported as drift.
    expect((await composio.list()).some((config) => config.name === "prod GitHub r1")).toBe(true);
    expect(result.stderr).toContain("composio-drift: checking 3 stack(s), 3 at a time: dev, staging, prod");
    const progress = progressOf(result.stderr);
    expect(progress).toHaveLength(3);
    expect(progress.map((line) => line.replace(/^composio-drift: \[\d\/3\] /, "")).sort()).toEqual([
      "dev: clean (0/2 differ): 2 auth config(s) match the last up",
      expect.stringMatching(/^prod: busy: stack "prod" is locked/),
      "staging: drift (1/2 differ): github (changed)",
    ]);
    expect(progress.map((line) => line.slice(0, "composio-drift: [1/3]".length)).sort()).toEqual([
      "composio-drift: [1/3]",
      "composio-drift: [2/3]",
      "composio-drift: [3/3]",
    ]);
  });

  it("--all-stacks finds and reads the three with no `pulumi` command; the text has each stack's details and the table", async () => {
    // Every `pulumi` the command starts, logged by a wrapper first on PATH.
    const logged = path.join(env.dir, "pulumi-commands.log");
    const bin = path.join(env.dir, "logging-bin");
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\necho "$*" >> '${logged}'\nexec '${env.cli.pulumi}' "$@"\n`, { mode: 0o755 });
    const withLog = { ...env.envVars, PATH: `${bin}:${env.envVars.PATH}` };
    const result = await runDrift(["--all-stacks", "--parallel", "2"], { cwd: workDir, env: withLog });
    printed += result.stdout + result.stderr;
    // The file backend's stacks are its files, and so are their checkpoints (secrets opened in the process, with the
    // passphrase), PULUMI_BACKEND_URL names it: nothing for the CLI to do.
    expect(fs.existsSync(logged) ? fs.readFileSync(logged, "utf8") : "").toBe("");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("composio-drift: checking 3 stack(s), 2 at a time: dev, prod, staging");
    expect(result.stdout).toContain('No drift: the 2 auth config(s) of stack "dev" match the last `pulumi up`.');
    expect(result.stdout).toContain('Drift in stack "staging": 1 of 2 auth config(s) differ from the last `pulumi up`.');
    expect(result.stdout).toContain('    name: desired "staging GitHub r0", live "staging GitHub (edited by hand)"');
    expect(result.stdout).toMatch(/Stack "prod" not checked \(busy\): stack "prod" is locked by a running Pulumi operation/);
    const table = result.stdout.slice(result.stdout.indexOf("STACK ")).split("\n").slice(0, 4);
    expect(table[0]).toMatch(/^STACK +RESULT +DIFFERING +REASON$/);
    expect(table[1]).toMatch(/^dev +clean +0\/2 +2 auth config\(s\) match the last up$/);
    expect(table[2]).toMatch(/^prod +busy +- +stack "prod" is locked by a running Pulumi operation/);
    expect(table[3]).toMatch(/^staging +drift +1\/2 +github \(changed\)$/);
    expect(result.stdout).toMatch(/3 stack\(s\): 1 clean, 1 drift, 1 busy, 0 error, 0 not deployed\. Exit code 1: drift\.\n$/);
  });

  it("a name and a glob, busy besides clean: exit 3", async () => {
    const result = await drift(["--stack", "dev", "--stack", "pr*", "--json"]);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({
      result: "busy",
      exitCode: 3,
      stacks: [
        { stack: "dev", result: "clean" },
        { stack: "prod", result: "busy" },
      ],
    });
    expect(result.stderr).toContain("busy stacks were not checked. Run the drift check again when it has finished");
  });
});

describe("after prod's up", () => {
  beforeAll(async () => {
    proxy.release();
    expect((await heldUp!).ok).toBe(true);
  });

  it("a stack that cannot be checked and no drift: exit 4, the others still checked (prod clean now)", async () => {
    const result = await drift(["--stack", "prod", "--stack", "qa", "--stack", "dev", "--json"]);
    expect(result.code).toBe(4);
    expect(JSON.parse(result.stdout)).toEqual({
      result: "unchecked",
      exitCode: 4,
      stacks: [
        { result: "clean", stack: "prod", drift: false, checked: 2, authConfigs: [], connections: expect.any(Array) },
        { result: "error", stack: "qa", error: expect.stringContaining(`stack "qa" does not exist for the program in ${workDir}`) },
        { result: "clean", stack: "dev", drift: false, checked: 2, authConfigs: [], connections: expect.any(Array) },
      ],
    });
  });

  it("a glob matching no stack fails the run: exit 2, naming the stacks there are", async () => {
    const result = await drift(["--stack", "qa-*", "--json"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`composio-drift: --stack 'qa-*' matches none of the program's stacks in ${workDir} (its stacks: `);
    expect(JSON.parse(result.stdout)).toEqual({ error: expect.stringContaining("matches none of the program's stacks") });
  });

  afterAll(() => {
    expect(printed).not.toContain(API_KEY);
  });
});
