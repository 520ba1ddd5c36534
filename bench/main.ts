/**
 * `npm run bench`: the cost of AuthConfig beside the engine's floor (the same N resources of a no-op
 * dynamic provider), with the same CLI, on the same machine, in the same run. See BENCHMARKS.md.
 * Run from its sources by toolchain/run-ts.js (the repository's TypeScript script runner);
 * `tsc -p bench/tsconfig.json` checks its types first.
 *
 * Environment: BENCH_SIZES (default "50,200"), BENCH_RUNS (runs of the operations that change nothing,
 * default 5), BENCH_BACKENDS (default "file"; "file,postgres" runs everything again on a PostgreSQL server
 * the benchmark starts, as testbed/postgres.ts does), BENCH_OPERATIONS (default all of
 * "create,refresh,preview,up,update,destroy,ratelimit"; create always runs), BENCH_DRIFT_JOB (the drift
 * job's stacks x configs, default "5x200"; "0" skips it), BENCH_PACKAGE (the configs of the dynamic provider
 * vs package case, default 200; "0" skips it), BENCH_MCP (the MCP servers of the MCP case, each over its own auth
 * config, default 50; "0" skips it), E2E_KEEP=1 keeps the stacks' temp dir. See
 * BENCHMARKS.md for the commands behind its tables. `npm run bench -- drift` runs the drift check's rows alone
 * (bench/driftJob.ts: BENCH_DRIFT_JOB's stacks, BENCH_RUNS runs of each way of checking, BENCH_BACKENDS).
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import { join } from "node:path";
import { LocalWorkspace, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import {
  createE2eEnv,
  destroy,
  ensurePulumi,
  preview,
  refresh,
  REPO_ROOT,
  setConfig,
  up,
  type ConfigInput,
  type E2eEnv,
  type OpResult,
} from "../testbed/harness";
import { startPostgres, type TestPostgres } from "../testbed/postgres";
import { startEmulatorProcess, type EmulatorProcess } from "./emulatorProcess";
import { timedCli, type TimedCli } from "./timedCli";
import { processCpu, sampleProviderProcesses } from "./processes";
import {
  BACKENDS,
  OPERATION_KEYS,
  STACKS,
  backendSection,
  type Backend,
  type BackendResult,
  type Operation,
  type OperationKey,
  type OperationResult,
  type McpCaseResult,
  type PackageCaseResult,
  type RateLimitResult,
  type Sample,
  type SizeResult,
  type StackKind,
  type StateSize,
} from "./report";
import { benchDriftJob, parseDriftJobShape, type DriftJobResult } from "./driftJob";
import { benchPackage, parsePackageSize } from "./packageCase";
import { benchMcp, parseMcpSize } from "./mcpCase";
import type { CaseHarness } from "./stackCase";
import { authConfigProgram, floorProgram, shapeFloorProgram, specs, toolkitCount, type Spec } from "./workload";

const API_KEY = "bench-api-key-5c1e";
// "0" runs none of the sizes (e.g. for the drift job or the package case alone).
const SIZES = (process.env.BENCH_SIZES ?? "50,200")
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RUN_BACKENDS = listFromEnv("BENCH_BACKENDS", ["file"], BACKENDS);
const RUN_OPERATIONS = new Set(listFromEnv("BENCH_OPERATIONS", OPERATION_KEYS, OPERATION_KEYS));
const RATE_LIMIT = { n: 200, rps: 20 };
const DRIFT_JOB = parseDriftJobShape(process.env.BENCH_DRIFT_JOB ?? "5x200");
/** `npm run bench -- drift`: the drift check's rows alone (BENCH_DRIFT_JOB's stacks, BENCH_RUNS runs of each path). */
const DRIFT_ONLY = parseMode(process.argv.slice(2));

function parseMode(args: readonly string[]): boolean {
  if (args.length === 0) return false;
  if (args.length === 1 && args[0] === "drift") return true;
  throw new Error(`usage: npm run bench [-- drift]; got ${args.join(" ")}`);
}
const PACKAGE_N = parsePackageSize(process.env.BENCH_PACKAGE ?? "200");
const MCP_N = parseMcpSize(process.env.BENCH_MCP ?? "50");

const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

/** A comma-separated list from the environment, each entry one of `allowed` (a typo fails before anything runs). */
function listFromEnv<T extends string>(name: string, fallback: readonly T[], allowed: readonly T[]): T[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return [...fallback];
  const entries = raw.split(",").map((entry) => entry.trim());
  const unknown = entries.filter((entry) => !(allowed as readonly string[]).includes(entry));
  if (unknown.length > 0)
    throw new Error(`${name}: unknown ${unknown.map((u) => `"${u}"`).join(", ")}; use a comma-separated list of ${allowed.join(", ")}`);
  return entries as T[];
}

