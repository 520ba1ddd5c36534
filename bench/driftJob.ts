/**
 * The platform's drift job: one `composio-drift --all-stacks --engine` over S stacks of N auth configs each, with
 * and without a rate limit on the API, beside the same job over S stacks of the same-shape floor (AuthConfig
 * resources whose provider does no API work: the engine's and the CLI's own cost of the job).
 * Wall time of the whole job (the bin as a pipeline runs it) and the auth-config requests it made.
 * Then the check's paths on the same stacks (issue 23): `pulumi refresh --preview-only` of one stack, beside
 * `composio-drift` of that stack from its checkpoint (the default) and through the engine (--engine), and the
 * same two over all S stacks, which share one Composio project. Twice: on stacks that record the API key (a secret
 * in the stack's config, so in its provider's state) and on S more stacks whose key comes from the environment
 * (COMPOSIO_API_KEY, as a pipeline usually sets it): what each set-up costs composio-drift to open.
 */
import { spawn } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, type PulumiCommand, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import { destroy, REPO_ROOT, setConfig, up, type ConfigInput, type E2eEnv } from "../testbed/harness";
import type { EmulatorProcess } from "./emulatorProcess";
import { PASSPHRASE_KEY } from "../cli/driftSecrets";
import { median } from "./report";
import { authConfigProgram, shapeFloorProgram, specs } from "./workload";

export interface DriftJobShape {
  stacks: number;
  n: number;
}

/** `BENCH_DRIFT_JOB` as "SxN" (e.g. "3x200"); "0" skips the case. */
export function parseDriftJobShape(text: string): DriftJobShape | undefined {
  if (text.trim() === "0") return undefined;
  const match = /^(\d+)x(\d+)$/.exec(text.trim());
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
    throw new Error(`BENCH_DRIFT_JOB must be "<stacks>x<configs per stack>", e.g. "3x200", or "0" to skip; got "${text}"`);
  }
  return { stacks: Number(match[1]), n: Number(match[2]) };
}

interface DriftJobRun {
  job: "floor" | "authConfig";
  /** Requests a second the API allowed, or undefined for none. */
  rps?: number;
  seconds: number;
  exitCode: number;
  authConfigRequests: number;
  throttled: number;
}

/** Where the stacks' API key comes from: their recorded config (`composio:apiKey`, a secret), or COMPOSIO_API_KEY. */
type KeyIn = "stack" | "env";

/**
 * One way of checking the stacks for drift, on the AuthConfig stacks with no API limit: `seconds` of each run. The
 * "key derivations" row is not a check: the S-1 keys that S stacks derive beyond one stack's (`extraKeysSeconds`).
 */
interface DriftPathRun {
  keyIn: KeyIn;
  check: "refresh --preview-only" | "composio-drift" | "composio-drift --engine" | "key derivations";
  stacks: number;
  seconds: number[];
  /** The 1-minute load average before each run. */
  loads: number[];
  /** The most auth-config requests one run made. */
  authConfigRequests: number;
}

export interface DriftJobResult extends DriftJobShape {
  parallel: number;
  /** The engine job's runs (floor and AuthConfig, with and without the limit); none with `npm run bench -- drift`. */
  runs: DriftJobRun[];
  paths: DriftPathRun[];
}

/** The engine job's stacks at once (the bin's default with --engine). */
const PARALLEL = 4;

const DRIFT_BIN = path.join(REPO_ROOT, "dist", "cli", "drift.js");

/** `command args` in `cwd`: its exit code and everything it printed. */
function run(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
  });
}

