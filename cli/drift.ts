#!/usr/bin/env node
/**
 * `composio-drift (--stack <name or glob>)... | --all-stacks [--cwd DIR] [--json] [--wait D] [--parallel N] [--engine]`:
 * the drift check for pipelines. For each stack of the program in DIR, reads its last checkpoint (a file:// backend's
 * file, which the busy check reads anyway; else `pulumi stack export --show-secrets --stack <s>`, driftPulumi.ts), its
 * secrets opened only when the comparison reads one (in memory, never printed; driftSecrets.ts), and the live auth configs and MCP servers
 * from one listing of each per Composio project (API key and base URL: every stack of the run that uses the project
 * shares it), and reports each whose live settings differ from the last `pulumi up`, with the provider's own read
 * (driftPlan.ts): no program, no engine run, no provider process. `--engine` runs `pulumi refresh --preview-only`
 * instead and reads the engine's structured events: the same verdict (tests/drift/equivalence.e2e.test.ts).
 * Several stacks (repeated --stack, a glob, --all-stacks: the program's stacks on the current backend, one
 * `pulumi stack ls`) are checked N at a time, each reported on stderr as it finishes, then in a summary table
 * (driftJob.ts).
 *
 * Exit code: 0 no drift; 1 drift (in any stack); 2 error (bad arguments, no program, the Pulumi CLI missing, a
 * glob matching no stack; with one `--stack <name>` also that stack missing or its refresh failing, as always);
 * 3 busy (another Pulumi operation runs on a stack, every other one is clean: a deploy in progress would read
 * as drift; see driftBusy.ts); 4 some stacks could not be checked (their checks failed, or they are not deployed:
 * nothing in their state to compare, never reported clean; none drifted), also with one `--stack <name>`. When
 * several apply: 1, then 4, then 3. With no API key for a stack's refresh (neither its composio:apiKey nor
 * COMPOSIO_API_KEY): 2, before all the others. Uses the `pulumi` on PATH and the environment's backend and
 * passphrase, like the Pulumi CLI itself.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { setTimeout as sleep } from "node:timers/promises";
import type { LocalWorkspace, Stack, EngineEvent } from "@pulumi/pulumi/automation";
import { parseDriftArgs, stacksAtOnce, USAGE, type DriftArgs, type StackSelection } from "./driftArgs";
import { processIo, runAsBin, startCommand, type CliIo } from "./cliIo";
import {
  BUSY_ADVICE,
  busyReason,
  changedDuringRefresh,
  fileBackendLockDirs,
  fileBackendStackNames,
  fileBackendStateFiles,
  isFileBackend,
  postgresBackendLockQuery,
  postgresLocks,
  type LockInfo,
} from "./driftBusy";
import { formatJson, formatJsonBusy, formatJsonError, formatJsonNotDeployed, formatText } from "./driftFormat";
import {
  checked,
  EXIT_BUSY,
  EXIT_CLEAN,
  EXIT_ERROR,
  EXIT_UNCHECKED,
  formatJobJson,
  formatJobText,
  jobExitCode,
  notDeployedReason,
  progressLine,
  selectStacks,
  type StackResult,
} from "./driftJob";
import { driftReport, errorMessages, type DriftReport } from "./driftReport";
import type { ExportedState, StoredCheckpoint } from "./driftPlan";
import { openedWithKey, passphraseKey, passphraseOf } from "./driftSecrets";
import { DriftError, noApiKeyMessage, packageResourceTypes, packageResourcesMessage } from "./driftErrors";
import { backendUrl, exportState, listStacks, NO_CLI_MESSAGE, projectNameOf, PulumiCliError } from "./driftPulumi";
import { cliMessage as pulumiMessage } from "./driftPulumi";
import { MISSING_KEY_MESSAGE } from "../provider/api/settings";

export { EXIT_BUSY, EXIT_CLEAN, EXIT_DRIFT, EXIT_ERROR, EXIT_UNCHECKED } from "./driftJob";

/** How often --wait looks again. */
const WAIT_POLL_MS = 2_000;

