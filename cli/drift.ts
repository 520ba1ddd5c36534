#!/usr/bin/env node
/**
 * `composio-drift (--stack <name or glob>)... | --all-stacks [--cwd DIR] [--json] [--wait D] [--parallel N] [--engine]`:
 * the drift check for pipelines. For each stack of the program in DIR, reads its last checkpoint through the
 * Automation API (`pulumi stack export`, which the busy check reads anyway; secrets opened by the stack's own
 * secrets provider, never printed) and the live auth configs from one listing per Composio project (API key and
 * base URL: every stack of the run that uses the project shares it), and reports each auth config whose live
 * settings differ from the last `pulumi up`, with the provider's own read (driftPlan.ts): no program, no engine
 * run, no provider process. `--engine` runs `pulumi refresh --preview-only` instead and reads the engine's
 * structured events: the same verdict (tests/drift/equivalence.e2e.test.ts). Several stacks (repeated
 * --stack, a glob, --all-stacks: the program's stacks on the current backend) are checked N at a time, each
 * reported on stderr as it finishes, then in a summary table (driftJob.ts).
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
import { setTimeout as sleep } from "node:timers/promises";
import { CommandError, LocalWorkspace, Stack, StackNotFoundError, type EngineEvent } from "@pulumi/pulumi/automation";
import { parseDriftArgs, USAGE, type DriftArgs, type StackSelection } from "./driftArgs";
import { processIo, runAsBin, startCommand, type CliIo } from "./cliIo";
import { BUSY_ADVICE, busyReason, changedDuringRefresh, fileBackendLockDirs, postgresBackendLockQuery, postgresLocks, type LockInfo } from "./driftBusy";
import { formatJson, formatJsonBusy, formatJsonError, formatJsonNotDeployed, formatText } from "./driftFormat";
import { checked, EXIT_BUSY, EXIT_CLEAN, EXIT_ERROR, EXIT_UNCHECKED, formatJobJson, formatJobText, jobExitCode, notDeployedReason, progressLine, selectStacks, type StackResult } from "./driftJob";
import { driftReport, errorMessages, oncePerCause, type DriftReport } from "./driftReport";
import { checkpointConfigs, checkpointReport, listingServes, needsRead, plainValue, recordedProviderConfig, type ExportedState } from "./driftPlan";
import { MISSING_KEY_MESSAGE, ProviderSettingsError, resolveSettings, type ProviderSettings } from "../provider/api/settings";
import { ComposioApi } from "../provider/api/client";
import { settingsKey } from "../provider/api/memo";
import type { WireAuthConfig } from "../provider/core/wire";

export { EXIT_BUSY, EXIT_CLEAN, EXIT_DRIFT, EXIT_ERROR, EXIT_UNCHECKED } from "./driftJob";

/** How often --wait looks again. */
const WAIT_POLL_MS = 2_000;

/**
 * A failure with the message to print; `fatal`: the run fails as a whole (exit 2), not one stack's check;
 * `noApiKey`: the stack's refresh had no API key (its result fails the job, exit 2, after every stack is checked).
 */
class DriftError extends Error {
  constructor(
    message: string,
    readonly fatal = false,
    readonly noApiKey = false,
  ) {
    super(message);
  }
}

/** A refresh with no key at all: said as such (the provider says it once per config), naming both places a key may be. */
const noApiKeyMessage = (stack: string) =>
  `no Composio API key for stack "${stack}": neither composio:apiKey in the stack's config nor COMPOSIO_API_KEY in this ` +
  `environment is set. Export COMPOSIO_API_KEY for the check (e.g. from the pipeline's secrets), or set the stack's key ` +
  `with \`pulumi config set --secret composio:apiKey <key> --stack ${stack}\` and run \`pulumi up\` (a refresh uses the settings of the last up).`;

/** The last lines of the CLI's stderr: its own error message, without the usage noise before it. */
function cliMessage(error: unknown): string {
  if (error instanceof CommandError) {
    // The Automation API keeps the CLI's result in a private field; its stderr holds the CLI's message.
    const result: unknown = Reflect.get(error, "commandResult");
    const stderr = result !== null && typeof result === "object" && "stderr" in result && typeof result.stderr === "string" ? result.stderr.trim() : "";
    if (stderr) return stderr.split("\n").slice(-5).join("\n");
  }
  return error instanceof Error ? error.message : String(error);
}