/** S stacks of one project in one directory (composio-drift finds them there), each brought up with N configs. */
async function makeStacks(
  env: E2eEnv,
  pulumiCommand: PulumiCommand,
  project: string,
  program: PulumiFn,
  shape: DriftJobShape,
  config: ConfigInput,
  envVars: Record<string, string> = env.envVars,
): Promise<{ workDir: string; stacks: Stack[] }> {
  const workDir = env.newWorkDir(project);
  const stacks: Stack[] = [];
  for (let i = 0; i < shape.stacks; i++) {
    const stack = await LocalWorkspace.createOrSelectStack(
      { projectName: project, stackName: `s${i}`, program },
      { envVars, pulumiCommand, workDir },
    );
    await setConfig(stack, config);
    await up(stack);
    stacks.push(stack);
  }
  return { workDir, stacks };
}

/**
 * `engineJob`: also the engine job over the floor's and the AuthConfig stacks, with and without the limit (off for
 * `npm run bench -- drift`, which measures the check's paths alone); `runs`: how many times each fast path runs.
 */
export async function benchDriftJob(
  env: E2eEnv,
  pulumiCommand: PulumiCommand,
  emulator: EmulatorProcess,
  shape: DriftJobShape,
  config: ConfigInput,
  options: { rps: number; engineJob: boolean; runs: number },
  log: (line: string) => void,
): Promise<DriftJobResult> {
  const current = () => specs(shape.n, 0);
  // The env set-up: the same key, not in the stacks' config but in the environment of every command.
  const { "composio:apiKey": apiKey, ...keyless } = config;
  const keyEnv = { ...env.envVars, COMPOSIO_API_KEY: typeof apiKey === "string" ? apiKey : apiKey!.value };
  const jobs = {
    floor: options.engineJob
      ? await makeStacks(env, pulumiCommand, "bench-drift-floor", shapeFloorProgram(current), shape, config)
      : undefined,
    authConfig: await makeStacks(env, pulumiCommand, "bench-drift", authConfigProgram(current), shape, config),
    envKey: await makeStacks(env, pulumiCommand, "bench-drift-env", authConfigProgram(current), shape, keyless, keyEnv),
  };
  const onPath = { PATH: `${path.dirname(env.cli.pulumi)}${path.delimiter}${process.env.PATH ?? ""}` };
  const binEnv = { ...env.envVars, ...onPath };
  const runs: DriftJobRun[] = [];
  const paths: DriftPathRun[] = [];
  try {
    for (const limit of options.engineJob ? [undefined, options.rps] : []) {
      await emulator.control.rateLimit(limit ?? null);
      for (const job of ["floor", "authConfig"] as const) {
        await emulator.control.clearStats();
        const started = process.hrtime.bigint();
        const args = [DRIFT_BIN, "--all-stacks", "--engine", "--parallel", String(PARALLEL), "--json"];
        const { code, output } = await run(process.execPath, args, jobs[job]!.workDir, binEnv);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        // Clean is the only right answer: anything else measured a different job.
        if (code !== 0) throw new Error(`drift job over ${job} stacks exited ${code}:\n${output}`);
        const requests = await emulator.control.requests();
        const authConfigRequests = requests.filter((r) => r.route.includes("/auth_configs")).length;
        const throttled = requests.filter((r) => r.status === 429).length;
        runs.push({ job, rps: limit, seconds, exitCode: code, authConfigRequests, throttled });
        log(
          `drift job ${shape.stacks}x${shape.n} ${job}${limit ? ` at ${limit} req/s` : ""}: ${seconds.toFixed(2)} s, ${authConfigRequests} auth-config requests (${throttled} answered 429)`,
        );
      }
    }
    await emulator.control.rateLimit(null);
    // Both set-ups' stacks are in the one project the key lists: each check's listing pages through both.
    paths.push(...(await benchDriftPaths(env, emulator, shape, "stack", jobs.authConfig.workDir, binEnv, options.runs, log)));
    paths.push(...(await benchDriftPaths(env, emulator, shape, "env", jobs.envKey.workDir, { ...keyEnv, ...onPath }, options.runs, log)));
  } finally {
    await emulator.control.rateLimit(null);
    for (const job of Object.values(jobs)) for (const stack of job?.stacks ?? []) await destroy(stack);
  }
  return { ...shape, parallel: PARALLEL, runs, paths };
}

