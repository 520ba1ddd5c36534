/**
 * kill -9 of `pulumi up` (the CLI and every child: language host, program, dynamic provider) while
 * 6 creates are in flight, 3 already stored on the server and 3 not; then the documented recovery (docs/reliability-and-recovery.md)
 * (pulumi cancel, recoverPendingCreates, pulumi refresh, pulumi up) converges: the server holds
 * exactly the 6 configs in state, no orphan, no duplicate, no pending operation; and the next preview
 * has nothing to do.
 */
import { converged } from "../../testbed/scenarios/census";
import {
  documentedRecovery,
  interruptedStack,
  killUpMidCreate,
  SENTINELS,
  type InterruptedStack,
} from "../../testbed/scenarios/interrupted";

jest.setTimeout(5 * 60_000);

const N = 6;
let stack: InterruptedStack;

beforeAll(async () => {
  stack = await interruptedStack("interrupted", N);
}, 15 * 60_000);
afterAll(() => stack?.close());

test("kill -9 mid-create, then the documented recovery: server == state, 0 orphans", async () => {
  const interruption = await killUpMidCreate(stack, 3);
  const commands = interruption.killed.map((p) => p.command).join("\n");
  expect(commands).toMatch(/pulumi up/);
  expect(commands).toMatch(/dynamic-provider/);
  // What the kill left: 3 configs only the server knows of, 6 creates the state calls pending.
  expect(interruption.census).toMatchObject({ server: 3, state: 0, orphans: 3, pending: N });

  const recovered = await documentedRecovery(stack);
  expect(recovered.outputs).toMatch(/State updated: 3 adopted, 3 dropped/);
  expect(recovered.census).toMatchObject({ server: N, state: N, orphans: 0, duplicates: 0, pending: 0 });
  expect(converged(recovered.census, N)).toBe(true);

  const preview = await stack.pulumi(["preview", "--expect-no-changes", "--non-interactive"]);
  expect(preview.code).toBe(0);
  for (const sentinel of SENTINELS)
    expect(interruption.output + recovered.outputs + preview.stdout + preview.stderr).not.toContain(sentinel);
});
