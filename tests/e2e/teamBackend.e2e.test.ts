/**
 * A team's shared state backend: the root program's dev, staging and prod stacks on Pulumi's PostgreSQL DIY
 * backend (a throwaway server, testbed/postgres.ts), against the emulator, with what a team's pipelines do at
 * once: two ups of different stacks (both succeed), two ups of one stack (the second is refused at once by the
 * stack's lock, nothing half-done), a drift check during an up (busy from the stack's lock row, no drift reported).
 *
 * Nothing here depends on timing: an up is held in flight by a proxy in front of the emulator that holds the
 * answers to its PATCHes (applied on the server, not yet acknowledged, the stack's lock held) until the test has
 * started what must overlap with it and seen its outcome; only then is the answer released. The provider's
 * request timeout is longer than the test, so a held request is never retried. Needs `npm run build` first.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import type { WireAuthConfig } from "../../provider/core/wire";
import { runDrift } from "../drift/runDrift";
import { startHoldProxy, type HoldProxy } from "../../testbed/scenarios/holdProxy";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { createE2eEnv, REPO_ROOT, setConfig, up, type E2eEnv, type OpResult } from "../../testbed/harness";
import { startPostgres, type TestPostgres } from "../../testbed/postgres";

jest.setTimeout(5 * 60_000);

/** The passphrase the committed stack files are encrypted with (docs/environments-and-ci.md). */
const DEMO_PASSPHRASE = "composio-demo-passphrase";
const PROJECT = "composio-auth-configs";
const API_KEY = "SENTINEL-api-key-team-backend-8d04e7";
const ENVS = ["dev", "staging", "prod"] as const;
type Env = (typeof ENVS)[number];
/** Staging has no committed file: the test writes its config, dev's toolkits under staging's names. */
const STAGING_CONFIGS = [
  { toolkit: "github", name: "GitHub (staging)" },
  { toolkit: "notion", name: "Notion (staging)" },
  { toolkit: "hubspot", name: "HubSpot (staging)", credentials: { scopes: "sales-email-read,tickets" } },
];

let pg: TestPostgres;
let env: E2eEnv;
let composio: TestComposio;
let proxy: HoldProxy;
const stacks = {} as Record<Env, Stack>;

beforeAll(async () => {
  pg = await startPostgres("team-backend");
  composio = await startTestComposio(API_KEY);
  proxy = await startHoldProxy(composio.emulator.url);
  env = await createE2eEnv("team-backend", {
    passphrase: DEMO_PASSPHRASE,
    backendUrl: pg.backendUrl,
    // A held request must not time out and be retried while the test looks at the run.
    env: { COMPOSIO_REQUEST_TIMEOUT_MS: "600000" },
  });
}, 15 * 60_000); // a cold CLI build takes minutes

afterAll(async () => {
  proxy?.release();
  await env?.cleanup();
  await pg?.stop();
  await proxy?.close();
  await composio?.emulator.close();
});

/** A stack of the root program: dev and prod with the repository's stack files, staging with the test's config. */
/** The MCP servers each stack declares besides its three auth configs: Pulumi.dev.yaml and Pulumi.prod.yaml have one. */
const MCP_SERVERS: Record<Env, number> = { dev: 1, staging: 0, prod: 1 };