/**
 * What a key recorded in each stack costs S stacks beyond one: Pulumi's passphrase provider gives every stack its own
 * salt (a key per stack, by design: pulumi/pulumi#769), so S stacks derive S keys (PBKDF2-SHA256, 1,000,000 rounds;
 * cli/driftSecrets.ts) where one stack derives one. `count` derivations at once, as composio-drift runs them (on
 * libuv's threads), in a Node.js process of the same binary, timed inside it (no start-up): the floor those extra
 * keys set on this machine, measured in the same rounds as the checks.
 */
async function extraKeysSeconds(count: number): Promise<number> {
  const { rounds, bytes, digest } = PASSPHRASE_KEY;
  const script =
    `const { pbkdf2 } = require("node:crypto"); const started = process.hrtime.bigint();` +
    `Promise.all(Array.from({ length: ${count} }, (_, i) => new Promise((resolve, reject) =>` +
    ` pbkdf2("passphrase", Buffer.from("salt-" + i), ${rounds}, ${bytes}, "${digest}", (e, key) => (e ? reject(e) : resolve(key))))))` +
    `.then(() => console.log(Number(process.hrtime.bigint() - started) / 1e9));`;
  const { code, output } = await run(process.execPath, ["-e", script], REPO_ROOT, {});
  const seconds = Number(output.trim());
  if (code !== 0 || !Number.isFinite(seconds)) throw new Error(`timing ${count} key derivations failed (exit ${code}):\n${output}`);
  return seconds;
}

/**
 * Each way of checking, on stacks that are clean (anything but exit 0 measured a different job): the engine's refresh
 * of one stack and composio-drift of one and of all stacks `runs` times, in rounds that rotate which goes first;
 * composio-drift --engine (one stack, all stacks) once, in the first round.
 */
async function benchDriftPaths(
  env: E2eEnv,
  emulator: EmulatorProcess,
  shape: DriftJobShape,
  keyIn: KeyIn,
  workDir: string,
  binEnv: Record<string, string>,
  runs: number,
  log: (line: string) => void,
): Promise<DriftPathRun[]> {
  const one = ["--stack", "s0"];
  // The bin's default of stacks at once for the way it checks (all five from the file backend's checkpoints).
  const all = ["--all-stacks"];
  const cases: { check: DriftPathRun["check"]; stacks: number; command: string; args: string[]; everyRound: boolean }[] = [
    // PULUMI_SKIP_CONFIRMATIONS stays as the environment has it: --preview-only needs no confirmation.
    {
      check: "refresh --preview-only",
      stacks: 1,
      command: env.cli.pulumi,
      args: ["refresh", "--preview-only", "--expect-no-changes", "--non-interactive", ...one],
      everyRound: true,
    },
    { check: "composio-drift", stacks: 1, command: process.execPath, args: [DRIFT_BIN, ...one], everyRound: true },
    { check: "composio-drift", stacks: shape.stacks, command: process.execPath, args: [DRIFT_BIN, ...all], everyRound: true },
    { check: "composio-drift --engine", stacks: 1, command: process.execPath, args: [DRIFT_BIN, ...one, "--engine"], everyRound: false },
    {
      check: "composio-drift --engine",
      stacks: shape.stacks,
      command: process.execPath,
      args: [DRIFT_BIN, ...all, "--engine"],
      everyRound: false,
    },
  ];
  const results: DriftPathRun[] = cases.map(({ check, stacks }) => ({
    keyIn,
    check,
    stacks,
    seconds: [],
    loads: [],
    authConfigRequests: 0,
  }));
  const extraKeys: DriftPathRun = {
    keyIn,
    check: "key derivations",
    stacks: shape.stacks - 1,
    seconds: [],
    loads: [],
    authConfigRequests: 0,
  };
  for (let round = 0; round < Math.max(1, runs); round++) {
    if (keyIn === "stack" && extraKeys.stacks > 0) {
      extraKeys.loads.push(os.loadavg()[0]!);
      extraKeys.seconds.push(await extraKeysSeconds(extraKeys.stacks));
      log(`drift check (key in stack): ${extraKeys.stacks} key derivations at once: ${extraKeys.seconds.at(-1)!.toFixed(2)} s`);
    }
    const order = cases.map((_, i) => (i + round) % cases.length).filter((i) => cases[i]!.everyRound || round === 0);
    for (const i of order) {
      const { check, stacks, command, args } = cases[i]!;
      await emulator.control.clearStats();
      const load = os.loadavg()[0]!;
      const started = process.hrtime.bigint();
      const { code, output } = await run(command, args, workDir, binEnv);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) throw new Error(`${check} over ${stacks} stack(s) exited ${code}:\n${output}`);
      const authConfigRequests = (await emulator.control.requests()).filter((r) => r.route.includes("/auth_configs")).length;
      const result = results[i]!;
      result.seconds.push(seconds);
      result.loads.push(load);
      result.authConfigRequests = Math.max(result.authConfigRequests, authConfigRequests);
      log(
        `drift check (key in ${keyIn}) ${check}, ${stacks} stack(s) x ${shape.n}: ${seconds.toFixed(2)} s, ` +
          `${authConfigRequests} auth-config requests (load ${load.toFixed(2)})`,
      );
    }
  }
  return extraKeys.seconds.length > 0 ? [...results, extraKeys] : results;
}

