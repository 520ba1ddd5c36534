/**
 * Helpers for the end-to-end suites: the real Pulumi CLI (toolchain/ensure-pulumi.sh), driven through the
 * Automation API, in an isolated environment per test file.
 *
 *   let env: E2eEnv;
 *   beforeAll(async () => { env = await createE2eEnv("lifecycle"); }, 15 * 60_000); // a cold CLI build takes minutes
 *   afterAll(() => env?.cleanup());
 *
 *   const stack = await env.inlineStack({ projectName: "p", program: async () => { ... } });
 *   await setConfig(stack, { "composio:apiKey": { value: "k", secret: true } });
 *   const r = await up(stack);            // throws (with the whole CLI output) unless { allowFailure: true }
 *   const state = await env.exportStack(stack);   // plain `pulumi stack export` (no --show-secrets)
 *
 * Isolation: everything lives in one temp dir under <repo>/.cache/e2e/ (gitignored): the file backend, PULUMI_HOME
 * and the stacks' working directories. They are inside the repository on purpose: the provider code that
 * `__provider` loads by package name (`require("pulumi-composio/...")`) resolves from the provider process's
 * directory, as it does in a user's repository. For local programs that is the stack's working directory; for
 * inline programs it is this (jest's) process's directory, the repository root.
 * Set E2E_KEEP=1 to keep the temp dir after the run (its path is printed).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
  ConfigValue,
  DestroyOptions,
  LocalWorkspace,
  LocalWorkspaceOptions,
  PreviewOptions,
  PulumiCommand,
  PulumiFn,
  RefreshOptions,
  Stack,
  UpOptions,
} from "@pulumi/pulumi/automation";

export const REPO_ROOT = path.resolve(__dirname, "..");

/**
 * This process's PATH without the repository's node_modules/.bin, which `npm test` and `npx jest` put first: it
 * links the `composio` plugin's launcher (scripts/link-self.js), and a test decides itself where the CLI finds the
 * plugin (a `pathDirs` entry, or `pulumi plugin install`).
 */
export function inheritedPath(): string {
  const repoBin = path.join(REPO_ROOT, "node_modules", ".bin");
  return (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => path.resolve(dir || ".") !== repoBin)
    .join(path.delimiter);
}

/**
 * Inline programs run in this (jest's) process, one after another, each with its own engine listening on a new
 * 127.0.0.1 port. The SDK opens new gRPC clients to that engine for every run and never closes them in Automation
 * API runs, and grpc-js by default shares subchannels (connections) between all the channels of a process, keyed by
 * address. So when the kernel gives a new engine a port that an earlier, finished run's engine had, the new client
 * inherits that dead subchannel in transient failure, and the program's first call (3.276's `getDeploymentInfo`,
 * 3.248's `supportsFeature`) fails at once: `14 UNAVAILABLE: No connection established. Last error: null`. The SDK
 * swallows a gRPC error from the program, so the run ends as a success with no resources (a preview that should
 * fail passes), and the rejection then fails whatever test runs next. Rare with 28,000 ephemeral ports, certain with
 * a few hundred (see scripts/flake-loop.sh). A subchannel pool per channel ("grpc.use_local_subchannel_pool") gives
 * every client a fresh connection. `grpcClientOptions` is the options object the SDK passes to every client it
 * makes (internal to the SDK, the same in 3.248 and 3.276): checked, so that an SDK without it fails here loudly.
 */
function isolateGrpcConnectionsPerClient(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module of the SDK, untyped
  const settings = require("@pulumi/pulumi/runtime/settings") as { grpcClientOptions?: Record<string, unknown> };
  if (typeof settings.grpcClientOptions !== "object" || settings.grpcClientOptions === null) {
    throw new Error("@pulumi/pulumi/runtime/settings has no grpcClientOptions: the e2e harness cannot isolate gRPC connections per client");
  }
  settings.grpcClientOptions["grpc.use_local_subchannel_pool"] = 1;
}
isolateGrpcConnectionsPerClient();
const ENSURE_SCRIPT = path.join(REPO_ROOT, "toolchain", "ensure-pulumi.sh");

