/**
 * A scheduled drift check that overlaps a deploy must not report the deploy as drift. A real `pulumi up`
 * of 10 updates is held in flight by a proxy in front of the emulator: its PATCHes reach the server
 * (which then has the new names) while their answers are held (so the state still has the old ones),
 * which is exactly what the drift check saw as "N of 10 auth configs differ". Nothing here depends on
 * timing: the up stays in flight until the test releases it, and the provider's request timeout is
 * longer than the test. Needs `npm run build` first (npm test does it).
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { AuthConfig } from "../../sdk";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { createE2eEnv, up, type E2eEnv, type OpResult } from "../../testbed/harness";
import { startHoldProxy, type HoldProxy } from "../../testbed/scenarios/holdProxy";
import { startDrift, until, type RunningDrift } from "./runDrift";

// Each test runs an up and the drift command (several CLI calls) two or three times: minutes on a busy machine.
jest.setTimeout(12 * 60_000);

const API_KEY = "drift-busy-key";
const N = 10;

let env: E2eEnv;
let composio: TestComposio;
let proxy: HoldProxy;
let stack: Stack;
let revision = 0;

beforeAll(async () => {
  composio = await startTestComposio(API_KEY);
  proxy = await startHoldProxy(composio.emulator.url);
  // A held request must not time out and be retried while the test looks at the run.
  env = await createE2eEnv("drift-busy", { env: { COMPOSIO_REQUEST_TIMEOUT_MS: "600000" } });
  stack = await env.inlineStack({
    projectName: "drift-busy",
    program: async () => {
      for (let i = 0; i < N; i++) new AuthConfig(`config-${i}`, { toolkit: "github", name: `config ${i} r${revision}` });
    },
    config: { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": proxy.url },
  });
  await up(stack);
}, 15 * 60_000);
afterAll(async () => {
  await env?.cleanup();
  await proxy?.close();
  await composio?.emulator.close();
});

function drift(args: string[]): RunningDrift {
  return startDrift(["--stack", stack.name, ...args], { cwd: stack.workspace.workDir, env: env.envVars });
}

/**
 * An `up` that renames all N, returned once at least `k` renames are on the server and unacknowledged.
 * (In an object: an async function returning the promise itself would wait for it.)
 */
async function upHeldInFlight(k: number): Promise<{ running: Promise<OpResult> }> {
  revision++;
  proxy.holding = (method, url) => method === "PATCH" && /\/auth_configs\/ac_\w+$/.test(url.split("?")[0]);
  const running = up(stack, { allowFailure: true });
  await until(() => proxy.held() >= k, `${k} renames applied and held (held: ${proxy.held()})`);
  return { running };
}

test("while an up of 10 updates is in flight: exit 3, busy, no drift reported; after it, exit 0", async () => {
  const heldBefore = proxy.held();
  const { running } = await upHeldInFlight(heldBefore + 3);
  // The server already has new names the state does not: what used to be reported as drift.
  expect((await composio.list()).filter((config) => config.name.endsWith(`r${revision}`)).length).toBeGreaterThanOrEqual(3);

  const busy = await drift([]).done;
  proxy.release();
  expect((await running).ok).toBe(true);

  expect(busy.code).toBe(3);
  expect(busy.stdout).not.toMatch(/differ/);
  expect(busy.stderr).toMatch(/not checked: stack "test" is locked by a running Pulumi operation \(by .*@.* \(pid \d+\) at /);
  expect(busy.stderr).toContain("--wait <duration>");

  const after = await drift([]).done;
  expect([after.code, after.stdout]).toEqual([0, expect.stringMatching(/No drift: the 10 auth config\(s\)/)]);
});

test("--wait: waits for the up to finish, then checks (exit 0)", async () => {
  const { running } = await upHeldInFlight(proxy.held() + 1);
  const waiting = drift(["--wait", "5m"]);
  // It has seen the lock and is waiting; only then does the up go on.
  await until(() => /waiting \(up to \d+ s more\)/.test(waiting.stderrSoFar()), "the drift command to report that it waits");
  proxy.release();
  expect((await running).ok).toBe(true);
  const result = await waiting.done;
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/No drift: the 10 auth config\(s\)/);
});

test("--wait that runs out: exit 3, saying it waited (and --json says busy)", async () => {
  const { running } = await upHeldInFlight(proxy.held() + 1);
  const result = await drift(["--wait", "1s", "--json"]).done;
  proxy.release();
  expect((await running).ok).toBe(true);
  expect(result.code).toBe(3);
  expect(result.stderr).toMatch(/not checked: .*locked.*\(still, after waiting 1 s\)/);
  expect(JSON.parse(result.stdout)).toMatchObject({
    stack: "test",
    busy: true,
    reason: expect.stringContaining("locked by a running Pulumi operation"),
  });
});
