/** `composio-drift` (dist/cli/drift.js) as a pipeline runs it: a child process with the pipeline's environment. */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "../../testbed/harness";

const BIN = path.join(REPO_ROOT, "dist", "cli", "drift.js");

export interface DriftRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunningDrift {
  child: ChildProcess;
  done: Promise<DriftRun>;
  stderrSoFar(): string;
}

export function startDrift(args: string[], opts: { cwd: string; env: Record<string, string> }): RunningDrift {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<DriftRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
  return { child, done, stderrSoFar: () => stderr };
}

export function runDrift(args: string[], opts: { cwd: string; env: Record<string, string> }): Promise<DriftRun> {
  return startDrift(args, opts).done;
}

/** Polls `condition` (every 100 ms) until it holds; fails naming `what` after `timeoutMs` (generous: the machine is busy). */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