/** The CLI's own message: its stderr's last lines (a PulumiCliError, or the Automation API's CommandError). */
function cliMessage(error: unknown): string {
  // The Automation API's CommandError (and its subclasses) keeps the CLI's result in a private field; its stderr
  // holds the CLI's message.
  const result: unknown = error instanceof Error ? Reflect.get(error, "commandResult") : undefined;
  const stderr = result !== null && typeof result === "object" && "stderr" in result ? result.stderr : undefined;
  if (typeof stderr === "string" && stderr.trim()) return pulumiMessage(stderr, 0);
  return error instanceof Error ? error.message : String(error);
}

const messageOf = (error: unknown) =>
  error instanceof DriftError ? error.message : `unexpected failure: ${(error as Error)?.stack ?? String(error)}`;

/** A fatal CLI failure (no `pulumi` to run) as the run's failure; undefined for any other. */
function noCli(error: unknown): DriftError | undefined {
  if (error instanceof PulumiCliError && error.reason === "no-cli") return new DriftError(error.message, true);
  // The Automation API's workspace (--engine) spawns the CLI itself.
  return (error as NodeJS.ErrnoException).code === "ENOENT" ? new DriftError(NO_CLI_MESSAGE, true) : undefined;
}

const stackMissing = (stack: string, cwd: string) =>
  new DriftError(`stack "${stack}" does not exist for the program in ${cwd} (\`pulumi stack ls\` lists its stacks)`);

/** The program's Pulumi.yaml (or .yml): its text. */
function readProgram(cwd: string): string {
  for (const file of ["Pulumi.yaml", "Pulumi.yml"]) {
    const text = fs.existsSync(path.join(cwd, file)) ? fs.readFileSync(path.join(cwd, file), "utf8") : undefined;
    if (text !== undefined) return text;
  }
  throw new DriftError(`no Pulumi.yaml in ${cwd}; run in the program's directory or pass --cwd <program dir>`, true);
}

/** A directory's file names, none when it is missing. */
const fileNames = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);

/** A file's text, undefined when it is missing. */
const fileText = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined);

/** The Automation API, loaded only by the paths that need it (--engine, a Pulumi.yaml this module cannot read). */
const automation = () => import("@pulumi/pulumi/automation");

/**
 * The program's workspace for --engine, made once for the run (it asks the CLI its version). PULUMI_SKIP_CONFIRMATIONS=true
 * (a CI's or a shell's) makes the CLI add --yes, which it refuses with --preview-only.
 */
async function workspaceOf(cwd: string): Promise<LocalWorkspace> {
  const { LocalWorkspace } = await automation();
  return LocalWorkspace.create({ workDir: cwd, envVars: { PULUMI_SKIP_CONFIRMATIONS: "false" } }).catch((error: unknown) => {
    throw noCli(error) ?? new DriftError(`could not start a Pulumi workspace in ${cwd}: ${cliMessage(error)}`, true);
  });
}

/** What every stack of the run shares: the program's directory, its project's name, the backend (each found once). */
interface Program {
  cwd: string;
  project: () => Promise<string>;
  backend: () => Promise<string>;
}

/** Memoized, except a failure: the next look asks again. */
function once<T>(get: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () =>
    (value ??= get().catch((error: unknown) => {
      value = undefined;
      throw error;
    }));
}

function programOf(cwd: string): Program {
  const yaml = readProgram(cwd);
  return {
    cwd,
    project: once(async () => {
      const simple = projectNameOf(yaml);
      if (simple !== undefined) return simple;
      const workspace = await (await automation()).LocalWorkspace.create({ workDir: cwd });
      return (await workspace.projectSettings()).name;
    }),
    backend: once(() => backendUrl(cwd, process.env)),
  };
}

