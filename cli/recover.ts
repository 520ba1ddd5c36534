#!/usr/bin/env node
/**
 * `composio-recover [--stack NAME] [--cwd DIR] [--dry-run]`: after a `pulumi up` was killed mid-create
 * (kill -9, a lost CI runner), puts into the stack's state the auth configs that the interrupted creates
 * did make, and drops the creates that made nothing, so the next `pulumi up` neither orphans nor
 * duplicates a config. See docs/reliability-and-recovery.md, "After an interrupted run".
 *
 * Uses `pulumi` on PATH, in DIR (default: the current directory), and the stack's composio:apiKey /
 * composio:baseUrl (or COMPOSIO_API_KEY / COMPOSIO_BASE_URL) to look each pending config up by its name
 * and toolkit. Then run `pulumi refresh --yes` and `pulumi up`.
 *
 * Exit code 0: the state was updated (or there was nothing to recover; with --dry-run, what it would
 * do was printed); 1: stopped without changing anything, with the reason; 2: bad arguments.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ComposioApi } from "../provider/api/client";
import { resolveSettings } from "../provider/api/settings";
import { COMMON_OPTIONS, processIo, runAsBin, startCommand, type CliIo, type ParsedArgs } from "./cliIo";
import { pendingCreates, resolvePendingCreates, type PendingCreate } from "./pendingCreates";

export const USAGE =
  "usage: composio-recover [--stack <name>] [--cwd <program dir>] [--dry-run]\n" +
  "  After a `pulumi up` was killed mid-create: adopts into the state the auth configs its pending creates made\n" +
  "  (looked up on Composio by name and toolkit) and drops the others. Run `pulumi cancel` first if the stack is\n" +
  "  locked; afterwards `pulumi refresh --yes`, then `pulumi up`. --dry-run only prints what it would do.\n" +
  "  Exit code: 0 done (or nothing to do), 1 stopped without changes, 2 bad arguments.";

export const EXIT_OK = 0;
export const EXIT_STOPPED = 1;
export const EXIT_USAGE = 2;

interface RecoverArgs {
  stack?: string;
  cwd: string;
  dryRun: boolean;
}

class RecoveryError extends Error {}

type Parsed = ParsedArgs<RecoverArgs>;

export function parseRecoverArgs(argv: readonly string[], workingDir: string): Parsed {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        ...COMMON_OPTIONS,
        "dry-run": { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) return { kind: "help" };
    return {
      kind: "run",
      args: { stack: values.stack, cwd: path.resolve(workingDir, values.cwd ?? "."), dryRun: values["dry-run"] ?? false },
    };
  } catch (error) {
    return { kind: "error", message: (error as Error).message };
  }
}

function pulumiIn({ stack, cwd }: RecoverArgs) {
  const stackArgs = stack ? ["--stack", stack] : [];
  return (args: string[]): { code: number; stdout: string; stderr: string } => {
    const r = spawnSync("pulumi", [...args, ...stackArgs], { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (r.error) throw new RecoveryError(`could not run pulumi (is it on PATH?): ${r.error.message}`);
    return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
  };
}

/** The one config on the server that the pending create made, undefined if none. */
async function lookUp(api: ComposioApi, create: PendingCreate, managed: Set<string>): Promise<string | undefined> {
  if (!create.name) {
    throw new RecoveryError(`${create.urn}: its name is a secret, so it cannot be looked up here; find it in the Composio dashboard.`);
  }
  const listed = await api.listAuthConfigs({ toolkit_slug: create.toolkit, search: create.name, show_disabled: true });
  const matches = listed.filter(
    (config) =>
      config.name === create.name && config.toolkit.slug === create.toolkit && config.type === create.kind && !managed.has(config.id),
  );
  if (matches.length > 1) {
    throw new RecoveryError(
      `${create.urn}: ${matches.length} configs named "${create.name}" (toolkit "${create.toolkit}") are not in this stack ` +
        `(${matches.map((config) => config.id).join(", ")}); delete the extra ones in the dashboard, then run this again.`,
    );
  }
  return matches[0]?.id;
}

async function recover(args: RecoverArgs, io: CliIo): Promise<void> {
  const pulumi = pulumiIn(args);
  const exported = pulumi(["stack", "export"]);
  if (exported.code !== 0) throw new RecoveryError(`pulumi stack export failed:\n${exported.stderr.trim()}`);
  const state = JSON.parse(exported.stdout);
  const { creates, foreign, managedIds } = pendingCreates(state);
  if (foreign.length > 0) {
    throw new RecoveryError(
      `pending creates of other resource types, resolve them first (pulumi refresh, interactively):\n  ${foreign.join("\n  ")}`,
    );
  }
  if (creates.length === 0) {
    io.stdout("No pending auth config creates in this stack. (If the stack is locked by a killed run: pulumi cancel.)\n");
    return;
  }
  const config = (key: string) => {
    const r = pulumi(["config", "get", key]);
    return r.code === 0 ? r.stdout.trim() : undefined;
  };
  const api = new ComposioApi(resolveSettings(config, process.env));
  const found = new Map<string, string>();
  for (const create of creates) {
    const id = await lookUp(api, create, managedIds);
    if (id) found.set(create.urn, id);
    io.stdout(
      id
        ? `adopt  ${create.urn} = ${id} ("${create.name}")\n`
        : `drop   ${create.urn} ("${create.name}" is not on the server; the next up creates it)\n`,
    );
  }
  if (args.dryRun) return;
  const dir = mkdtempSync(path.join(tmpdir(), "recover-"));
  try {
    const file = path.join(dir, "state.json");
    writeFileSync(file, JSON.stringify(resolvePendingCreates(state, found)), { mode: 0o600 });
    const imported = pulumi(["stack", "import", "--file", file]);
    if (imported.code !== 0) throw new RecoveryError(`pulumi stack import failed:\n${imported.stderr.trim()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  io.stdout(`State updated: ${found.size} adopted, ${creates.length - found.size} dropped. Next: pulumi refresh --yes, then pulumi up.\n`);
}

/** Runs the command; returns the exit code (the bin sets it). */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const start = startCommand("composio-recover", USAGE, parseRecoverArgs(argv, io.workingDir), io, { help: EXIT_OK, usage: EXIT_USAGE });
  if ("exit" in start) return start.exit;
  try {
    await recover(start.args, io);
    return EXIT_OK;
  } catch (error) {
    // A RecoveryError says what to do; the API's errors (ComposioApiError) say what failed and name the setting.
    io.stderr(`composio-recover: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_STOPPED;
  }
}

runAsBin(module, main);