/** The report's table: each job beside the floor's, with and without the limit. */
export function driftJobTable(result: DriftJobResult): string {
  const { stacks, n } = result;
  if (result.runs.length === 0) return driftPathsTable(result).join("\n");
  const find = (job: DriftJobRun["job"], rps: number | undefined) => result.runs.find((r) => r.job === job && r.rps === rps);
  const lines = [
    `Drift job: \`composio-drift --all-stacks --engine --parallel ${result.parallel}\` over ${stacks} stacks x ${n} auth configs (one project, file backend).`,
    "",
    "| API limit | floor job | AuthConfig job | to the floor | to no limit | auth-config requests | per stack (a refresh lists every config the key sees, 200 a page) | 429s |",
    "|---|---|---|---|---|---|---|---|",
  ];
  const unlimited = find("authConfig", undefined);
  for (const rps of [...new Set(result.runs.map((r) => r.rps))]) {
    const floor = find("floor", rps);
    const job = find("authConfig", rps);
    if (!floor || !job) continue;
    lines.push(
      `| ${rps ? `${rps} req/s` : "none"} | ${floor.seconds.toFixed(2)} s | ${job.seconds.toFixed(2)} s | ${(job.seconds / floor.seconds).toFixed(2)}x | ` +
        `${unlimited ? `${(job.seconds / unlimited.seconds).toFixed(2)}x` : "-"} | ` +
        `${job.authConfigRequests} | ${(job.authConfigRequests / stacks).toFixed(1)} | ${job.throttled} |`,
    );
  }
  return [...lines, "", ...driftPathsTable(result)].join("\n");
}

/**
 * The check's paths on the same stacks: each run's median against the engine's refresh of one stack; the issue's
 * targets, for each set-up (the key in the stacks' config, the key in the environment).
 */