/** Where a stack's checkpoint is kept, relative to the backend: `.pulumi/stacks/<project>/<stack>.json`. */
async function checkpointKey(stack: Stack): Promise<string> {
  const project = (await stack.workspace.projectSettings()).name;
  return join(".pulumi", "stacks", project, `${stack.name}.json`);
}

/**
 * The bytes the backend stores for a stack: the file on the file backend; on PostgreSQL the row of Pulumi's
 * `pulumi_state` table (the checkpoint base64-encoded inside a JSON value, rewritten whole like the file).
 */
function stateBytesOf(backendUrl: string, postgres: TestPostgres | undefined): (stack: Stack) => Promise<number> {
  if (!postgres) return async (stack) => statSync(join(new URL(backendUrl).pathname, await checkpointKey(stack))).size;
  return async (stack) => {
    const key = await checkpointKey(stack);
    const [row] = await postgres.query<{ bytes: number }>("SELECT octet_length(data::text) AS bytes FROM pulumi_state WHERE key LIKE $1", [
      `%${key}`,
    ]);
    if (!row) throw new Error(`no pulumi_state row for ${key}`);
    return Number(row.bytes);
  };
}

async function stateSize(bench: Bench, stack: Stack): Promise<StateSize> {
  const { deployment } = await bench.env.exportStack(stack);
  const resources: { inputs: Record<string, unknown>; outputs?: Record<string, unknown> }[] = deployment.deployment.resources.filter(
    (r: { inputs?: { __provider?: unknown } }) => r.inputs?.__provider,
  );
  const [resource] = resources;
  const text = resource.inputs.__provider as string;
  return {
    bytes: await bench.stateBytes(stack),
    properties: resources.reduce((sum, r) => sum + Object.keys(r.inputs).length, 0) / resources.length,
    providerBytes: Buffer.byteLength(text),
    providerCopies: [resource.inputs, resource.outputs].filter((props) => props?.__provider === text).length,
  };
}

interface Bench {
  env: E2eEnv;
  stateBytes: (stack: Stack) => Promise<number>;
  emulator: EmulatorProcess;
  cli: TimedCli;
}

/** An operation: the harness's call and the CLI command it runs. */
interface Op {
  command: "up" | "preview" | "refresh" | "destroy";
  run: (stack: Stack) => Promise<OpResult>;
}
const UP: Op = { command: "up", run: up };
const PREVIEW: Op = { command: "preview", run: preview };
const REFRESH: Op = { command: "refresh", run: refresh };
const DESTROY: Op = { command: "destroy", run: destroy };
const OPS = { up: UP, preview: PREVIEW, refresh: REFRESH, destroy: DESTROY };

/** The provider's settings: the emulator. (The floor's stacks get them too and ignore them.) */
function composioConfig(bench: Bench): ConfigInput {
  return { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": bench.emulator.url };
}

/** A stack of an inline program in the env's temp dir, run by the timed CLI. */
async function inlineStack(bench: Bench, projectName: string, stackName: string, program: PulumiFn, config: ConfigInput): Promise<Stack> {
  const workDir = bench.env.newWorkDir(projectName);
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName, stackName, program },
    { envVars: bench.env.envVars, pulumiCommand: bench.cli.command, workDir },
  );
  await setConfig(stack, config);
  return stack;
}

/** One operation on one stack: the CLI command's time, the processes' CPU, the provider's memory, the API calls. */
async function measure(bench: Bench, stack: Stack, op: Op, expected: Record<string, number>): Promise<Sample> {
  const { control } = bench.emulator;
  await control.clearStats();
  const cpuAtStart = {
    program: process.cpuUsage(),
    exited: await processCpu("self", "exited children"),
    emulator: await processCpu(bench.emulator.pid),
  };
  const sampler = sampleProviderProcesses();
  const result = await op.run(stack);
  const { startedAt, seconds } = bench.cli.lastRun(op.command);
  const usage = await sampler.stop();
  const programCpu = process.cpuUsage(cpuAtStart.program);
  const cpu = {
    // The CLI and every process it started, once it has exited; the provider's share is taken out.
    cli: (await processCpu("self", "exited children")) - cpuAtStart.exited - usage.cpuSeconds,
    program: (programCpu.user + programCpu.system) / 1e6,
    provider: usage.cpuSeconds,
    emulator: (await processCpu(bench.emulator.pid)) - cpuAtStart.emulator,
  };
  // A run that did something else than intended would measure the wrong thing.
  for (const [change, count] of Object.entries(expected)) {
    if ((result.changes?.[change] ?? 0) !== count) {
      throw new Error(`${stack.workspace.workDir}: expected ${count} ${change}, got ${JSON.stringify(result.changes)}:\n${result.output}`);
    }
  }
  const [stats, requests] = await Promise.all([control.stats(), control.requests()]);
  const toolkitLookups: Record<string, number> = {};
  for (const request of requests) {
    if (request.route === "GET /toolkits/{slug}") toolkitLookups[request.path] = (toolkitLookups[request.path] ?? 0) + 1;
  }
  const answered = requests.map((request) => (Date.parse(request.at) - startedAt) / 1000);
  const requestWindow: [number, number] | undefined = answered.length ? [Math.min(...answered), Math.max(...answered)] : undefined;
  return { seconds, usage, cpu, calls: stats.byRoute, toolkitLookups, requestWindow };
}

