/**
 * A `pulumi up` killed with SIGKILL mid-create, as a lost CI runner would leave it: the CLI is started
 * directly on a local program, the emulator holds every create in flight (some POSTs before they are
 * stored, the others after, while the provider reads the new config back), and then the CLI and all
 * its children (language host, program, dynamic provider) get kill -9. Then a recovery, and the census.
 * Shared by interrupted.test.ts (the documented recovery) and scripts/reliability/interrupted.ts
 * (which also shows what the CLI's own options leave behind).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startTestComposio, type TestComposio } from "../emulatorApi";
import { createE2eEnv, REPO_ROOT, type E2eEnv } from "../harness";
import { census, type Census } from "./census";
import { startHoldProxy, type HoldProxy } from "./holdProxy";

const API_KEY = "SENTINEL-interrupted-api-key-6e1a";
const CLIENT_SECRET = "SENTINEL-interrupted-client-secret-93d0";
const HOLD_MS = 60_000;

const PROGRAM = `// Written by testbed/scenarios/interrupted.ts.
const pulumi = require("@pulumi/pulumi");
const { AuthConfig } = require("pulumi-composio");
const config = new pulumi.Config();
const secret = config.requireSecret("clientSecret");
const ids = {};
for (let i = 0; i < config.requireNumber("count"); i++) {
  const args = i % 2 === 0
    ? { toolkit: "github" }
    : { toolkit: "notion", type: "use_custom_auth", authScheme: "OAUTH2", credentials: { client_id: "client-" + i, client_secret: secret } };
  ids["config-" + i] = new AuthConfig("config-" + i, args).authConfigId;
}
exports.ids = ids;
`;

export interface InterruptedStack {
  env: E2eEnv;
  composio: TestComposio;
  /** Between the provider and the emulator (the stack's composio:baseUrl). */
  proxy: HoldProxy;
  /** The local program's directory, where the CLI runs. */
  dir: string;
  n: number;
  /** The CLI in `dir` with the env's variables; never throws. */
  pulumi(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  census(): Promise<Census>;
  close(): Promise<void>;
}

export async function interruptedStack(label: string, n: number): Promise<InterruptedStack> {
  const composio = await startTestComposio(API_KEY);
  const proxy = await startHoldProxy(composio.emulator.url);
  const env = await createE2eEnv(label);
  const dir = join(env.dir, "program");
  mkdirSync(dir);
  writeFileSync(join(dir, "Pulumi.yaml"), "name: interrupted\nruntime: nodejs\nmain: index.js\n");
  writeFileSync(join(dir, "index.js"), PROGRAM);
  const pulumi = (args: string[]) => env.pulumi(args, { cwd: dir });
  const must = async (args: string[]) => {
    const r = await pulumi(args);
    if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed:\n${r.stdout}${r.stderr}`);
    return r;
  };
  await must(["stack", "init", "test"]);
  await must([
    "config",
    "set-all",
    "--secret",
    `composio:apiKey=${API_KEY}`,
    "--plaintext",
    `composio:baseUrl=${proxy.url}`,
    "--secret",
    `clientSecret=${CLIENT_SECRET}`,
    "--plaintext",
    `count=${n}`,
  ]);
  return {
    env,
    composio,
    proxy,
    dir,
    n,
    pulumi,
    census: () => census(async () => JSON.parse((await must(["stack", "export"])).stdout), composio),
    async close() {
      await env.cleanup();
      await proxy.close();
      await composio.emulator.close();
    },
  };
}

export const SENTINELS = [API_KEY, CLIENT_SECRET];

/** Every descendant of `pid`, children first, from one `ps` listing. */
function descendants(pid: number): number[] {
  const listing = spawnSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" }).stdout;
  const children = new Map<number, number[]>();
  for (const line of listing.trim().split("\n")) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const walk = (p: number): number[] => (children.get(p) ?? []).flatMap((c) => [...walk(c), c]);
  return walk(pid);
}

async function until(condition: () => Promise<boolean>, what: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface Interruption {
  /** The processes killed: the CLI and its descendants. */
  killed: { pid: number; command: string }[];
  /** Creates the server had stored when the kill landed. */
  stored: number;
  /** The CLI's output up to the kill. */
  output: string;
  census: Census;
}

/**
 * `pulumi up` (all N at once) until all N creates are in flight, the first `unstored` POSTs held by the emulator before
 * they are stored and the rest stored but their answers held by the proxy, then kill -9 of the whole
 * process tree.
 */
export async function killUpMidCreate(stack: InterruptedStack, unstored: number): Promise<Interruption> {
  const { control } = stack.composio;
  await control.clearStats();
  await control.faults({ next: unstored, kinds: ["latency"], latencyMs: HOLD_MS, routes: ["POST /auth_configs"] });
  stack.proxy.holding = (method, path) => method === "POST" && /\/auth_configs$/.test(path);
  const cli = spawn(
    stack.env.cli.pulumi,
    ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", "test", "--parallel", String(stack.n)],
    {
      cwd: stack.dir,
      env: { ...process.env, ...stack.env.envVars },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  cli.stdout.on("data", (d: Buffer) => (output += d.toString()));
  cli.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => cli.once("exit", () => resolve()));
  const stored = stack.n - unstored;
  let seen = {};
  await until(
    async () => {
      const { byRoute } = await control.stats();
      seen = byRoute;
      return byRoute["POST /auth_configs"] === stack.n && stack.proxy.held() === stored;
    },
    () => `all ${stack.n} creates in flight (requests: ${JSON.stringify(seen)}; CLI output so far:\n${output})`,
  );
  const tree = [...descendants(cli.pid!), cli.pid!];
  const killed = tree.map((pid) => ({
    pid,
    command: spawnSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" }).stdout.trim(),
  }));
  for (const pid of tree) process.kill(pid, "SIGKILL");
  await exited;
  await control.clearFaults();
  stack.proxy.holding = () => false;
  return { killed, stored, output, census: await stack.census() };
}

/** How the recovery step is run: the command, its arguments and its directory (default: the program's). */
export interface RecoverCommand {
  command: string;
  args: string[];
  cwd?: string;
}

/** The repository's script, from the sources. */
const RECOVER_FROM_SOURCE: RecoverCommand = {
  command: process.execPath,
  args: [join(REPO_ROOT, "toolchain/run-ts.js"), join(REPO_ROOT, "scripts/reliability/recoverPendingCreates.ts")],
};

/**
 * The README's recovery: `pulumi cancel` (the killed run left the stack locked), composio-recover
 * (adopt what the killed creates made, drop the rest), `pulumi refresh`, `pulumi up`.
 */
export async function documentedRecovery(
  stack: InterruptedStack,
  recover: RecoverCommand = RECOVER_FROM_SOURCE,
): Promise<{ outputs: string; census: Census }> {
  let outputs = "";
  const step = async (command: string, args: string[], cwd?: string) => {
    const r = await runIn(stack, command, args, cwd);
    outputs += `$ ${[command, ...args].join(" ")}\n${r.out}`;
    if (r.code !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${r.out}`);
  };
  await step("pulumi", ["cancel", "--yes"]);
  await step(recover.command, recover.args, recover.cwd);
  await step("pulumi", ["refresh", "--yes", "--non-interactive"]);
  await step("pulumi", ["up", "--yes", "--non-interactive"]);
  return { outputs, census: await stack.census() };
}

/**
 * A command in `cwd` (default: the program's directory) with the env's variables (`pulumi` resolves to the env's CLI);
 * output interleaved.
 */
export function runIn(stack: InterruptedStack, command: string, args: string[], cwd = stack.dir): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...stack.env.envVars }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}
