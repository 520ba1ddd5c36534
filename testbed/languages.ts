/**
 * Programs in other languages than TypeScript under the real Pulumi CLI, for the end-to-end suites: Pulumi YAML
 * programs (run by the CLI through the YAML language host that toolchain/ensure-pulumi-yaml.sh builds) and Go
 * Automation API inline programs (testbed/programs/go, built by toolchain/ensure-go-programs.sh into one binary that
 * runs in its own process, so no Go language host is involved).
 *
 *   const env = await createLanguageEnv("yaml", { yaml: true });           // beforeAll, with a long timeout
 *   const stack = await env.localStack({ programDir: YAML_PROGRAMS + "/basic", config: {...} });  // testbed/harness.ts
 *
 *   const env = await createLanguageEnv("go");
 *   const r = await runGoProgram(env, { program: "basic", op: "up", workDir: env.newWorkDir("go"), config: {...} });
 *
 * A program that uses a resource provider plugin needs the plugin where the CLI finds it: put the directory of its
 * `pulumi-resource-<name>` executable in `pathDirs`, or run `env.pulumi(["plugin", "install", "resource", name,
 * version, "--file", path])` (it installs into the env's own PULUMI_HOME).
 */
import { execFile, spawn } from "child_process";
import * as path from "path";
import { ConfigValue } from "@pulumi/pulumi/automation";
import { createE2eEnv, E2eEnv, ensurePulumi, inheritedPath, REPO_ROOT } from "./harness";

/** The Pulumi YAML programs' directories live here, one per program (a Pulumi.yaml with `runtime: yaml`). */
export const YAML_PROGRAMS = path.join(REPO_ROOT, "testbed", "programs", "yaml");

const toolchainRuns = new Map<string, Promise<string>>();

/**
 * Runs a toolchain/ script once per process and resolves to the bin dir it prints last on stdout. Its progress (a
 * cold build takes minutes) is shown on stderr. Rejects with the script's own message: the suites fail, never skip.
 */
function ensureToolchain(script: string): Promise<string> {
  let run = toolchainRuns.get(script);
  if (!run) {
    run = new Promise<string>((resolve, reject) => {
      const child = spawn("bash", [path.join(REPO_ROOT, "toolchain", script)], {
        cwd: REPO_ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        process.stderr.write(d);
      });
      child.on("error", reject);
      child.on("close", (code) => {
        if (code === 0) resolve(stdout.trim().split("\n").pop()!);
        else reject(new Error(`toolchain/${script} failed (exit ${code}):\n${stderr}`));
      });
    });
    toolchainRuns.set(script, run);
  }
  return run;
}

/** The directory holding `pulumi-language-yaml` (toolchain/ensure-pulumi-yaml.sh). */
export const ensurePulumiYaml = (): Promise<string> => ensureToolchain("ensure-pulumi-yaml.sh");
/** The directory holding the `goprograms` binary (toolchain/ensure-go-programs.sh). */
const ensureGoPrograms = (): Promise<string> => ensureToolchain("ensure-go-programs.sh");

/**
 * An isolated E2eEnv (testbed/harness.ts) whose PATH holds, in this order: `pathDirs` (e.g. a plugin's bin dir), the
 * YAML language host when `yaml` is set, the CLI's bin dir, then this process's PATH (without the repository's
 * node_modules/.bin: harness.ts inheritedPath).
 */
export async function createLanguageEnv(label: string, opts: { yaml?: boolean; pathDirs?: string[] } = {}): Promise<E2eEnv> {
  const [cli, yamlBin] = await Promise.all([ensurePulumi(), opts.yaml ? ensurePulumiYaml() : undefined]);
  const dirs = [...(opts.pathDirs ?? []), ...(yamlBin ? [yamlBin] : []), cli.binDir, inheritedPath()];
  return createE2eEnv(label, { env: { PATH: dirs.join(path.delimiter) } });
}

/** What testbed/programs/go reads on stdin (see its main.go). */
export interface GoProgramRequest {
  /** A name in testbed/programs/go/programs.go. */
  program: string;
  op: "up" | "preview" | "refresh" | "destroy" | "outputs";
  /** Default: the program's name. */
  project?: string;
  /** Default: "test". */
  stack?: string;
  /** Where the Automation API writes Pulumi.yaml and the stack's config (e.g. `env.newWorkDir()`, one per stack). */
  workDir: string;
  /** Set on the stack before the operation; `{ value, secret: true }` for secrets. */
  config?: Record<string, string | ConfigValue>;
  /** up and preview: refresh the state first (`--refresh`). */
  refresh?: boolean;
  /** up and preview: fail if anything would change (`--expect-no-changes`). */
  expectNoChanges?: boolean;
}

/** What it prints on stdout, plus its exit code. */
export interface GoProgramResult {
  ok: boolean;
  error?: string;
  /** What the CLI printed. */
  output: string;
  outputs?: Record<string, { value: unknown; secret: boolean }>;
  changes?: Record<string, number>;
  exitCode: number;
  /** What the binary itself wrote on stderr (empty unless it could not write its result). */
  stderr: string;
}

/**
 * Runs one operation of a Go inline program with env's CLI, backend, passphrase and PULUMI_HOME (its envVars).
 * Resolves also when the operation failed (`ok: false`, with the error and the CLI's output).
 */
export async function runGoProgram(env: E2eEnv, req: GoProgramRequest): Promise<GoProgramResult> {
  const bin = path.join(await ensureGoPrograms(), "goprograms");
  const { program, op, workDir, project = program, stack = "test", refresh, expectNoChanges } = req;
  const config = Object.fromEntries(Object.entries(req.config ?? {}).map(([k, v]) => [k, typeof v === "string" ? { value: v } : v]));
  const request = JSON.stringify({ program, op, project, stack, workDir, config, refresh, expectNoChanges });
  return new Promise((resolve, reject) => {
    const child = execFile(
      bin,
      [],
      { cwd: workDir, env: { ...process.env, ...env.envVars }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        try {
          resolve({ ...(JSON.parse(stdout) as Omit<GoProgramResult, "exitCode" | "stderr">), exitCode, stderr });
        } catch {
          reject(new Error(`goprograms printed no JSON result (exit ${exitCode}):\n${stdout}\n${stderr}`));
        }
      },
    );
    child.stdin!.end(request);
  });
}
