/**
 * After a `pulumi up` was killed mid-create (kill -9, a lost CI runner): puts into the stack's state the
 * auth configs that the interrupted creates did make, and drops the creates that made nothing, so the
 * next `pulumi up` neither orphans nor duplicates a config. See README "Reliability and recovery".
 *
 *   node scripts/reliability/run.js scripts/reliability/recoverPendingCreates.ts [--stack NAME] [--cwd DIR] [--dry-run]
 *
 * Uses `pulumi` on PATH, in DIR (default: the current directory), and the stack's composio:apiKey /
 * composio:baseUrl (or COMPOSIO_API_KEY / COMPOSIO_BASE_URL) to look each pending config up by its name
 * and toolkit. Then run `pulumi refresh --yes` and `pulumi up`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ComposioApi } from "../../provider/client";
import { resolveSettings } from "../../provider/settings";
import { pendingCreates, resolvePendingCreates, type PendingCreate } from "./pendingCreates";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const cwd = option("--cwd") ?? process.cwd();
const stack = option("--stack");
const dryRun = process.argv.includes("--dry-run");
const stackArgs = stack ? ["--stack", stack] : [];

function pulumi(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync("pulumi", [...args, ...stackArgs], { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new Error(`could not run pulumi (is it on PATH?): ${r.error.message}`);
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

class RecoveryError extends Error {}

/** The one config on the server that the pending create made, undefined if none. */
async function lookUp(api: ComposioApi, create: PendingCreate, managed: Set<string>): Promise<string | undefined> {
  if (!create.name) {
    throw new RecoveryError(`${create.urn}: its name is a secret, so it cannot be looked up here; find it in the Composio dashboard.`);
  }
  const listed = await api.listAuthConfigs({ toolkit_slug: create.toolkit, search: create.name, show_disabled: true });
  const matches = listed.filter(
    (config) => config.name === create.name && config.toolkit.slug === create.toolkit && config.type === create.kind && !managed.has(config.id),
  );
  if (matches.length > 1) {
    throw new RecoveryError(
      `${create.urn}: ${matches.length} configs named "${create.name}" (toolkit "${create.toolkit}") are not in this stack ` +
        `(${matches.map((config) => config.id).join(", ")}); delete the extra ones in the dashboard, then run this again.`,
    );
  }
  return matches[0]?.id;
}

async function main(): Promise<void> {
  const exported = pulumi(["stack", "export"]);
  if (exported.code !== 0) throw new RecoveryError(`pulumi stack export failed:\n${exported.stderr}`);
  const state = JSON.parse(exported.stdout);
  const { creates, foreign, managedIds } = pendingCreates(state);
  if (foreign.length > 0) {
    throw new RecoveryError(`pending creates of other resource types, resolve them first (pulumi refresh, interactively):\n  ${foreign.join("\n  ")}`);
  }
  if (creates.length === 0) {
    console.log("No pending auth config creates in this stack. (If the stack is locked by a killed run: pulumi cancel.)");
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
    console.log(id ? `adopt  ${create.urn} = ${id} ("${create.name}")` : `drop   ${create.urn} ("${create.name}" is not on the server; the next up creates it)`);
  }
  if (dryRun) return;
  const dir = mkdtempSync(join(tmpdir(), "recover-"));
  try {
    const file = join(dir, "state.json");
    writeFileSync(file, JSON.stringify(resolvePendingCreates(state, found)), { mode: 0o600 });
    const imported = pulumi(["stack", "import", "--file", file]);
    if (imported.code !== 0) throw new RecoveryError(`pulumi stack import failed:\n${imported.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`State updated: ${found.size} adopted, ${creates.length - found.size} dropped. Next: pulumi refresh --yes, then pulumi up.`);
}

main().catch((error) => {
  console.error(error instanceof RecoveryError ? `recoverPendingCreates: ${error.message}` : error);
  process.exit(1);
});
