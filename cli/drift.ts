#!/usr/bin/env node
/**
 * `composio-drift --stack <name> [--cwd DIR] [--json]`: the drift check for pipelines. Selects the
 * stack of the program in DIR, runs `pulumi refresh --preview-only` through the Automation API (the
 * program is not run and nothing is written), reads the engine's structured events and reports each
 * auth config whose live settings differ from the last `pulumi up`.
 *
 * Exit code 0: no drift; 1: drift; 2: error (bad arguments, no such stack or program, the Pulumi CLI
 * missing, the API failing); 3: busy (another Pulumi operation runs on the stack: a deploy in progress
 * would read as drift; see driftBusy.ts). Uses the `pulumi` on PATH and the environment's backend and
 * passphrase, like the Pulumi CLI itself.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CommandError, LocalWorkspace, StackNotFoundError, type EngineEvent, type Stack } from "@pulumi/pulumi/automation";
import { parseDriftArgs, USAGE, type DriftArgs } from "./driftArgs";
import { processIo, type CliIo } from "./cliIo";
import { BUSY_ADVICE, busyReason, changedDuringRefresh, fileBackendLockDirs, postgresBackendLockQuery, postgresLocks, type LockInfo } from "./driftBusy";
import { formatJson, formatJsonBusy, formatJsonError, formatText } from "./driftFormat";
import { driftReport, errorMessages, type DriftReport } from "./driftReport";

export const EXIT_CLEAN = 0;
export const EXIT_DRIFT = 1;
export const EXIT_ERROR = 2;
export const EXIT_BUSY = 3;

/** How often --wait looks again. */
const WAIT_POLL_MS = 2_000;

/** A failure with the message to print; anything else is unexpected and printed as is. */
class DriftError extends Error {}

/** The last lines of the CLI's stderr: its own error message, without the usage noise before it. */
function cliMessage(error: unknown): string {
  if (error instanceof CommandError) {
    // The Automation API keeps the CLI's result in a private field; its stderr holds the CLI's message.
    const stderr = (error as unknown as { commandResult?: { stderr?: string } }).commandResult?.stderr?.trim();
    if (stderr) return stderr.split("\n").slice(-5).join("\n");
  }
  return error instanceof Error ? error.message : String(error);
}

async function selectStack({ stack, cwd }: DriftArgs): Promise<Stack> {
  if (!["Pulumi.yaml", "Pulumi.yml"].some((file) => fs.existsSync(path.join(cwd, file)))) {
    throw new DriftError(`no Pulumi.yaml in ${cwd}; run in the program's directory or pass --cwd <program dir>`);
  }
  try {
    return await LocalWorkspace.selectStack({ stackName: stack, workDir: cwd });
  } catch (error) {
    if (error instanceof StackNotFoundError) {
      throw new DriftError(`stack "${stack}" does not exist for the program in ${cwd} (\`pulumi stack ls\` lists its stacks)`);
    }
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new DriftError("the Pulumi CLI (`pulumi`) was not found on PATH; install it or put it on PATH");
    }
    throw new DriftError(`could not select stack "${stack}": ${cliMessage(error)}`);
  }
}

async function refreshPreview(stack: Stack): Promise<DriftReport> {
  const events: EngineEvent[] = [];
  try {
    await stack.previewRefresh({ onEvent: (event) => events.push(event), color: "never" });
  } catch (error) {
    const messages = errorMessages(events);
    throw new DriftError(`refresh of stack "${stack.name}" failed: ${messages.length > 0 ? messages.join("\n") : cliMessage(error)}`);
  }
  return driftReport(stack.name, events);
}

/** The locks of the stack: a file:// backend's lock files, a postgres:// backend's lock rows; none for others. */
async function locks(stack: Stack, backend: string): Promise<LockInfo[]> {
  const project = (await stack.workspace.projectSettings()).name;
  const pg = postgresBackendLockQuery(backend, project, stack.name);
  if (pg) return readPostgresLocks(pg);
  const found: LockInfo[] = [];
  for (const dir of fileBackendLockDirs(backend, project, stack.name, os.homedir())) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((file) => file.endsWith(".json")) : [];
    for (const file of files) {
      try {
        found.push(JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as LockInfo);
      } catch {
        found.push({}); // removed or half-written just now: still a lock that was there
      }
    }
  }
  return found;
}