const messageOf = (error: unknown) => (error instanceof DriftError ? error.message : `unexpected failure: ${(error as Error)?.stack ?? String(error)}`);

/** No `pulumi` to run: nothing can be checked. */
function noCli(error: unknown): DriftError | undefined {
  if ((error as NodeJS.ErrnoException).code !== "ENOENT") return undefined;
  return new DriftError("the Pulumi CLI (`pulumi`) was not found on PATH; install it or put it on PATH", true);
}

function requireProgram(cwd: string): void {
  if (!["Pulumi.yaml", "Pulumi.yml"].some((file) => fs.existsSync(path.join(cwd, file)))) {
    throw new DriftError(`no Pulumi.yaml in ${cwd}; run in the program's directory or pass --cwd <program dir>`, true);
  }
}

/**
 * The program's workspace, made once for the run (each one asks the CLI its version). PULUMI_SKIP_CONFIRMATIONS=true
 * (a CI's or a shell's) makes the CLI add --yes, which it refuses with --preview-only.
 */
function workspaceOf(cwd: string): Promise<LocalWorkspace> {
  return LocalWorkspace.create({ workDir: cwd, envVars: { PULUMI_SKIP_CONFIRMATIONS: "false" } }).catch((error: unknown) => {
    throw noCli(error) ?? new DriftError(`could not start a Pulumi workspace in ${cwd}: ${cliMessage(error)}`, true);
  });
}

async function selectStack(stack: string, workspace: LocalWorkspace): Promise<Stack> {
  try {
    return await Stack.select(stack, workspace);
  } catch (error) {
    if (error instanceof StackNotFoundError) {
      throw new DriftError(`stack "${stack}" does not exist for the program in ${workspace.workDir} (\`pulumi stack ls\` lists its stacks)`);
    }
    throw noCli(error) ?? new DriftError(`could not select stack "${stack}": ${cliMessage(error)}`);
  }
}

