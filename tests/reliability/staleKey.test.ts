/**
 * `pulumi refresh` does not run the program, so the provider is configured with the settings the last
 * `pulumi up` recorded in the state, not with the stack's config. After an `up` that failed with a wrong
 * key and `pulumi config set` of the right one, a refresh still sends the wrong key. Under the real CLI:
 * the refresh fails with one message (no stack trace, not repeated) that says the recorded key was used
 * and what to run; the command it names (`pulumi refresh --run-program`) then works.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { AuthConfig } from "../../sdk";
import { startComposioStack, type ComposioStack } from "../../testbed/composioStack";
import type { TestComposio } from "../../testbed/emulatorApi";
import { refresh, setConfig, up } from "../../testbed/harness";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-stale-key-right-5c1d";
const WRONG_KEY = "SENTINEL-stale-key-wrong-8e4f";
let composio: TestComposio;
let stack: Stack;
let cleanup: ComposioStack["cleanup"] | undefined;
let name = "GitHub";

beforeAll(async () => {
  ({ composio, stack, cleanup } = await startComposioStack({
    name: "stale-key",
    apiKey: API_KEY,
    program: async () => {
      new AuthConfig("github", { toolkit: "github", name });
    },
  }));
  await up(stack);
}, 15 * 60_000);
afterAll(() => cleanup?.());

test("refresh after a failed up with a wrong key, the right key set since: one message saying what to run", async () => {
  await setConfig(stack, { "composio:apiKey": { value: WRONG_KEY, secret: true } });
  name = "GitHub (renamed)";
  const failed = await up(stack, { allowFailure: true });
  expect(failed.ok).toBe(false);
  await setConfig(stack, { "composio:apiKey": { value: API_KEY, secret: true } });

  const result = await refresh(stack, { allowFailure: true });
  expect(result.ok).toBe(false);
  const advice = "run `pulumi refresh --run-program`";
  expect(result.output).toMatch(/Composio API error while reading auth config ac_\w+ \(toolkit "github"\): .*status 401.*/);
  expect(result.output).toContain(
    "a refresh does not run the program, so it uses the API key recorded by the last `pulumi up`, not composio:apiKey as set now",
  );
  // The CLI's progress lines echo each diagnostic as it comes; its summary is where it is said once.
  const summary = result.output.slice(result.output.indexOf("Diagnostics:"));
  expect(summary.split(advice).length - 1).toBe(1);
  // No stack trace, and not the advice to set the key that was just set.
  expect(result.output).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  expect(result.output).not.toContain("pulumi config set --secret composio:apiKey <key>` (or");
  for (const sentinel of [API_KEY, WRONG_KEY]) expect(result.output).not.toContain(sentinel);

  // What it says to run works: the provider takes the key from the config; later refreshes and ups use it too.
  expect((await refresh(stack, { runProgram: true })).ok).toBe(true);
  expect((await refresh(stack)).ok).toBe(true);
  expect((await up(stack)).changes).toMatchObject({ update: 1 });
  expect((await composio.list()).map((config) => config.name)).toEqual(["GitHub (renamed)"]);
});
