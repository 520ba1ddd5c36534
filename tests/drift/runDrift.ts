/** `composio-drift` (dist/cli/drift.js) as a pipeline runs it: a child process with the pipeline's environment. */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "../e2e/harness";

const BIN = path.join(REPO_ROOT, "dist", "cli", "drift.js");

export interface DriftRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runDrift(args: string[], opts: { cwd: string; env: Record<string, string> }): Promise<DriftRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