/** The lock rows, read with the backend's own connection (PG* environment variables apply as for Pulumi). */
async function readPostgresLocks({ connectionString, table, keyPrefixes }: NonNullable<ReturnType<typeof postgresBackendLockQuery>>): Promise<LockInfo[]> {
  const { Client } = await import("pg");
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ key: string; data: unknown }>(
      `SELECT key, data FROM ${table} WHERE starts_with(key, $1) OR starts_with(key, $2)`,
      keyPrefixes,
    );
    return postgresLocks(rows, keyPrefixes);
  } finally {
    await client.end();
  }
}

/** The state as stored (secrets stay encrypted), to see whether another operation writes it meanwhile. */
async function storedState(stack: Stack): Promise<{ text: string; pendingOperations: number }> {
  const deployment = await stack.exportStack();
  return { text: JSON.stringify(deployment), pendingOperations: deployment.deployment?.pending_operations?.length ?? 0 };
}

type Check = { kind: "busy"; reason: string } | { kind: "report"; report: DriftReport };

/** One drift check, unless another operation is running on the stack before or while it runs. */
async function checkOnce(stack: Stack): Promise<Check> {
  let before: Awaited<ReturnType<typeof storedState>>;
  let reason: string | undefined;
  try {
    // whoami knows the backend whichever way it was chosen (PULUMI_BACKEND_URL, Pulumi.yaml, pulumi login).
    const backend = (await stack.workspace.whoAmI()).url ?? "";
    // Only a Pulumi Cloud (or self-hosted service) backend reports an update in progress.
    const summary = /^https?:\/\//.test(backend) ? (await stack.workspace.listStacks()).find((s) => s.name === stack.name || s.name.endsWith(`/${stack.name}`)) : undefined;
    before = await storedState(stack);
    reason = busyReason({ stack: stack.name, updateInProgress: summary?.updateInProgress, locks: await locks(stack, backend), pendingOperations: before.pendingOperations });
  } catch (error) {
    throw new DriftError(`could not read the state of stack "${stack.name}": ${cliMessage(error)}`);
  }
  if (reason) return { kind: "busy", reason };
  const report = await refreshPreview(stack).catch((error: unknown) => error);
  // An operation that started after the look above: its writes would be in the report as drift (or its
  // half-done state could have failed the refresh).
  if ((await storedState(stack)).text !== before.text) return { kind: "busy", reason: changedDuringRefresh(stack.name) };
  if (report instanceof Error) throw report;
  return { kind: "report", report: report as DriftReport };
}

/** Checks, waiting up to `waitMs` while the stack is busy; the last answer. */
async function check(stack: Stack, waitMs: number, io: CliIo): Promise<Check> {
  const deadline = Date.now() + waitMs;
  let said: string | undefined;
  for (;;) {
    const result = await checkOnce(stack);
    if (result.kind === "report" || Date.now() >= deadline) return result;
    // Once per reason, not once per look: a CI log shows what it waits for, not a line every 2 s.
    if (result.reason !== said) io.stderr(`composio-drift: ${result.reason}; waiting (up to ${Math.ceil((deadline - Date.now()) / 1000)} s more)\n`);
    said = result.reason;
    await sleep(Math.min(WAIT_POLL_MS, Math.max(0, deadline - Date.now())));
  }
}

/** Runs the command; returns the exit code (the bin sets it). */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const parsed = parseDriftArgs(argv, io.workingDir);
  if (parsed.kind === "help") {
    io.stdout(`${USAGE}\n`);
    return EXIT_CLEAN;
  }
  if (parsed.kind === "error") {
    io.stderr(`composio-drift: ${parsed.message}\n${USAGE}\n`);
    if (parsed.json) io.stdout(formatJsonError(undefined, parsed.message));
    return EXIT_ERROR;
  }
  const { args } = parsed;
  try {
    const result = await check(await selectStack(args), args.waitMs, io);
    if (result.kind === "busy") {
      const waited = args.waitMs > 0 ? ` (still, after waiting ${Math.round(args.waitMs / 1000)} s)` : "";
      io.stderr(`composio-drift: not checked: ${result.reason}${waited}. ${BUSY_ADVICE}\n`);
      if (args.json) io.stdout(formatJsonBusy(args.stack, result.reason));
      return EXIT_BUSY;
    }
    const { report } = result;
    io.stdout(args.json ? formatJson(report) : formatText(report));
    return report.drifted.length > 0 ? EXIT_DRIFT : EXIT_CLEAN;
  } catch (error) {
    const message = error instanceof DriftError ? error.message : `unexpected failure: ${(error as Error)?.stack ?? String(error)}`;
    io.stderr(`composio-drift: ${message}\n`);
    if (args.json) io.stdout(formatJsonError(args.stack, message));
    return EXIT_ERROR;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
