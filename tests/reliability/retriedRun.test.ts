/**
 * A re-run after a create that could not be confirmed (what a CI retry does) never leaves two configs,
 * under the real CLI: the create is stored but its answer lost, and the look-up that would settle it
 * is refused, so the first `up` fails; the second `up` finds the lost config and replaces it, delete first.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { AuthConfig } from "../../sdk";
import { startComposioStack, type ComposioStack } from "../../testbed/composioStack";
import type { TestComposio } from "../../testbed/emulatorApi";
import { destroy, up, type E2eEnv } from "../../testbed/harness";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-api-key-retried-7d21";
let env: E2eEnv;
let composio: TestComposio;
let stack: Stack;
let cleanup: ComposioStack["cleanup"] | undefined;

beforeAll(async () => {
  ({ composio, env, stack, cleanup } = await startComposioStack({
    name: "retried-run",
    projectName: "retried",
    apiKey: API_KEY,
    // Autonamed, so the name is only stable across runs through the state.
    program: async () => {
      new AuthConfig("github", { toolkit: "github" });
    },
  }));
}, 15 * 60_000);

afterAll(() => cleanup?.());

test("an unconfirmed create is settled by the next up, with exactly one config on the server", async () => {
  await composio.control.faults({ next: 1, kinds: ["drop-after-commit"], routes: ["POST /auth_configs"] });
  await composio.control.restrictKey({ missingCapabilities: ["auth_configs:read"] });
  const failed = await up(stack, { allowFailure: true });
  expect(failed.ok).toBe(false);
  expect(failed.output).toMatch(/may have been applied, but it could not be checked.*the next `pulumi up` looks for it again/s);
  await composio.control.restrictKey({});
  const lost = await composio.list();
  expect(lost).toHaveLength(1);

  const retried = await up(stack);
  expect(retried.changes).toMatchObject({ replace: 1 });
  const server = await composio.list();
  expect(server).toHaveLength(1);
  const { deployment } = await env.exportStack(stack);
  const ids = deployment.deployment.resources
    .filter((r: { type: string }) => r.type.endsWith("AuthConfig"))
    .map((r: { id: string }) => r.id);
  expect(ids).toEqual([server[0]!.id]);

  await destroy(stack);
  expect(await composio.list()).toEqual([]);
});

test("destroy finds and deletes a config whose create was never confirmed", async () => {
  await composio.control.faults({ next: 1, kinds: ["drop-after-commit"], routes: ["POST /auth_configs"] });
  await composio.control.restrictKey({ missingCapabilities: ["auth_configs:read"] });
  const failed = await up(stack, { allowFailure: true });
  expect(failed.ok).toBe(false);
  await composio.control.restrictKey({});
  expect(await composio.list()).toHaveLength(1);
  await destroy(stack);
  expect(await composio.list()).toEqual([]);
});
