/**
 * `npm run bench`: the cost of AuthConfig beside the engine's floor (the same N resources of a no-op
 * dynamic provider), with the same CLI, on the same machine, in the same run. See BENCHMARKS.md.
 *
 * Environment: BENCH_SIZES (default "50,200"), BENCH_RUNS (runs of the operations that change nothing,
 * default 5), E2E_KEEP=1 keeps the stacks' temp dir.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { createE2eEnv, destroy, preview, refresh, REPO_ROOT, up, type E2eEnv, type OpResult } from "../tests/e2e/harness";
import { startEmulatorProcess, type EmulatorProcess } from "./emulatorProcess";
import { sampleProviderProcesses } from "./providerProcess";
import {
  figuresTable,
  stateTable,
  targetLines,
  targets,
  type Operation,
  type OperationResult,
  type RateLimitResult,
  type Sample,
  type SizeResult,
  type StateSize,
} from "./report";
import { authConfigProgram, floorProgram, specs, toolkitCount, type Spec } from "./workload";

const API_KEY = "bench-api-key-5c1e";
const SIZES = (process.env.BENCH_SIZES ?? "50,200").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RATE_LIMIT = { n: 200, rps: 20 };

const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

/** The stack's own state file on the file backend (`.pulumi/stacks/<project>/<stack>.json`). */
async function stateFile(env: E2eEnv, stack: Stack): Promise<string> {
  const project = (await stack.workspace.projectSettings()).name;
  return join(new URL(env.backendUrl).pathname, ".pulumi", "stacks", project, `${stack.name}.json`);
}

async function stateSize(env: E2eEnv, stack: Stack): Promise<StateSize> {
  const { deployment } = await env.exportStack(stack);
  const resource = deployment.deployment.resources.find((r: { inputs?: { __provider?: string } }) => r.inputs?.__provider);
  const text: string = resource.inputs.__provider;
  return {
    fileBytes: statSync(await stateFile(env, stack)).size,
    providerBytes: Buffer.byteLength(text),
    providerCopies: [resource.inputs, resource.outputs].filter((props) => props?.__provider === text).length,
  };
}

interface Bench {
  env: E2eEnv;
  emulator: EmulatorProcess;
}

/** One operation on one stack: wall time, the provider process's memory and CPU, the API calls it made. */
async function measure(bench: Bench, stack: Stack, run: (stack: Stack) => Promise<OpResult>, expected: Record<string, number>): Promise<Sample> {
  const { control } = bench.emulator;
  await control.clearStats();
  const sampler = sampleProviderProcesses();
  const startedAt = Date.now();
  const started = performance.now();
  const result = await run(stack);
  const seconds = (performance.now() - started) / 1000;
  const usage = await sampler.stop();
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
  return { seconds, usage, calls: stats.byRoute, toolkitLookups, requestWindow };
}