async function benchSize(bench: Bench, n: number): Promise<SizeResult> {
  let revision = 0;
  const current = (): Spec[] => specs(n, revision);
  const programs = { floor: floorProgram, shape: shapeFloorProgram, authConfig: authConfigProgram };
  const stacks = {} as Record<StackKind, Stack>;
  for (const kind of STACKS)
    stacks[kind] = await inlineStack(bench, `bench-${kind.toLowerCase()}`, `n${n}`, programs[kind](current), composioConfig(bench));
  const operations: OperationResult[] = [];
  /** `runs` runs of each stack, rotating which goes first so that none always runs on a warmer machine. */
  const measureAll = async (operation: Operation, op: Op, expected: Record<string, number>, runs = 1) => {
    const result: OperationResult = { operation, n, samples: { floor: [], shape: [], authConfig: [] } };
    for (let i = 0; i < runs; i++) {
      for (let j = 0; j < STACKS.length; j++) {
        const kind = STACKS[(i + j) % STACKS.length];
        result.samples[kind].push(await measure(bench, stacks[kind], op, expected));
      }
    }
    operations.push(result);
    const timesOf = (kind: StackKind) => result.samples[kind].map((s) => s.seconds.toFixed(2)).join(" ");
    const lookups = [...new Set(result.samples.authConfig.flatMap((s) => Object.keys(s.toolkitLookups)))].map((path) =>
      path.split("/").pop(),
    );
    log(
      `N=${n} ${operation}: ${STACKS.map((kind) => `${kind} ${timesOf(kind)} s`).join(", ")}; ` +
        `toolkits looked up: ${lookups.join(" ") || "none"} (load ${load()})`,
    );
  };

  // Warm-up, not measured: the first registrations in this process load the SDK's closure serializer
  // (and TypeScript with it), which would otherwise be charged to whichever stack creates first.
  for (const kind of STACKS) await preview(stacks[kind]);
  const resources = n + 1; // and the stack itself
  const selected = (key: OperationKey) => RUN_OPERATIONS.has(key);
  // Create always runs: every other operation needs the stacks.
  await measureAll("create", UP, { create: resources });
  const state = {} as Record<StackKind, StateSize>;
  for (const kind of STACKS) state[kind] = await stateSize(bench, stacks[kind]);
  // Refresh first: the no-change runs then see state as a refresh leaves it (secrets in the inputs as
  // fingerprints, server timestamps in the outputs), as any stack that is refreshed now and then does.
  if (selected("refresh")) await measureAll("refresh", REFRESH, { same: resources }, RUNS);
  if (selected("preview")) await measureAll("preview", PREVIEW, { same: resources }, RUNS);
  if (selected("up")) await measureAll("up, no change", UP, { same: resources }, RUNS);
  if (selected("update")) {
    revision++;
    await measureAll("update all", UP, { update: n });
  }
  // Without it the stacks are left as they are (the backend's temp dir or server and the emulator go at the
  // end), and a later size's refresh lists these configs too, as it would in a project shared by several stacks.
  if (selected("destroy")) await measureAll("destroy", DESTROY, { delete: resources });
  return { n, toolkits: toolkitCount(n), operations, state };
}