async function rootStack(name: Env): Promise<Stack> {
  const stack = await env.localStack({ programDir: REPO_ROOT, stackName: name });
  if (name === "staging") {
    // Structured config, as `pulumi config set --path` writes it (a JSON list in YAML's flow style).
    const file = path.join(stack.workspace.workDir, "Pulumi.staging.yaml");
    fs.appendFileSync(file, `config:\n  ${PROJECT}:authConfigs: ${JSON.stringify(STAGING_CONFIGS)}\n`);
  } else {
    fs.copyFileSync(path.join(REPO_ROOT, `Pulumi.${name}.yaml`), path.join(stack.workspace.workDir, `Pulumi.${name}.yaml`));
  }
  await setConfig(stack, { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": proxy.url });
  return stack;
}

/** Waits until `isHeld` (the up's PATCH is held in flight); fails with the up's output if it ends first. */
async function untilHeld(running: Promise<OpResult>, isHeld: () => boolean, what: string): Promise<void> {
  let ended: OpResult | undefined;
  void running.then((result) => (ended = result));
  const deadline = Date.now() + 180_000;
  while (!isHeld()) {
    if (ended) throw new Error(`${what}: the up ended first:\n${ended.output}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The auth config ids in the stack's state, by URN name. */
async function stateIds(stack: Stack): Promise<string[]> {
  const { deployment } = await env.exportStack(stack);
  expect(deployment.deployment.pending_operations ?? []).toEqual([]);
  return (deployment.deployment.resources as { type: string; id?: string }[])
    .filter((resource) => resource.type.endsWith("AuthConfig"))
    .map((resource) => resource.id!);
}

/** The stacks' lock rows in the backend's table (the DIY backend's `.pulumi/locks/...` files). */
async function lockKeys(): Promise<string[]> {
  const rows = await pg.query<{ key: string }>("SELECT key FROM pulumi_state WHERE key LIKE 'state/.pulumi/locks/%' ORDER BY key");
  return rows.map((row) => row.key);
}

/**
 * Holds the answers to the PATCHes of the given stacks' auth configs (by their ids); counts them per stack.
 * The up that sent one stays in flight, holding its stack's lock, until proxy.release().
 */
async function holdPatchesOf(...names: Env[]): Promise<Record<Env, number>> {
  const held = { dev: 0, staging: 0, prod: 0 };
  const owners = new Map<string, Env>();
  for (const name of names) for (const id of await stateIds(stacks[name])) owners.set(id, name);
  proxy.holding = (method, url) => {
    const owner = method === "PATCH" ? owners.get(url.split("?")[0].split("/").pop()!) : undefined;
    if (owner) held[owner]++;
    return owner !== undefined;
  };
  return held;
}

/** Renames the stack's auth config `index` in its config (an in-place update: one PATCH). */
async function rename(name: Env, index: number, newName: string): Promise<void> {
  await setConfig(stacks[name], { [`authConfigs[${index}].name`]: newName }, { path: true });
}

const serverById = async () => new Map((await composio.list()).map((config): [string, WireAuthConfig] => [config.id, config]));

test("dev, staging and prod come up on the PostgreSQL backend; `pulumi stack ls` lists all three", async () => {
  for (const name of ENVS) {
    stacks[name] = await rootStack(name);
    expect((await up(stacks[name])).changes).toEqual({ create: 4 + MCP_SERVERS[name] }); // the stack, three auth configs, servers
  }
  const listed = await env.pulumi(["stack", "ls", "--json"], { cwd: stacks.dev.workspace.workDir });
  expect(listed.code).toBe(0);
  expect((JSON.parse(listed.stdout) as { name: string }[]).map((stack) => stack.name).sort()).toEqual(["dev", "prod", "staging"]);
  // The state is in PostgreSQL (keys prefixed with the URL's database path), not in a file.
  const keys = (
    await pg.query<{ key: string }>(`SELECT key FROM pulumi_state WHERE key LIKE 'state/.pulumi/stacks/${PROJECT}/%.json'`)
  ).map((row) => row.key);
  expect(keys.sort()).toEqual(ENVS.map((name) => `state/.pulumi/stacks/${PROJECT}/${name}.json`).sort());

  const server = await serverById();
  expect(server.size).toBe(9);
  const staging = (await stateIds(stacks.staging)).map((id) => server.get(id)?.name);
  expect(staging.sort()).toEqual(STAGING_CONFIGS.map((config) => config.name).sort());
  expect(await lockKeys()).toEqual([]);
});

test("two ups of different stacks at once: both hold their locks at the same time, both succeed", async () => {
  await rename("dev", 0, "GitHub dev r2");
  await rename("staging", 0, "GitHub staging r2");
  const held = await holdPatchesOf("dev", "staging");
  const started = Date.now();
  const devUp = up(stacks.dev, { allowFailure: true });
  await untilHeld(devUp, () => held.dev >= 1, "the dev up's PATCH held");
  const stagingUp = up(stacks.staging, { allowFailure: true });
  await untilHeld(stagingUp, () => held.staging >= 1, "the staging up's PATCH held");
  // Both in flight at once, each holding its own stack's lock.
  const locks = await lockKeys();
  expect(locks).toHaveLength(2);
  expect(locks.map((key) => key.split("/").slice(-3, -1).join("/")).sort()).toEqual([`${PROJECT}/dev`, `${PROJECT}/staging`]);
  proxy.release();

  const results = await Promise.all([devUp, stagingUp]);
  for (const [result, name] of [
    [results[0], "dev"],
    [results[1], "staging"],
  ] as const) {
    expect([result.ok, result.output]).toEqual([true, expect.any(String)]);
    expect(result.changes).toEqual({ update: 1, same: 3 + MCP_SERVERS[name] });
  }
  process.stderr.write(`two ups of different stacks at once: ${Date.now() - started} ms\n`);
  const names = [...(await serverById()).values()].map((config) => config.name);
  expect(names).toEqual(expect.arrayContaining(["GitHub dev r2", "GitHub staging r2"]));
  expect(await lockKeys()).toEqual([]);
});

test("two ups of the same stack: the second fails fast on the lock, the first completes, nothing half-done", async () => {
  await rename("prod", 0, "GitHub prod r2");
  const postsBefore = (await composio.control.stats()).byRoute["POST /auth_configs"] ?? 0;
  const held = await holdPatchesOf("prod");
  let firstDone = false;
  const first = up(stacks.prod, { allowFailure: true }).finally(() => (firstDone = true));
  await untilHeld(first, () => held.prod >= 1, "the first prod up's PATCH held");

  const started = Date.now();
  const second: OpResult = await up(stacks.prod, { allowFailure: true });
  const refusedMs = Date.now() - started;
  expect(second.ok).toBe(false);
  expect(second.output).toMatch(/the stack is currently locked by 1 lock\(s\)\. Either wait for the other process\(es\) to end/);
  expect(second.output).toMatch(/created by .+@.+ \(pid \d+\) at /);
  // Refused while the first was still in flight (it is held until released below), its change not yet answered.
  expect(firstDone).toBe(false);
  expect(held.prod).toBe(1);
  process.stderr.write(`second up of a locked stack refused after ${refusedMs} ms\n`);
  proxy.release();

  const result = await first;
  expect([result.ok, result.changes]).toEqual([true, { update: 1, same: 3 + MCP_SERVERS.prod }]);
  // Nothing half-done: the server holds exactly the configs the three states name (no duplicate, nothing
  // created by the refused up), prod's with the new name; no pending operation, no lock left.
  const server = await serverById();
  const ids = (await Promise.all(ENVS.map((name) => stateIds(stacks[name])))).flat();
  expect(new Set(ids).size).toBe(9);
  expect([...server.keys()].sort()).toEqual([...ids].sort());
  expect((await composio.control.stats()).byRoute["POST /auth_configs"] ?? 0).toBe(postsBefore);
  const prodNames = (await stateIds(stacks.prod)).map((id) => server.get(id)!.name);
  expect(prodNames.sort()).toEqual(["GitHub prod r2", "HubSpot", "Notion"]);
  expect(await lockKeys()).toEqual([]);
});

test("a drift check during an up of the same stack (checkpoints skipped: the lock row is the only sign): busy, no drift", async () => {
  await rename("staging", 1, "Notion staging r2");
  // A team's large stacks often skip the per-step state writes; then no pending operation shows a running up.
  const workspaceEnv = (stacks.staging.workspace as LocalWorkspace).envVars;
  workspaceEnv.PULUMI_SKIP_CHECKPOINTS = "true";
  const held = await holdPatchesOf("staging");
  const running = up(stacks.staging, { allowFailure: true });
  try {
    await untilHeld(running, () => held.staging >= 1, "the staging up's PATCH held");
  } finally {
    delete workspaceEnv.PULUMI_SKIP_CHECKPOINTS;
  }
  // The server already has the new name, the state neither it nor a pending operation: a drift check that
  // did not see the lock would report the deploy as drift.
  expect([...(await serverById()).values()].some((config) => config.name === "Notion staging r2")).toBe(true);
  expect((await env.exportStack(stacks.staging)).deployment.deployment.pending_operations ?? []).toEqual([]);

  const drift = { cwd: stacks.staging.workspace.workDir, env: env.envVars };
  const busy = await runDrift(["--stack", "staging"], drift);
  proxy.release();
  expect((await running).ok).toBe(true);

  expect(busy.code).toBe(3);
  expect(busy.stdout).not.toMatch(/differ/);
  // Who holds the lock, where and since when: read from the lock's row in the backend's table.
  expect(busy.stderr).toMatch(/not checked: stack "staging" is locked by a running Pulumi operation \(by .+@.+ \(pid \d+\) at /);

  const after = await runDrift(["--stack", "staging"], drift);
  expect([after.code, after.stdout]).toEqual([0, expect.stringMatching(/No drift: the 3 auth config\(s\)/)]);
});