function driftPathsTable({ n, stacks, paths }: DriftJobResult): string[] {
  const setUps = [...new Set(paths.map((p) => p.keyIn))];
  // Every set-up's stacks are in the one project the key lists: a run lists all their configs, 200 a page.
  const projectConfigs = setUps.length * stacks * n;
  const find = (keyIn: KeyIn, check: DriftPathRun["check"], count: number) =>
    paths.find((p) => p.keyIn === keyIn && p.check === check && p.stacks === count && p.seconds.length > 0);
  const ratio = (a: DriftPathRun | undefined, b: DriftPathRun | undefined) => (a && b ? median(a.seconds) / median(b.seconds) : undefined);
  const shown = (x: number | undefined) => (x === undefined ? "-" : `${x.toFixed(2)}x`);
  const perProject = (p: DriftPathRun) => ((p.authConfigRequests * 200) / projectConfigs).toFixed(2);
  const target = (met: boolean | undefined, text: string) => `- ${met === undefined ? "not measured" : met ? "met" : "NOT met"}: ${text}`;
  const keyText = (keyIn: KeyIn) => (keyIn === "stack" ? "recorded in each stack (`composio:apiKey`, secret)" : "in COMPOSIO_API_KEY");
  const targets = setUps.flatMap((keyIn) => {
    const [refresh, one, all] = [
      find(keyIn, "refresh --preview-only", 1),
      find(keyIn, "composio-drift", 1),
      find(keyIn, "composio-drift", stacks),
    ];
    const [toRefresh, toOne] = [ratio(one, refresh), ratio(all, one)];
    const listing = all ? all.authConfigRequests <= Math.ceil(projectConfigs / 200) : undefined;
    const keys = find(keyIn, "key derivations", stacks - 1);
    // A recorded key: the other stacks' own keys are Pulumi's per-stack cost, the floor measured beside the checks.
    const beyondKeys = keys && all && one ? (median(all.seconds) - median(keys.seconds)) / median(one.seconds) : undefined;
    const scaling = keys
      ? target(
          beyondKeys === undefined ? undefined : beyondKeys <= 1.5,
          `${stacks} stacks of one project at most 1.5x one stack beside their ${stacks - 1} more keys ` +
            `(${median(keys.seconds).toFixed(2)} s at once, measured in the same rounds): ${shown(beyondKeys)} (${shown(toOne)} with them)`,
        )
      : target(toOne === undefined ? undefined : toOne <= 1.5, `${stacks} stacks of one project at most 1.5x one stack: ${shown(toOne)}`);
    return [
      `Key ${keyText(keyIn)}:`,
      target(toRefresh === undefined ? undefined : toRefresh <= 0.5, `one stack at most 0.5x the engine's refresh: ${shown(toRefresh)}`),
      scaling,
      target(listing, `1 listing request per 200 configs of the project: ${all ? `${all.authConfigRequests} for ${projectConfigs}` : "-"}`),
    ];
  });
  return [
    `Drift check: each way on the same clean stacks of ${n} auth configs (one Composio project of ${projectConfigs} configs: ` +
      `${setUps.length} set-up(s) x ${stacks} stacks, no API limit); median of the runs (min-max), with the 1-minute load average before them.`,
    "",
    "| API key | check | stacks | runs | median | min-max | to `refresh --preview-only` of one stack | load | auth-config requests " +
      "| per 200 configs of the project |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...paths
      .filter((p) => p.seconds.length > 0)
      .map((p) => {
        const name =
          p.check === "refresh --preview-only"
            ? "pulumi refresh --preview-only"
            : p.check === "key derivations"
              ? `${p.stacks} key derivations at once (not a check: the floor of the other stacks' keys)`
              : p.check;
        const range = `${Math.min(...p.seconds).toFixed(2)}-${Math.max(...p.seconds).toFixed(2)} s`;
        const loads = `${Math.min(...p.loads).toFixed(1)}-${Math.max(...p.loads).toFixed(1)}`;
        return (
          `| ${p.keyIn === "stack" ? "recorded" : "env"} | \`${name}\` | ${p.stacks} | ${p.seconds.length} | ${median(p.seconds).toFixed(2)} s | ${range} | ` +
          `${shown(ratio(p, find(p.keyIn, "refresh --preview-only", 1)))} | ${loads} | ` +
          `${p.authConfigRequests} | ${perProject(p)} |`
        );
      }),
    "",
    "Targets (issue 23):",
    ...targets,
  ];
}