/** N creates while the emulator allows `rps` requests a second (a token bucket with a one-second burst). */
async function benchRateLimit(bench: Bench, floorSeconds: number | undefined): Promise<RateLimitResult> {
  const { n, rps } = RATE_LIMIT;
  const stack = await inlineStack(
    bench,
    "bench-ratelimit",
    `n${n}`,
    authConfigProgram(() => specs(n, 0)),
    composioConfig(bench),
  );
  const { control } = bench.emulator;
  await control.rateLimit(rps);
  const sample = await measure(bench, stack, UP, { create: n + 1 });
  const throttled = (await control.requests()).filter((r) => r.status === 429).length;
  await control.rateLimit(null);
  log(`rate limit: ${n} creates at ${rps} req/s in ${sample.seconds.toFixed(2)} s, ${throttled} answered 429 (load ${load()})`);
  await destroy(stack);
  return { n, rps, seconds: sample.seconds, calls: sample.calls, throttled, requestWindow: sample.requestWindow, floorSeconds };
}

/** The benchmark's knobs as they were set, to repeat the run. */
function commandLine(): string {
  const knobs = ["BENCH_SIZES", "BENCH_RUNS", "BENCH_BACKENDS", "BENCH_OPERATIONS", "BENCH_DRIFT_JOB", "BENCH_PACKAGE", "BENCH_MCP"].filter(
    (name) => process.env[name],
  );
  return `\`${[...knobs.map((name) => `${name}=${process.env[name]}`), "npm run bench", ...(DRIFT_ONLY ? ["-- drift"] : [])].join(" ")}\``;
}

function versionOf(pkg: string): string {
  return JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", pkg, "package.json"), "utf8")).version;
}