export interface PulumiCli {
  /** Directory to put first on PATH: `pulumi` and the plugins `pulumi-resource-pulumi-nodejs`, `pulumi-language-nodejs`. */
  binDir: string;
  /** The `pulumi` executable. */
  pulumi: string;
  command: PulumiCommand;
}

let cliPromise: Promise<PulumiCli> | undefined;

/**
 * Runs toolchain/ensure-pulumi.sh once per process (it builds the CLI with Go when needed; its progress is shown on
 * stderr). Rejects with the script's own message when no CLI can be had: the suites fail, they are never skipped.
 */
export function ensurePulumi(): Promise<PulumiCli> {
  cliPromise ??= (async () => {
    const { code, stdout, stderr } = await exec("bash", [ENSURE_SCRIPT], { cwd: REPO_ROOT, echoStderr: true });
    if (code !== 0) {
      throw new Error(`toolchain/ensure-pulumi.sh failed (exit ${code}); the e2e tests need the Pulumi CLI:\n${stderr}`);
    }
    const binDir = stdout.trim().split("\n").pop()!;
    const pulumi = path.join(binDir, "pulumi");
    // PulumiCommand wants <root>/bin/pulumi and checks the version against the SDK's minimum.
    const command = await PulumiCommand.get({ root: path.dirname(binDir) });
    return { binDir, pulumi, command };
  })();
  return cliPromise;
}

export type ConfigInput = Record<string, string | ConfigValue>;

/** Output of one CLI operation: `output` is everything the CLI printed (stdout and stderr, in arrival order). */
export interface OpResult {
  ok: boolean;
  output: string;
  /** The Automation API error when `ok` is false. */
  error?: Error;
  outputs?: Record<string, { value: unknown; secret: boolean }>;
  /** Per-operation counts, e.g. { create: 2 } or { same: 3 } (from the update summary or the preview). */
  changes?: Record<string, number>;
}

interface CaptureOptions {
  /** Return `ok: false` instead of throwing when the operation fails. */
  allowFailure?: boolean;
  /** Pass --debug (debug diagnostics in the output). */
  debug?: boolean;
  /** Engine log level (-v N, logs on stderr, captured in `output`). High levels log RPC payloads. */
  logVerbosity?: number;
}
export type UpOpts = CaptureOptions & Omit<UpOptions, "onOutput" | "onError">;
export type PreviewOpts = CaptureOptions & Omit<PreviewOptions, "onOutput" | "onError">;
export type RefreshOpts = CaptureOptions & Omit<RefreshOptions, "onOutput" | "onError">;
export type DestroyOpts = CaptureOptions & Omit<DestroyOptions, "onOutput" | "onError">;

export interface E2eEnv {
  /** The temp dir holding everything below. */
  readonly dir: string;
  /** The state backend: `file://...` in `dir` unless createE2eEnv was given one (e.g. testbed/postgres.ts). */
  readonly backendUrl: string;
  readonly pulumiHome: string;
  /** The environment given to every CLI run (also usable with `pulumi(...)` or child processes). */
  readonly envVars: Record<string, string>;
  readonly cli: PulumiCli;
  /** A new empty directory inside `dir`. */
  newWorkDir(label?: string): string;
  /** Create (or select) a stack of an inline program; its working directory is a new dir inside `dir`. */
  inlineStack(opts: { projectName: string; program: PulumiFn; stackName?: string; config?: ConfigInput }): Promise<Stack>;
  /**
   * Create (or select) a stack of the local program in `programDir` (a Pulumi.yaml with `runtime: nodejs`), run by
   * the CLI through the Node.js language host. The program directory is not written to: the stack lives in a new
   * working dir whose Pulumi.yaml is the program's with `main` pointing back at the program.
   */
  localStack(opts: { programDir: string; stackName?: string; config?: ConfigInput }): Promise<Stack>;
  /** Run the CLI with this environment (cwd defaults to `dir`). Never throws on a non-zero exit. */
  pulumi(args: string[], opts?: { cwd?: string }): Promise<{ code: number; stdout: string; stderr: string }>;
  /** `pulumi stack export` (secrets stay encrypted): the raw text and the parsed deployment. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the checkpoint's JSON, which tests walk freely
  exportStack(stack: Stack): Promise<{ text: string; deployment: any }>;
  /** Remove the temp dir (unless E2E_KEEP=1). */
  cleanup(): Promise<void>;
}