async function benchSize(bench: Bench, n: number): Promise<SizeResult> {
  let revision = 0;
  const current = (): Spec[] => specs(n, revision);
  const floor = await bench.env.inlineStack({ projectName: "bench-floor", stackName: `n${n}`, program: floorProgram(current) });
  const authConfig = await bench.env.inlineStack({
    projectName: "bench-authconfig",
    stackName: `n${n}`,
    program: authConfigProgram(current),
    config: { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": bench.emulator.url },
  });
  const operations: OperationResult[] = [];
  /** `runs` runs of each stack, alternating which goes first so that neither always runs on a warmer machine. */
  const pair = async (operation: Operation, run: (stack: Stack) => Promise<OpResult>, expected: Record<string, number>, runs = 1) => {
    const result: OperationResult = { operation, n, floor: [], authConfig: [] };
    for (let i = 0; i < runs; i++) {
      const order = i % 2 ? (["authConfig", "floor"] as const) : (["floor", "authConfig"] as const);
      for (const which of order) result[which].push(await measure(bench, which === "floor" ? floor : authConfig, run, expected));
    }
    operations.push(result);
    const last = (samples: Sample[]) => samples.map((s) => s.seconds.toFixed(2)).join(" ");
    const lookups = [...new Set(result.authConfig.flatMap((s) => Object.keys(s.toolkitLookups)))].map((path) => path.split("/").pop());
    log(`N=${n} ${operation}: floor ${last(result.floor)} s, AuthConfig ${last(result.authConfig)} s; toolkits looked up: ${lookups.join(" ") || "none"} (load ${load()})`);
  };

  const resources = n + 1; // and the stack itself
  await pair("create", up, { create: resources });
  const state = { floor: await stateSize(bench.env, floor), authConfig: await stateSize(bench.env, authConfig) };
  // Refresh first: the no-change runs then see state as a refresh leaves it (secrets in the inputs as
  // fingerprints, server timestamps in the outputs), as any stack that is refreshed now and then does.
  await pair("refresh", refresh, { same: resources }, RUNS);
  await pair("preview", preview, { same: resources }, RUNS);
  await pair("up, no change", up, { same: resources }, RUNS);
  revision++;
  await pair("update all", up, { update: n });
  await pair("destroy", destroy, { delete: resources });
  return { n, toolkits: toolkitCount(n), operations, state };
}

/** N creates while the emulator allows `rps` requests a second (a token bucket with a one-second burst). */
async function benchRateLimit(bench: Bench, floorSeconds: number | undefined): Promise<RateLimitResult> {
  const { n, rps } = RATE_LIMIT;
  const stack = await bench.env.inlineStack({
    projectName: "bench-ratelimit",
    stackName: `n${n}`,
    program: authConfigProgram(() => specs(n, 0)),
    config: { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": bench.emulator.url },
  });
  const { control } = bench.emulator;
  await control.rateLimit(rps);
  const sample = await measure(bench, stack, up, { create: n + 1 });
  const throttled = (await control.requests()).filter((r) => r.status === 429).length;
  await control.rateLimit(null);
  log(`rate limit: ${n} creates at ${rps} req/s in ${sample.seconds.toFixed(2)} s, ${throttled} answered 429 (load ${load()})`);
  await destroy(stack);
  return { n, rps, seconds: sample.seconds, calls: sample.calls, throttled, requestWindow: sample.requestWindow, floorSeconds };
}

function versionOf(pkg: string): string {
  return JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", pkg, "package.json"), "utf8")).version;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = load();
  log(`sizes ${SIZES.join(", ")}, ${RUNS} runs of the operations that change nothing; load average ${loadBefore}`);
  const env = await createE2eEnv("bench");
  const emulator = await startEmulatorProcess(REPO_ROOT, API_KEY);
  const bench = { env, emulator };
  const sizes: SizeResult[] = [];
  let rateLimit: RateLimitResult | undefined;
  try {
    for (const n of SIZES) sizes.push(await benchSize(bench, n));
    const floorCreate = sizes.find((s) => s.n === RATE_LIMIT.n)?.operations.find((o) => o.operation === "create")?.floor[0].seconds;
    rateLimit = await benchRateLimit(bench, floorCreate);
  } finally {
    await emulator.close();
    await env.cleanup();
  }
  const minutes = ((Date.now() - startedAt.getTime()) / 60_000).toFixed(1);
  const cpus = os.cpus();
  const report = [
    `# pulumi-composio benchmark, ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC (${minutes} min)`,
    "",
    `Machine: ${cpus.length} x ${cpus[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${os.release()}; ` +
      `Node ${process.version}; Pulumi CLI ${env.cli.command.version}; @pulumi/pulumi ${versionOf("@pulumi/pulumi")}; ` +
      `@composio/client ${versionOf("@composio/client")}; emulator on 127.0.0.1 (own process).`,
    `Load average (1, 5, 15 min): ${loadBefore} at the start, ${load()} at the end.`,
    "",
    figuresTable(sizes, rateLimit),
    "",
    stateTable(sizes),
    "",
    "Targets:",
    targetLines(targets(sizes, rateLimit)),
    "",
    "Method: wall time of each Automation API call (CLI start to exit), inline programs, file backend, the CLI's default",
    `parallelism; preview, no-change up and refresh: median of ${RUNS} runs (min–max shown), floor and AuthConfig alternating`,
    "which runs first; create, update and destroy: one run each. Ratio = AuthConfig median / floor median. API calls: the",
    "emulator's counters for the operation (the worst run). Provider memory: VmHWM (the kernel's peak RSS) of the",
    "dynamic-provider process, sampled every 100 ms from /proc; CPU: its utime + stime.",
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