/** Every selected size (and the rate-limit case) on one backend, with its own emulator, CLI home and stacks. */
async function benchBackend(backend: Backend): Promise<BackendResult> {
  const postgres: TestPostgres | undefined = backend === "postgres" ? await startPostgres("bench") : undefined;
  // The `composio` plugin's launcher on PATH, as the e2e tests find it (tests/e2e/plugin.test.ts): the package case.
  const path = [join(REPO_ROOT, "bin"), (await ensurePulumi()).binDir, process.env.PATH ?? ""].join(":");
  const env = await createE2eEnv(`bench-${backend}`, { backendUrl: postgres?.backendUrl, env: { PATH: path } });
  // A fresh emulator per backend: stacks left in place (no destroy selected) would otherwise show up in
  // the next backend's refresh listings.
  const emulator = await startEmulatorProcess(REPO_ROOT, API_KEY);
  const bench: Bench = {
    env,
    stateBytes: stateBytesOf(env.backendUrl, postgres),
    emulator,
    cli: await timedCli(env.cli.pulumi, join(env.dir, "timed-cli")),
  };
  log(`${backend} backend: ${env.backendUrl}`);
  const sizes: SizeResult[] = [];
  let rateLimit: RateLimitResult | undefined;
  let driftJob: DriftJobResult | undefined;
  let packageCase: PackageCaseResult | undefined;
  let mcpCase: McpCaseResult | undefined;
  try {
    if (DRIFT_ONLY) {
      const options = { rps: RATE_LIMIT.rps, engineJob: false, runs: RUNS };
      const shape = DRIFT_JOB ?? { stacks: 5, n: 200 };
      driftJob = await benchDriftJob(env, bench.cli.command, emulator, shape, composioConfig(bench), options, log);
      return { backend, sizes, driftJob };
    }
    for (const n of SIZES) sizes.push(await benchSize(bench, n));
    if (RUN_OPERATIONS.has("ratelimit")) {
      const floorCreate = sizes.find((s) => s.n === RATE_LIMIT.n)?.operations.find((o) => o.operation === "create")?.samples
        .floor[0].seconds;
      rateLimit = await benchRateLimit(bench, floorCreate);
    }
    /** The cases' stacks are named `n<N>` (the case's size), in projects of their own. */
    const caseHarness = (n: number): CaseHarness => ({
      stack: (project: string, program: PulumiFn) => inlineStack(bench, project, `n${n}`, program, composioConfig(bench)),
      measure: (stack: Stack, command: keyof typeof OPS, expected: Record<string, number>) => measure(bench, stack, OPS[command], expected),
      warmUp: async (stack: Stack) => void (await preview(stack)),
      exportText: async (stack: Stack) => (await env.exportStack(stack)).text,
      storedBytes: bench.stateBytes,
    });
    const selected = (key: OperationKey) => RUN_OPERATIONS.has(key);
    if (PACKAGE_N) packageCase = await benchPackage(caseHarness(PACKAGE_N), PACKAGE_N, selected, RUNS, log);
    if (MCP_N) mcpCase = await benchMcp(caseHarness(MCP_N), MCP_N, selected, RUNS, log);
    if (DRIFT_JOB) {
      const options = { rps: RATE_LIMIT.rps, engineJob: true, runs: 1 };
      driftJob = await benchDriftJob(env, bench.cli.command, emulator, DRIFT_JOB, composioConfig(bench), options, log);
    }
  } finally {
    await emulator.close();
    await env.cleanup();
    await postgres?.stop();
  }
  return { backend, sizes, rateLimit, driftJob, packageCase, mcpCase };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = load();
  log(
    DRIFT_ONLY
      ? `the drift check's rows alone, ${process.env.BENCH_DRIFT_JOB ?? "5x200"}, ${RUNS} runs, ` +
          `on the ${RUN_BACKENDS.join(" and ")} backend; load average ${loadBefore}`
      : `sizes ${SIZES.join(", ")} on the ${RUN_BACKENDS.join(" and ")} backend; operations ${[...RUN_OPERATIONS].join(", ")}; ` +
          `${RUNS} runs of the operations that change nothing; load average ${loadBefore}`,
  );
  const results: BackendResult[] = [];
  for (const backend of RUN_BACKENDS) results.push(await benchBackend(backend));
  const cli = await ensurePulumi();
  const minutes = ((Date.now() - startedAt.getTime()) / 60_000).toFixed(1);
  const cpus = os.cpus();
  const report = [
    `# pulumi-composio benchmark, ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC (${minutes} min)`,
    "",
    `Machine: ${cpus.length} x ${cpus[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${os.release()}; ` +
      `Node ${process.version}; Pulumi CLI ${cli.command.version}; @pulumi/pulumi ${versionOf("@pulumi/pulumi")}; ` +
      `@composio/client ${versionOf("@composio/client")}; emulator on 127.0.0.1 (own process).`,
    `Load average (1, 5, 15 min): ${loadBefore} at the start, ${load()} at the end.`,
    "",
    `Command: ${commandLine()}`,
    "",
    ...results.map(backendSection),
    "Method:",
    "- Stacks: floor = the workload's property bags on a no-op dynamic provider (the engine's floor); same-shape floor =",
    "  AuthConfig resources (same SDK class and property bag) whose provider a transformation swaps for the no-op one;",
    "  AuthConfig = the real provider against the emulator. The ratio to the floor is split into shape (same-shape floor /",
    "  floor: what Pulumi's SDK and engine charge for AuthConfig's properties) and provider (AuthConfig / same-shape floor).",
    "- Time: how long the CLI command ran (`pulumi up`, `preview`, ...; a wrapper logs its start and end; the Automation",
    "  API's follow-up `stack output` and `stack history` calls are left out), inline programs, the backend named in the",
    "  section's heading (file: a private `file://` dir; PostgreSQL: a server started for the run, `postgres://` on 127.0.0.1), the CLI's",
    `  default parallelism (4 x ${cpus.length} cores). Refresh, preview and no-change up: median of ${RUNS} runs (min–max`,
    "  shown), the three stacks rotating which runs first; create, update all and destroy: one run each. Refresh runs",
    "  before the no-change operations. One unmeasured preview of each stack first warms this process up (module",
    "  loading, closure serialization).",
    "- Dynamic provider vs package: the floor, `new AuthConfig(...)` and the same specs as `composio:index:AuthConfig` (a",
    "  CustomResource as a generated SDK declares it, through the plugin `bin/pulumi-resource-composio` on PATH), each its",
    "  own stack in the same run; `runs` as above; state sizes after the create (`pulumi stack export` and the backend's bytes).",
    "- MCP servers: N auth configs and N `McpServer`s (one per config, given its `authConfigId`) of the dynamic provider,",
    "  beside the same 2N bags on the no-op provider (each server's bag given its config's id); `runs` as above.",
    "- API calls: the emulator's counters for the operation (the worst run); toolkit look-ups are `GET /toolkits/{slug}`.",
    "- Provider memory: VmHWM (the kernel's peak RSS) of the dynamic-provider process (the `node .../cmd/dynamic-provider`",
    "  that the plugin launcher execs, found under this process in /proc; for the package, the plugin's",
    "  `node .../provider/plugin/main.js`), read every 100 ms while the operation runs.",
    "- CPU: provider = its utime + stime (last sample); CLI = this process's exited-children CPU over the operation (the",
    "  CLI waits for its plugins, so this is the CLI and everything it started) minus the provider; program = this",
    "  process's own CPU (the inline program, the Automation API, the sampling); emulator = its process's CPU.",
  ].join("\n");
  process.stdout.write(`${report}\n`);
  const out = join(REPO_ROOT, ".cache", "bench");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "last-report.md"), `${report}\n`);
  log(`report also written to .cache/bench/last-report.md`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