/** The stacks a job checks: the names given, and those of the program's stacks a glob (or --all-stacks) selects. */
async function jobStacks(selection: Extract<StackSelection, { kind: "job" }>, program: Program): Promise<string[]> {
  if (!selection.all && selection.patterns.length === 0) return selection.names;
  const { cwd } = program;
  let listed: string[];
  try {
    // A file:// backend's stacks are its files: no CLI to start for them.
    const [backend, project] = await Promise.all([program.backend(), program.project()]);
    const files = fileBackendStackNames(backend, project, os.homedir(), { names: fileNames, text: fileText });
    listed = files ?? (await listStacks(cwd)).map((summary) => summary.name);
  } catch (error) {
    throw noCli(error) ?? new DriftError(`could not list the stacks of the program in ${cwd}: ${cliMessage(error)}`, true);
  }
  const known = listed.length > 0 ? `its stacks: ${listed.join(", ")}` : "it has no stacks on this backend";
  const { stacks, unmatched } = selectStacks(selection, listed);
  if (unmatched.length > 0) {
    throw new DriftError(
      `${unmatched.map((pattern) => `--stack '${pattern}'`).join(", ")} matches none of the program's stacks in ${cwd} (${known})`,
      true,
    );
  }
  if (stacks.length === 0) throw new DriftError(`--all-stacks: the program in ${cwd} has no stacks on this backend`, true);
  return stacks;
}

async function refreshPreview(stack: Stack): Promise<DriftReport> {
  const events: EngineEvent[] = [];
  try {
    await stack.previewRefresh({ onEvent: (event) => events.push(event), color: "never" });
  } catch (error) {
    const messages = errorMessages(events);
    if (messages.some((message) => message.includes(MISSING_KEY_MESSAGE))) throw new DriftError(noApiKeyMessage(stack.name), false, true);
    throw new DriftError(`refresh of stack "${stack.name}" failed: ${messages.length > 0 ? messages.join("\n") : cliMessage(error)}`);
  }
  return driftReport(stack.name, events);
}

