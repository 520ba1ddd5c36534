/**
 * The Pulumi CLI as the drift check runs it from the checkpoint: `pulumi` on PATH, in the program's directory,
 * with this process's environment (backend, passphrase), one command at a time per stack and never `stack select`
 * (every command names its stack, so stacks can be read in parallel without racing on the workspace file).
 * Plain child processes, not the Automation API: loading it costs more than the export it would run, and its
 * workspace asks the CLI its version first. Only `--engine` uses it (drift.ts).
 */
import { spawn } from "node:child_process";

/**
 * A command that failed, with the CLI's message. `reason`: "no-cli" (no `pulumi` on PATH: nothing can be checked),
 * "no-such-stack" (the command's stack does not exist), else "failed".
 */
export class PulumiCliError extends Error {
  constructor(
    message: string,
    readonly reason: "no-cli" | "no-such-stack" | "failed",
  ) {
    super(message);
  }
}

export const NO_CLI_MESSAGE = "the Pulumi CLI (`pulumi`) was not found on PATH; install it or put it on PATH";

/** How the CLI says it knows no such stack (the Automation API's StackNotFoundError matches the same). */
const STACK_NOT_FOUND = /no stack named.*found/;

/** The last lines of the CLI's stderr: its own error message, without the usage noise before it. */
export const cliMessage = (stderr: string, code: number) => stderr.trim().split("\n").slice(-5).join("\n") || `exited with code ${code}`;

/** `pulumi <args> --non-interactive` in `cwd`: its stdout; a PulumiCliError (its stderr's message) when it fails. */
function pulumi(args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // PULUMI_SKIP_CONFIRMATIONS=true (a CI's or a shell's) makes the CLI add --yes, which some commands refuse.
    const child = spawn("pulumi", [...args, "--non-interactive"], {
      cwd,
      env: { ...process.env, PULUMI_SKIP_CONFIRMATIONS: "false" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (data: Buffer) => stdout.push(data));
    child.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "ENOENT" ? new PulumiCliError(NO_CLI_MESSAGE, "no-cli") : error);
    });
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(stdout).toString("utf8"));
      else reject(new PulumiCliError(cliMessage(stderr, code ?? -1), STACK_NOT_FOUND.test(stderr) ? "no-such-stack" : "failed"));
    });
  });
}

/**
 * The stack's state as `pulumi stack export --show-secrets` writes it (the Automation API's export): its text,
 * to see whether it changes, and the parsed document. Secrets are opened in this process's memory only.
 */
export async function exportState(cwd: string, stack: string): Promise<{ text: string; document: unknown }> {
  const text = await pulumi(["stack", "export", "--show-secrets", "--stack", stack], cwd);
  return { text, document: JSON.parse(text) };
}

/** One entry of `pulumi stack ls --json`. */
export interface StackSummary {
  name: string;
  /** Set by Pulumi Cloud (and self-hosted services) while an update runs; DIY backends never set it. */
  updateInProgress?: boolean;
}

/** The program's stacks on the current backend: one `pulumi stack ls --json`. */
export async function listStacks(cwd: string): Promise<StackSummary[]> {
  return JSON.parse(await pulumi(["stack", "ls", "--json"], cwd)) as StackSummary[];
}

/**
 * The backend's URL, as the CLI picks it: PULUMI_BACKEND_URL when set (no command to run: a pipeline's usual
 * way), else what `pulumi whoami --json` says (Pulumi.yaml's backend, or the `pulumi login` in PULUMI_HOME).
 */
export async function backendUrl(cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (env.PULUMI_BACKEND_URL) return env.PULUMI_BACKEND_URL;
  return ((JSON.parse(await pulumi(["whoami", "--json"], cwd)) as { url?: string }).url ?? "").trim();
}

/**
 * The project's name from Pulumi.yaml's text (its top-level `name:`, a plain or quoted scalar), undefined when it is
 * not written that simply (then the Automation API reads the file).
 */
export function projectNameOf(yaml: string): string | undefined {
  return /^name:[ \t]*(["']?)([A-Za-z0-9_.-]+)\1[ \t]*(?:#.*)?$/m.exec(yaml)?.[2];
}
