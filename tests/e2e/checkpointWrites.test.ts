/**
 * A no-change `up` writes no checkpoint for unchanged auth configs, secrets included. Pulumi's snapshot
 * manager writes the whole state for an unchanged resource whose inputs differ from the stored ones
 * (`mustWrite() true because of Inputs` in its verbose log, 3.248); check keeps the stored seal of an
 * unchanged secret (core/secrets.ts), so those inputs are equal. Before, every config with a secret
 * cost a whole-state write in every no-change `up` (BENCHMARKS.md). Needs `npm run build` first.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { AuthConfig, type AuthConfigArgs } from "../../sdk";
import { startComposioStack, type ComposioStack } from "../../testbed/composioStack";
import type { TestComposio } from "../../testbed/emulatorApi";
import { refresh, up } from "../../testbed/harness";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-api-key-checkpoints-e2e-0d4a";
const SECRET = "SENTINEL-client-secret-checkpoints-e2e-7e19";

let composio: TestComposio;
let stack: Stack;
let cleanup: ComposioStack["cleanup"] | undefined;
let secretOf = (i: number) => `${SECRET}-${i}`;
let clientIdOf = (i: number) => `id-${i}`;

const desired = (): Record<string, AuthConfigArgs> =>
  Object.fromEntries(
    [0, 1, 2].flatMap((i) => [
      [
        `notion-${i}`,
        {
          toolkit: "notion",
          type: "use_custom_auth",
          authScheme: "OAUTH2",
          name: `Notion ${i}`,
          credentials: { client_id: clientIdOf(i), client_secret: secretOf(i) },
        },
      ],
      [`github-${i}`, { toolkit: "github", name: `GitHub ${i}` }],
    ]),
  );

const program = async () => {
  for (const [name, args] of Object.entries(desired())) new AuthConfig(name, args);
};

/** An `up` with the engine's verbose log, and the resources it wrote a checkpoint for because their inputs changed. */
async function upCountingWrites(): Promise<{ changes: Record<string, number> | undefined; inputWrites: number }> {
  const result = await up(stack, { logVerbosity: 9 });
  const inputWrites = result.output.split("\n").filter((line) => line.includes("mustWrite() true because of Inputs")).length;
  return { changes: result.changes, inputWrites };
}

beforeAll(async () => {
  ({ composio, stack, cleanup } = await startComposioStack({ name: "checkpoints", apiKey: API_KEY, program }));
}, 15 * 60_000);

afterAll(() => cleanup?.());

test("a no-change up after a create writes no checkpoint for configs with or without secrets, and calls no API", async () => {
  expect((await up(stack)).changes).toEqual({ create: 7 });
  await composio.control.clearStats();
  expect(await upCountingWrites()).toEqual({ changes: { same: 7 }, inputWrites: 0 });
  expect(await composio.authConfigCalls()).toBe(0);
});

test("after a refresh (fingerprints in the inputs) the next up seals once, and the one after writes nothing", async () => {
  await refresh(stack);
  expect(await upCountingWrites()).toEqual({ changes: { same: 7 }, inputWrites: 3 });
  expect(await upCountingWrites()).toEqual({ changes: { same: 7 }, inputWrites: 0 });
});

test("updates open kept seals: a rotated secret, and a changed client_id beside an unchanged secret; then nothing is written", async () => {
  secretOf = (i) => (i === 0 ? `${SECRET}-rotated` : `${SECRET}-${i}`);
  clientIdOf = (i) => (i === 1 ? "id-1-changed" : `id-${i}`);
  expect((await up(stack)).changes).toEqual({ same: 5, update: 2 });
  const notion1 = (await composio.list()).find((config) => config.name === "Notion 1");
  expect(notion1?.credentials).toMatchObject({ client_id: "id-1-changed" });
  expect(await upCountingWrites()).toEqual({ changes: { same: 7 }, inputWrites: 0 });
});