/** The locks of the stack: a file:// backend's lock files, a postgres:// backend's lock rows; none for others. */
async function locks(backend: string, project: string, stack: string): Promise<LockInfo[]> {
  const pg = postgresBackendLockQuery(backend, project, stack);
  if (pg) return readPostgresLocks(pg);
  const found: LockInfo[] = [];
  for (const dir of fileBackendLockDirs(backend, project, stack, os.homedir())) {
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
async function readPostgresLocks({
  connectionString,
  table,
  keyPrefixes,
}: NonNullable<ReturnType<typeof postgresBackendLockQuery>>): Promise<LockInfo[]> {
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

/**
 * The stack's state: read from the backend's file when the busy check read it (secrets still encrypted, opened only
 * when the comparison needs one: `open`), else `pulumi stack export --show-secrets` (secrets opened). Secrets stay in
 * memory, never printed.
 */
interface StoredState extends StoredCheckpoint {
  /** The export's text, to see whether it changes; undefined when read from the file (its bytes say that). */
  text?: string;
  pendingOperations: number;
  resources: number;
}

const counts = (state: ExportedState) => ({
  pendingOperations: state.deployment?.pending_operations?.length ?? 0,
  resources: state.deployment?.resources?.length ?? 0,
});

async function exportedState(cwd: string, stack: string): Promise<{ text: string; state: ExportedState }> {
  const { text, document } = await exportState(cwd, stack).catch((error: unknown) => {
    throw error instanceof PulumiCliError && error.reason === "no-such-stack" ? stackMissing(stack, cwd) : error;
  });
  return { text, state: document as ExportedState };
}

const passphraseFile = (file: string) => fs.readFileSync(path.resolve(file), "utf8");

/**
 * The state from the checkpoint file (`fromFile`), its secrets opened on demand: in this process with the passphrase
 * provider (driftSecrets.ts: one key derivation for the stack), else by the CLI's export; or the CLI's export.
 */
async function storedState(cwd: string, stack: string, fromFile: ExportedState | undefined): Promise<StoredState> {
  if (fromFile) {
    const key = once(async () => fromFile.deployment && passphraseKey(fromFile.deployment, passphraseOf(process.env, passphraseFile)));
    // Without COMPOSIO_API_KEY the reads need the key the stack recorded, set as a secret (the docs' way): the
    // stack's key is derived now (a fraction of a second of one core), beside the loading of the comparison's modules.
    if (process.env.COMPOSIO_API_KEY === undefined) void key().catch(() => undefined); // open() asks again and says why
    const exported = once(async () => {
      try {
        return (await exportedState(cwd, stack)).state;
      } catch (error) {
        if (error instanceof DriftError) throw error;
        throw noCli(error) ?? new DriftError(`could not read the secrets of stack "${stack}": ${cliMessage(error)}`);
      }
    });
    const open: StoredState["open"] = async (only) => {
      const opened = await key();
      const deployment = opened && fromFile.deployment && openedWithKey(fromFile.deployment, opened, only);
      return deployment ? { deployment } : exported();
    };
    return { state: fromFile, open, ...counts(fromFile) };
  }
  const { text, state } = await exportedState(cwd, stack);
  return { state, text, open: async () => state, ...counts(state) };
}

/**
 * The bytes a file:// backend keeps the stack's state in (fileBackendStateFiles), to read the checkpoint and to tell a
 * state written during the check without a second export; undefined for other backends (they export, and export
 * again). A missing file reads as empty.
 */
function stateFiles(backend: string, project: string, stack: string): { files: string[]; read: () => Buffer[] } | undefined {
  const files = fileBackendStateFiles(backend, project, stack, os.homedir());
  if (files.length === 0) return undefined;
  const read = () =>
    files.map((file) => {
      try {
        return fs.readFileSync(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return Buffer.alloc(0);
        throw error;
      }
    });
  return { files, read };
}

/**
 * The checkpoint those bytes hold, as an export would give it (`{ deployment }`, secrets encrypted); undefined unless
 * exactly one file is there, plain or gzipped (none: no such stack; several, or zstd: the CLI knows which and how).
 */
function checkpointOfFiles(files: readonly string[], bytes: readonly Buffer[]): ExportedState | undefined {
  const present = files.flatMap((file, i) => (bytes[i]!.length > 0 ? [{ file, data: bytes[i]! }] : []));
  if (present.length !== 1) return undefined;
  const { file, data } = present[0]!;
  const text = file.endsWith(".json")
    ? data.toString("utf8")
    : file.endsWith(".json.gz")
      ? zlib.gunzipSync(data).toString("utf8")
      : undefined;
  if (text === undefined) return undefined;
  try {
    const checkpoint = JSON.parse(text) as { checkpoint?: { latest?: ExportedState["deployment"] } };
    return { deployment: checkpoint.checkpoint?.latest ?? {} };
  } catch {
    return undefined; // not what this module knows how to read: the CLI's export says what it is
  }
}

const sameBytes = (a: readonly Buffer[], b: readonly Buffer[]) => a.length === b.length && a.every((bytes, i) => bytes.equals(b[i]!));

type Check = { kind: "busy"; reason: string } | { kind: "not-deployed" } | { kind: "report"; report: DriftReport };

/**
 * How a stack is checked once it is known to be idle and deployed: from its checkpoint, or through the engine.
 * `prepare`: what must happen before any stack is read; `warm`: starts loading what the comparison will need, while
 * the first export runs.
 */
type Compare = ((stack: string, stored: StoredCheckpoint) => Promise<DriftReport>) & {
  prepare?: (stacks: readonly string[]) => Promise<void>;
  warm?: () => void;
};

/**
 * Drift from the checkpoint (driftCheckpoint.ts). It is loaded with the provider's read, its schemas and the official
 * client while the first export runs, not at start-up: the CLI's work and the loading overlap, and --engine loads none.
 */
function fromCheckpoint(): Compare {
  const comparer = once(async () => (await import("./driftCheckpoint")).checkpointComparer());
  const compare: Compare = async (stack, stored) => (await comparer())(stack, stored);
  compare.warm = () => void comparer().catch(() => undefined); // a failure to load says itself in the compare
  return compare;
}

/**
 * Through the engine: `pulumi refresh --preview-only` of each stack. The stacks are selected one after another
 * before any is read (`pulumi stack select` writes the project's workspace file in PULUMI_HOME, which every
 * `pulumi` command reads: a select beside another command races on it); the refreshes then run in parallel, each
 * naming its stack.
 */
function throughEngine(cwd: string): Compare {
  const selected = new Map<string, Stack | DriftError>();
  const compare: Compare = async (name) => {
    const stack = selected.get(name);
    if (stack instanceof DriftError) throw stack;
    return refreshPreview(stack!);
  };
  compare.prepare = async (names) => {
    const { Stack, StackNotFoundError } = await automation();
    const workspace = await workspaceOf(cwd);
    for (const name of names) {
      const stack = await Stack.select(name, workspace).catch((error: unknown) => {
        if (error instanceof StackNotFoundError) return stackMissing(name, cwd);
        return noCli(error) ?? new DriftError(`could not select stack "${name}": ${cliMessage(error)}`);
      });
      selected.set(name, stack);
    }
  };
  return compare;
}

/** One drift check, unless another operation is running on the stack before or while it runs. */
async function checkOnce(stack: string, program: Program, compare: Compare): Promise<Check> {
  let before: StoredState;
  let reason: string | undefined;
  let stateBytes: ReturnType<typeof stateFiles>;
  let bytesBefore: Buffer[] | undefined;
  try {
    const [backend, project] = await Promise.all([program.backend(), program.project()]);
    stateBytes = stateFiles(backend, project, stack);
    // Before the export: a write after this look shows in the bytes at the end.
    bytesBefore = stateBytes?.read();
    // Only a Pulumi Cloud (or self-hosted service) backend reports an update in progress.
    const cloud = /^https?:\/\//.test(backend);
    const exported = storedState(program.cwd, stack, stateBytes && checkpointOfFiles(stateBytes.files, bytesBefore!));
    compare.warm?.();
    const summaries = cloud ? listStacks(program.cwd) : Promise.resolve([]);
    const [state, listed, found] = await Promise.all([exported, summaries, locks(backend, project, stack)]);
    const summary = listed.find((s) => s.name === stack || s.name.endsWith(`/${stack}`));
    before = state;
    const { pendingOperations } = before;
    reason = busyReason({ stack, updateInProgress: summary?.updateInProgress, locks: found, pendingOperations });
  } catch (error) {
    if (error instanceof DriftError) throw error;
    throw noCli(error) ?? new DriftError(`could not read the state of stack "${stack}": ${cliMessage(error)}`);
  }
  if (reason) return { kind: "busy", reason };
  // Not even the stack's own resource: a refresh would find nothing, and "no drift" would be a false green.
  if (before.resources === 0) return { kind: "not-deployed" };
  const packaged = packageResourceTypes(before.state.deployment?.resources ?? []);
  if (packaged.length > 0) throw new DriftError(packageResourcesMessage(stack, packaged));
  const report = await compare(stack, before).catch((error: unknown) => error);
  // An operation that started after the look above: its writes would be in the report as drift (or its
  // half-done state could have failed the refresh).
  const changed =
    stateBytes && bytesBefore ? !sameBytes(stateBytes.read(), bytesBefore) : (await exportedState(program.cwd, stack)).text !== before.text;
  if (changed) return { kind: "busy", reason: changedDuringRefresh(stack) };
  if (report instanceof Error) throw report;
  return { kind: "report", report: report as DriftReport };
}

/** Checks, waiting up to `waitMs` while the stack is busy; the last answer. */
async function check(stack: string, program: Program, waitMs: number, io: CliIo, compare: Compare): Promise<Check> {
  const deadline = Date.now() + waitMs;
  let said: string | undefined;
  for (;;) {
    const result = await checkOnce(stack, program, compare);
    if (result.kind !== "busy" || Date.now() >= deadline) return result;
    // Once per reason, not once per look: a CI log shows what it waits for, not a line every 2 s.
    if (result.reason !== said)
      io.stderr(`composio-drift: ${result.reason}; waiting (up to ${Math.ceil((deadline - Date.now()) / 1000)} s more)\n`);
    said = result.reason;
    await sleep(Math.min(WAIT_POLL_MS, Math.max(0, deadline - Date.now())));
  }
}

/** The stack's check as a result; a failure is that stack's "error", never the job's (but no CLI at all is the run's). */
async function checkStack(stack: string, program: Program, waitMs: number, io: CliIo, compare: Compare): Promise<StackResult> {
  try {
    const result = await check(stack, program, waitMs, io, compare);
    if (result.kind === "busy") return { stack, result: "busy", reason: result.reason };
    if (result.kind === "not-deployed") return { stack, result: "not-deployed", reason: notDeployedReason(stack) };
    return checked(result.report);
  } catch (error) {
    if (error instanceof DriftError && error.fatal) throw error;
    const noApiKey = error instanceof DriftError && error.noApiKey ? { noApiKey: true as const } : {};
    return { stack, result: "error", reason: messageOf(error), ...noApiKey };
  }
}

/** `fn` over `items`, at most `limit` at a time; results in the items' order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * How many stacks the run checks at once (driftArgs.ts `stacksAtOnce`). A backend the CLI cannot name is taken for
 * one whose checks run processes: each stack's check then says what failed.
 */
async function stacksAtOnceFor(program: Program, args: DriftArgs): Promise<number> {
  return stacksAtOnce(args, await program.backend().then(isFileBackend, () => false));
}

/** Checks the stacks, `atOnce` at a time, calling `onDone` as each finishes. */
async function checkStacks(
  names: readonly string[],
  program: Program,
  args: DriftArgs & { atOnce: number },
  io: CliIo,
  onDone: (result: StackResult, done: number) => void,
): Promise<StackResult[]> {
  const compare = args.engine ? throughEngine(program.cwd) : fromCheckpoint();
  await compare.prepare?.(names);
  let done = 0;
  return mapBounded(names, args.atOnce, async (name) => {
    const result = await checkStack(name, program, args.waitMs, io, compare);
    onDone(result, ++done);
    return result;
  });
}

/** One `--stack <name>`: the report as it always was (exit 2 when the stack's check fails, 4 when it is not deployed). */
function reportSingle(result: StackResult, args: DriftArgs, io: CliIo): number {
  if (result.result === "not-deployed") {
    io.stderr(`composio-drift: not checked: ${result.reason}\n`);
    if (args.json) io.stdout(formatJsonNotDeployed(result.stack, result.reason));
    return EXIT_UNCHECKED;
  }
  if (result.result === "busy") {
    const waited = args.waitMs > 0 ? ` (still, after waiting ${Math.round(args.waitMs / 1000)} s)` : "";
    io.stderr(`composio-drift: not checked: ${result.reason}${waited}. ${BUSY_ADVICE}\n`);
    if (args.json) io.stdout(formatJsonBusy(result.stack, result.reason));
    return EXIT_BUSY;
  }
  if (!("report" in result)) {
    io.stderr(`composio-drift: ${result.reason}\n`);
    if (args.json) io.stdout(formatJsonError(result.stack, result.reason));
    return EXIT_ERROR;
  }
  io.stdout(args.json ? formatJson(result.report) : formatText(result.report));
  return jobExitCode([result]);
}

/** Runs the command; returns the exit code (the bin sets it). */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const start = startCommand(
    "composio-drift",
    USAGE,
    parseDriftArgs(argv, io.workingDir),
    io,
    { help: EXIT_CLEAN, usage: EXIT_ERROR },
    (error) => {
      if (error.json) io.stdout(formatJsonError(undefined, error.message));
    },
  );
  if ("exit" in start) return start.exit;
  const { args } = start;
  const single = args.stacks.kind === "single" ? args.stacks.name : undefined;
  try {
    const program = programOf(args.cwd);
    if (args.stacks.kind === "single") {
      return reportSingle((await checkStacks([args.stacks.name], program, { ...args, atOnce: 1 }, io, () => {}))[0]!, args, io);
    }
    const names = await jobStacks(args.stacks, program);
    const atOnce = await stacksAtOnceFor(program, args);
    io.stderr(`composio-drift: checking ${names.length} stack(s), ${Math.min(atOnce, names.length)} at a time: ${names.join(", ")}\n`);
    const job = { ...args, atOnce };
    const results = await checkStacks(names, program, job, io, (result, done) => io.stderr(progressLine(result, done, names.length)));
    if (results.some((result) => result.result === "busy")) io.stderr(`composio-drift: busy stacks were not checked. ${BUSY_ADVICE}\n`);
    io.stdout(args.json ? formatJobJson(results) : formatJobText(results));
    return jobExitCode(results);
  } catch (error) {
    const message = messageOf(error);
    io.stderr(`composio-drift: ${message}\n`);
    if (args.json) io.stdout(formatJsonError(single, message));
    return EXIT_ERROR;
  }
}

runAsBin(module, main);