/**
 * An isolated Pulumi environment for one test file; `label` names its temp dir. `backendUrl`: another state backend
 * than the private file backend (its stacks are the test's to isolate).
 */
export async function createE2eEnv(
  label = "e2e",
  opts: { passphrase?: string; env?: Record<string, string>; backendUrl?: string } = {},
): Promise<E2eEnv> {
  const cli = await ensurePulumi();
  const base = path.join(REPO_ROOT, ".cache", "e2e");
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, `${label.replace(/[^\w.-]/g, "_")}-`));
  const stateDir = path.join(dir, "state");
  const pulumiHome = path.join(dir, "home");
  if (!opts.backendUrl) fs.mkdirSync(stateDir);
  fs.mkdirSync(pulumiHome);
  const backendUrl = opts.backendUrl ?? `file://${stateDir}`;
  const envVars: Record<string, string> = {
    PULUMI_BACKEND_URL: backendUrl,
    PULUMI_HOME: pulumiHome,
    PULUMI_CONFIG_PASSPHRASE: opts.passphrase ?? "e2e-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // The plugins are found on PATH ("ambient"), so ambient plugins must stay allowed.
    PULUMI_IGNORE_AMBIENT_PLUGINS: "false",
    PATH: `${cli.binDir}${path.delimiter}${inheritedPath()}`,
    // TypeScript programs run by the CLI (the root program, the examples) are transpiled by the SDK's ts-node, not
    // type-checked on every engine run: `npm test` type-checks them once per leg, as ts-node would
    // (tsconfig.programs.json, in `npm run typecheck`). Measured 2026-12-07: 2.6 -> 1.4 CPU-s per program run
    // (examples + harness e2e files, 15 runs: 116 -> 98 CPU-s in all). Users' own runs (the docs runner's too) still
    // type-check.
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    ...opts.env,
  };
  let workDirs = 0;
  const wsOptions = (extra: Partial<LocalWorkspaceOptions> = {}): LocalWorkspaceOptions => ({
    envVars,
    pulumiCommand: cli.command,
    ...extra,
  });

  const env: E2eEnv = {
    dir,
    backendUrl,
    pulumiHome,
    envVars,
    cli,
    newWorkDir(name = "work") {
      const d = path.join(dir, `${name}-${++workDirs}`);
      fs.mkdirSync(d, { recursive: true });
      return d;
    },
    async inlineStack({ projectName, program, stackName = "test", config }) {
      const stack = await LocalWorkspace.createOrSelectStack(
        { projectName, stackName, program: reportingErrors(program) },
        wsOptions({ workDir: env.newWorkDir(projectName) }),
      );
      if (config) await setConfig(stack, config);
      return stack;
    },
    async localStack({ programDir, stackName = "test", config }) {
      const source = await LocalWorkspace.create(wsOptions({ workDir: path.resolve(programDir) }));
      const settings = await source.projectSettings();
      const workDir = env.newWorkDir(settings.name);
      const main = path.relative(workDir, path.resolve(programDir, settings.main ?? "."));
      const stack = await LocalWorkspace.createOrSelectStack(
        { stackName, workDir },
        wsOptions({ workDir, projectSettings: { ...settings, main } }),
      );
      if (config) await setConfig(stack, config);
      return stack;
    },
    async pulumi(args, { cwd = dir } = {}) {
      return exec(cli.pulumi, args, { cwd, env: { ...process.env, ...envVars } });
    },
    async exportStack(stack) {
      const r = await env.pulumi(["stack", "export", "--stack", stack.name], { cwd: stack.workspace.workDir });
      if (r.code !== 0) throw new Error(`pulumi stack export failed:\n${r.stdout}${r.stderr}`);
      return { text: r.stdout, deployment: JSON.parse(r.stdout) };
    },
    async cleanup() {
      if (process.env.E2E_KEEP === "1") {
        process.stderr.write(`E2E_KEEP=1: kept ${dir}\n`);
        return;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return env;
}

/**
 * An inline program that throws makes the Automation API fail the update *and* leaves an unhandled rejection in
 * this process, which jest reports as a failure of the whole file. Instead, log the error to the engine (the update
 * then fails with that message in its output, as a local program's would) and end the program normally.
 */
function reportingErrors(program: PulumiFn): PulumiFn {
  return async () => {
    try {
      return await program();
    } catch (e) {
      await pulumi.log.error(`the program failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return undefined;
    }
  };
}

/** Set stack config; `{ value, secret: true }` for secrets. `path: true` reads keys as paths (`a.b[0].c`). */
export async function setConfig(stack: Stack, config: ConfigInput, opts: { path?: boolean } = {}): Promise<void> {
  for (const [key, v] of Object.entries(config)) {
    await stack.setConfig(key, typeof v === "string" ? { value: v } : v, opts.path);
  }
}

export function up(stack: Stack, opts: UpOpts = {}): Promise<OpResult> {
  return capture("up", opts, async (o) => {
    const r = await stack.up({ ...strip(opts), ...o });
    return { outputs: r.outputs, changes: r.summary.resourceChanges };
  });
}

export function preview(stack: Stack, opts: PreviewOpts = {}): Promise<OpResult> {
  return capture("preview", opts, async (o) => {
    const r = await stack.preview({ ...strip(opts), ...o });
    return { changes: r.changeSummary };
  });
}

export function refresh(stack: Stack, opts: RefreshOpts = {}): Promise<OpResult> {
  return capture("refresh", opts, async (o) => {
    const r = await stack.refresh({ ...strip(opts), ...o });
    return { changes: r.summary.resourceChanges };
  });
}

export function destroy(stack: Stack, opts: DestroyOpts = {}): Promise<OpResult> {
  return capture("destroy", opts, async (o) => {
    const r = await stack.destroy({ ...strip(opts), ...o });
    return { changes: r.summary.resourceChanges };
  });
}

function strip<T extends CaptureOptions>(opts: T): Omit<T, "allowFailure"> {
  const { allowFailure: _ignored, ...rest } = opts;
  return rest;
}

interface StreamOptions {
  onOutput: (s: string) => void;
  onError: (s: string) => void;
  color: "never";
  logToStdErr?: boolean;
}

async function capture(
  op: string,
  opts: CaptureOptions,
  run: (o: StreamOptions) => Promise<Pick<OpResult, "outputs" | "changes">>,
): Promise<OpResult> {
  let output = "";
  const streams: StreamOptions = {
    onOutput: (s) => (output += s),
    onError: (s) => (output += s),
    color: "never",
    ...(opts.logVerbosity ? { logToStdErr: true } : {}),
  };
  try {
    const result = await run(streams);
    return { ok: true, output, ...result };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    // A CommandError's message repeats the CLI's stdout and stderr (already in `output`) with the exit code.
    if (!opts.allowFailure) {
      throw new Error(`pulumi ${op} failed:\n${output || error.message}\n${output ? error.message.split("\n")[0] : ""}`);
    }
    return { ok: false, output: output || error.message, error };
  }
}

function exec(
  command: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; echoStderr?: boolean },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (opts.echoStderr) process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