/** The stacks a job checks: the names given, and those of the program's stacks a glob (or --all-stacks) selects. */
async function jobStacks(selection: Extract<StackSelection, { kind: "job" }>, workspace: LocalWorkspace): Promise<string[]> {
  if (!selection.all && selection.patterns.length === 0) return selection.names;
  const cwd = workspace.workDir;
  let listed: string[];
  try {
    listed = (await workspace.listStacks()).map((summary) => summary.name);
  } catch (error) {
    throw noCli(error) ?? new DriftError(`could not list the stacks of the program in ${cwd}: ${cliMessage(error)}`, true);
  }
  const known = listed.length > 0 ? `its stacks: ${listed.join(", ")}` : "it has no stacks on this backend";
  const { stacks, unmatched } = selectStacks(selection, listed);
  if (unmatched.length > 0) {
    throw new DriftError(`${unmatched.map((pattern) => `--stack '${pattern}'`).join(", ")} matches none of the program's stacks in ${cwd} (${known})`, true);
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

/**
 * The state (the Automation API exports it with --show-secrets: secrets in memory only, never printed), to see
 * whether another operation writes it meanwhile, and the checkpoint a check without the engine reads.
 */
async function storedState(stack: Stack): Promise<{ text: string; pendingOperations: number; resources: number; state: ExportedState }> {
  const deployment = await stack.exportStack();
  return {
    state: deployment as ExportedState,
    text: JSON.stringify(deployment),
    pendingOperations: deployment.deployment?.pending_operations?.length ?? 0,
    resources: deployment.deployment?.resources?.length ?? 0,
  };
}

type Check = { kind: "busy"; reason: string } | { kind: "not-deployed" } | { kind: "report"; report: DriftReport };

/**
 * One Composio API client per project (API key and base URL) for the whole run: its reads coalesce into one
 * listing (coalescedReads.ts), so every stack of the run that uses the project is served by the same listing.
 * Unless the listing may be older than the stack's checkpoint (an `up` finished after it began): then that stack
 * gets a fresh listing, which the stacks after it share, so a listing never predates the state it is compared with.
 */
class Projects {
  private readonly apis = new Map<string, { api: ComposioApi; since: number }>();

  api(settings: ProviderSettings, checkpointWrittenAt: number): ComposioApi {
    const key = settingsKey(settings);
    const known = this.apis.get(key);
    if (known && listingServes(known.since, checkpointWrittenAt)) return known.api;
    const fresh = { api: new ComposioApi(settings), since: Date.now() };
    this.apis.set(key, fresh);
    return fresh.api;
  }
}

/** How a stack is checked once it is known to be idle and deployed: from its checkpoint, or through the engine. */
type Compare = (stack: Stack, state: ExportedState) => Promise<DriftReport>;

/** The settings a refresh would configure the provider with: the config recorded at the last up, else the environment. */
function settingsFor(stack: string, state: ExportedState, provider: string | undefined): ProviderSettings {
  try {
    return resolveSettings(recordedProviderConfig(state, provider), process.env);
  } catch (error) {
    if (error instanceof ProviderSettingsError && error.setting === "composio:apiKey") throw new DriftError(noApiKeyMessage(stack), false, true);
    throw new DriftError(`stack "${stack}": ${(error as Error).message}`);
  }
}

/** Drift from the checkpoint: each config read live (one listing per project, a GET for one it lacks), then driftPlan.ts. */
function fromCheckpoint(projects: Projects): Compare {
  return async (stack, state) => {
    const configs = checkpointConfigs(state);
    // No time recorded (never the case for a CLI-written checkpoint): as if written just now, a fresh listing.
    const writtenAt = Date.parse(state.deployment?.manifest?.time ?? "") || Date.now();
    // Each project's client chosen once for the stack: all its configs are read with the same listing.
    const chosen = new Map<string, ComposioApi>();
    const apiFor = (settings: ProviderSettings) => {
      const key = settingsKey(settings);
      if (!chosen.has(key)) chosen.set(key, projects.api(settings, writtenAt));
      return chosen.get(key)!;
    };
    const reads = configs.filter(needsRead).map((config) => {
      const api = apiFor(settingsFor(stack.name, state, config.provider));
      const toolkit = plainValue(config.outputs.toolkit);
      return api.readAuthConfig(config.id, typeof toolkit === "string" ? toolkit : undefined).then((live): [string, WireAuthConfig | undefined] => [config.id, live]);
    });
    const settled = await Promise.allSettled(reads);
    const failures = settled.flatMap((result) => (result.status === "rejected" ? [String((result.reason as Error)?.message ?? result.reason)] : []));
    if (failures.length > 0) throw new DriftError(`reading the auth configs of stack "${stack.name}" failed: ${oncePerCause(failures).join("\n")}`);
    const live = new Map(settled.flatMap((result) => (result.status === "fulfilled" ? [result.value] : [])));
    return checkpointReport(stack.name, configs, live);
  };
}

const throughEngine: Compare = (stack) => refreshPreview(stack);

/** One drift check, unless another operation is running on the stack before or while it runs. */
async function checkOnce(stack: Stack, backendUrl: () => Promise<string>, compare: Compare): Promise<Check> {
  let before: Awaited<ReturnType<typeof storedState>>;
  let reason: string | undefined;
  try {
    // The two CLI calls at once: neither needs the other.
    const [backend, state] = await Promise.all([backendUrl(), storedState(stack)]);
    // Only a Pulumi Cloud (or self-hosted service) backend reports an update in progress.
    const summary = /^https?:\/\//.test(backend) ? (await stack.workspace.listStacks()).find((s) => s.name === stack.name || s.name.endsWith(`/${stack.name}`)) : undefined;
    before = state;
    reason = busyReason({ stack: stack.name, updateInProgress: summary?.updateInProgress, locks: await locks(stack, backend), pendingOperations: before.pendingOperations });
  } catch (error) {
    throw new DriftError(`could not read the state of stack "${stack.name}": ${cliMessage(error)}`);
  }
  if (reason) return { kind: "busy", reason };
  // Not even the stack's own resource: a refresh would find nothing, and "no drift" would be a false green.
  if (before.resources === 0) return { kind: "not-deployed" };
  const report = await compare(stack, before.state).catch((error: unknown) => error);
  // An operation that started after the look above: its writes would be in the report as drift (or its
  // half-done state could have failed the refresh).
  if ((await storedState(stack)).text !== before.text) return { kind: "busy", reason: changedDuringRefresh(stack.name) };
  if (report instanceof Error) throw report;
  return { kind: "report", report: report as DriftReport };
}

/** Checks, waiting up to `waitMs` while the stack is busy; the last answer. */
async function check(stack: Stack, waitMs: number, io: CliIo, backendUrl: () => Promise<string>, compare: Compare): Promise<Check> {
  const deadline = Date.now() + waitMs;
  let said: string | undefined;
  for (;;) {
    const result = await checkOnce(stack, backendUrl, compare);
    if (result.kind !== "busy" || Date.now() >= deadline) return result;
    // Once per reason, not once per look: a CI log shows what it waits for, not a line every 2 s.
    if (result.reason !== said) io.stderr(`composio-drift: ${result.reason}; waiting (up to ${Math.ceil((deadline - Date.now()) / 1000)} s more)\n`);
    said = result.reason;
    await sleep(Math.min(WAIT_POLL_MS, Math.max(0, deadline - Date.now())));
  }
}

/** The stack's check as a result; a failure is that stack's "error", never the job's. */
async function checkStack(stack: Stack, waitMs: number, io: CliIo, backendUrl: () => Promise<string>, compare: Compare): Promise<StackResult> {
  try {
    const result = await check(stack, waitMs, io, backendUrl, compare);
    if (result.kind === "busy") return { stack: stack.name, result: "busy", reason: result.reason };
    if (result.kind === "not-deployed") return { stack: stack.name, result: "not-deployed", reason: notDeployedReason(stack.name) };
    return checked(result.report);
  } catch (error) {
    return { stack: stack.name, result: "error", reason: messageOf(error), ...(error instanceof DriftError && error.noApiKey ? { noApiKey: true as const } : {}) };
  }
}

/** `fn` over `items`, at most `limit` at a time; results in the items' order. `fn` must not reject. */
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
 * Checks the stacks, `parallel` at a time, calling `onDone` as each finishes. The stacks are selected one after
 * another first: `pulumi stack select` writes the project's workspace file in PULUMI_HOME, which concurrent
 * selects (and reads by the checks) would race on; every later command names its stack itself.
 */
async function checkStacks(
  names: readonly string[],
  workspace: LocalWorkspace,
  args: DriftArgs,
  io: CliIo,
  onDone: (result: StackResult, done: number) => void,
): Promise<StackResult[]> {
  const selected: (Stack | StackResult)[] = [];
  for (const name of names) {
    selected.push(
      await selectStack(name, workspace).catch((error: unknown): StackResult => {
        if (error instanceof DriftError && error.fatal) throw error;
        return { stack: name, result: "error", reason: messageOf(error) };
      }),
    );
  }
  // whoami knows the backend whichever way it was chosen (PULUMI_BACKEND_URL, Pulumi.yaml, pulumi login): asked
  // once, since every stack of the run has the same program directory and environment (not once per --wait look).
  let backend: Promise<string> | undefined;
  const backendUrl = (stack: Stack) => () =>
    (backend ??= stack.workspace.whoAmI().then(
      (who) => who.url ?? "",
      (error: unknown) => {
        backend = undefined; // the next look asks again
        throw error;
      },
    ));
  const compare = args.engine ? throughEngine : fromCheckpoint(new Projects());
  let done = 0;
  return mapBounded(selected, args.parallel, async (item) => {
    const result = item instanceof Stack ? await checkStack(item, args.waitMs, io, backendUrl(item), compare) : item;
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
  const start = startCommand("composio-drift", USAGE, parseDriftArgs(argv, io.workingDir), io, { help: EXIT_CLEAN, usage: EXIT_ERROR }, (error) => {
    if (error.json) io.stdout(formatJsonError(undefined, error.message));
  });
  if ("exit" in start) return start.exit;
  const { args } = start;
  const single = args.stacks.kind === "single" ? args.stacks.name : undefined;
  try {
    requireProgram(args.cwd);
    const workspace = await workspaceOf(args.cwd);
    if (args.stacks.kind === "single") return reportSingle((await checkStacks([args.stacks.name], workspace, args, io, () => {}))[0]!, args, io);
    const names = await jobStacks(args.stacks, workspace);
    io.stderr(`composio-drift: checking ${names.length} stack(s), ${Math.min(args.parallel, names.length)} at a time: ${names.join(", ")}\n`);
    const results = await checkStacks(names, workspace, args, io, (result, done) => io.stderr(progressLine(result, done, names.length)));
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
