/**
 * `pulumi up` (create), `up` (update of all) and `destroy` of 12 auth configs under the real CLI while
 * 20% of all API requests fail (429, 500, 503, dropped before or after the change was stored, latency
 * beyond the request timeout): each step succeeds, and afterwards the server holds exactly the declared
 * configs, the ones in state (same ids and names), with no duplicate; after destroy, nothing.
 * scripts/reliability/faultRun.ts runs the same with 50.
 */
import { converged } from "../../testbed/scenarios/census";
import { describeStep, startFaultRun, stepUnderFaults, type FaultRun } from "../../testbed/scenarios/faultRun";

jest.setTimeout(5 * 60_000);

const N = 12;
const PROBABILITY = 0.2;
let run: FaultRun;
let revision = 0;

beforeAll(async () => {
  run = await startFaultRun(N, () => revision);
}, 15 * 60_000);
afterAll(() => run?.close());

async function step(name: "create" | "update" | "destroy", seed: number) {
  const result = await stepUnderFaults(run, name, PROBABILITY, seed, revision);
  process.stderr.write(`fault run N=${N}: ${describeStep(result)}\n`);
  if (!result.ok) throw new Error(`pulumi ${name} failed under faults:\n${result.output}`);
  // The faults must have been there to prove anything, the ambiguous kind included.
  expect(result.faults["drop-after-commit"]).toBeGreaterThanOrEqual(2);
  expect(Object.values(result.faults).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(2);
  return result;
}

test("create: every config once, ids and names as in state", async () => {
  const result = await step("create", 11);
  expect(result.census).toMatchObject({ server: N, state: N, duplicates: 0, orphans: 0, missing: 0, renamed: 0 });
  expect(converged(result.census, N)).toBe(true);
  expect(result.stale).toBe(0);
});

test("update of all: the same configs, every one updated", async () => {
  revision = 1;
  const before = (await run.composio.list()).map((config) => config.id).sort();
  const result = await step("update", 22);
  expect(converged(result.census, N)).toBe(true);
  expect(result.stale).toBe(0);
  expect((await run.composio.list()).map((config) => config.id).sort()).toEqual(before);
});

test("destroy: the server is empty", async () => {
  const result = await step("destroy", 33);
  expect(result.census).toMatchObject({ server: 0, state: 0 });
});
