/**
 * The connected-accounts guard for a Pulumi YAML program through the `composio` plugin (testbed/programs/yaml/guard),
 * under the real CLI against the emulator, one engine run per step on one stack: the replace of a config with 3
 * accounts fails `preview` and `up` with no write; with allowReplaceWithConnections it goes ahead and says 3 accounts
 * were cut off; a destroy stops at a config with accounts until the flag is in the state; setting or removing the
 * flag makes no API call. Needs `npm run build` (the plugin runs dist/).
 */
import * as path from "path";
import type { Stack } from "@pulumi/pulumi/automation";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { destroy, E2eEnv, preview, REPO_ROOT, up } from "../../testbed/harness";
import { createLanguageEnv, YAML_PROGRAMS } from "../../testbed/languages";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-api-key-yaml-guard-8d21f3";

let env: E2eEnv;
let composio: TestComposio;
let stack: Stack;
beforeAll(async () => {
  env = await createLanguageEnv("yaml-connection-guard", { yaml: true, pathDirs: [path.join(REPO_ROOT, "bin")] });
  composio = await startTestComposio(API_KEY);
  stack = await env.localStack({
    programDir: path.join(YAML_PROGRAMS, "guard"),
    config: { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": composio.emulator.url },
  });
}, 30 * 60_000);
afterAll(async () => {
  await env?.cleanup();
  await composio?.emulator.close();
});

const githubId = async () => (await stack.outputs()).githubId!.value as string;

let first: string;

test("1. up creates the API_KEY config; three users connect", async () => {
  await up(stack);
  first = await githubId();
  await composio.connectAccounts(first, ["alice", "bob", "carol"]);
});

test("2. the change to BEARER_TOKEN fails preview and up naming 3 accounts, with no API write", async () => {
  await stack.setConfig("authScheme", { value: "BEARER_TOKEN" });
  const previewed = await composio.counted(() => preview(stack, { allowFailure: true }));
  const applied = await composio.counted(() => up(stack, { allowFailure: true }));
  for (const { result, writes } of [previewed, applied]) {
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/auth config "github" \(ac_\w+\) has 3 connected accounts, and changing authScheme replaces it/);
    expect(result.output).toContain("allowReplaceWithConnections: true");
    expect(writes).toBe(0);
  }
  expect((await composio.api("GET", `/auth_configs/${first}`)).json).toMatchObject({ auth_scheme: "API_KEY", no_of_connections: 3 });
  expect(await composio.accountsOf(first)).toBe(3);
});

test("3. with allowReplaceWithConnections in the same change, up replaces it and says 3 accounts were cut off", async () => {
  await stack.setConfig("allowReplace", { value: "true" });
  const result = await up(stack);
  expect(result.changes).toEqual({ replace: 1, same: 1 });
  expect(result.output).toMatch(
    /auth config "github" \(ac_\w+\) is replaced with 3 connected accounts \(allowReplaceWithConnections is set\)/,
  );
  expect((await composio.api("GET", `/auth_configs/${first}`)).status).toBe(404);
  expect((await composio.api("GET", `/auth_configs/${await githubId()}`)).json.auth_scheme).toBe("BEARER_TOKEN");
});

test("4. removing the flag makes no API call; destroy then fails at the config with accounts, leaving it and them", async () => {
  const current = await githubId();
  await composio.connectAccounts(current, ["dave", "erin"]);
  await stack.setConfig("allowReplace", { value: "false" });
  const removed = await composio.counted(() => up(stack));
  expect(removed.result.changes).toEqual({ update: 1, same: 1 });
  expect(removed.calls).toBe(0);

  const destroyed = await composio.counted(() => destroy(stack, { allowFailure: true }));
  expect(destroyed.result.ok).toBe(false);
  expect(destroyed.result.output).toMatch(/auth config "github" \(ac_\w+\) has 2 connected accounts; deleting it deletes them/);
  expect(destroyed.writes).toBe(0);
  expect(await composio.accountsOf(current)).toBe(2);
});

test("5. setting the flag makes no API call; destroy then deletes the config and says 2 accounts were cut off", async () => {
  await stack.setConfig("allowReplace", { value: "true" });
  const set = await composio.counted(() => up(stack));
  expect(set.result.changes).toEqual({ update: 1, same: 1 });
  expect(set.calls).toBe(0);
  const destroyed = await destroy(stack);
  expect(destroyed.output).toMatch(/auth config "github" \(ac_\w+\) is deleted with 2 connected accounts/);
  expect(await composio.list()).toEqual([]);
});
