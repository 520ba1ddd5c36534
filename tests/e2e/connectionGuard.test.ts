/**
 * The connected-accounts guard under the real CLI (dynamic provider) against the emulator, one engine run per
 * step on one stack: a replace of a config with accounts fails `preview` and `up` with no write; with
 * allowReplaceWithConnections it goes ahead and says how many accounts were cut off; a config with none replaces as
 * before; a destroy stops at a config with accounts until the flag is in the state. Setting or removing the flag
 * makes no API call (and it never reaches the API: the emulator refuses unknown fields with a 400).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { AuthConfig, type AuthConfigArgs } from "../../sdk";
import { startComposioStack, type ComposioStack } from "../../testbed/composioStack";
import type { TestComposio } from "../../testbed/emulatorApi";
import { destroy, preview, up, type E2eEnv } from "../../testbed/harness";
import { runDrift } from "../drift/runDrift";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-api-key-guard-5c1e07";

let composio: TestComposio;
let env: E2eEnv;
let stack: Stack;
let cleanup: ComposioStack["cleanup"] | undefined;
let desired: Record<string, AuthConfigArgs> = {};

const program = async () => {
  const ids: Record<string, pulumi.Output<string>> = {};
  for (const [name, args] of Object.entries(desired)) ids[name] = new AuthConfig(name, args).authConfigId;
  return { ids: pulumi.all(ids) };
};

const apiKey = (extra: Partial<AuthConfigArgs> = {}): AuthConfigArgs => ({
  toolkit: "github",
  type: "use_custom_auth",
  authScheme: "API_KEY",
  credentials: {},
  ...extra,
});
const bearer = (extra: Partial<AuthConfigArgs> = {}): AuthConfigArgs => apiKey({ authScheme: "BEARER_TOKEN", ...extra });

async function ids(): Promise<Record<string, string>> {
  return (await stack.outputs()).ids.value as Record<string, string>;
}

beforeAll(async () => {
  ({ composio, env, stack, cleanup } = await startComposioStack({ name: "connection-guard", apiKey: API_KEY, program }));
}, 15 * 60_000);

afterAll(() => cleanup?.());

let first: Record<string, string>;

test("1. up creates two API_KEY configs; three users connect to one of them, and `composio-drift --json` counts them", async () => {
  desired = { github: apiKey(), spare: apiKey() };
  await up(stack);
  first = await ids();
  await composio.connectAccounts(first.github!, ["alice", "bob", "carol"]);
  expect(await composio.accountsOf(first.github!)).toBe(3);
  // Also under PULUMI_SKIP_CONFIRMATIONS=true (the docs runner's, many CIs'), which once made its refresh fail.
  const drift = await runDrift(["--stack", stack.name, "--json"], {
    cwd: stack.workspace.workDir,
    env: { ...env.envVars, PULUMI_SKIP_CONFIRMATIONS: "true" },
  });
  expect(drift.code).toBe(0);
  const { connections } = JSON.parse(drift.stdout) as { connections: { resource: string }[] };
  expect([...connections].sort((a, b) => a.resource.localeCompare(b.resource))).toEqual([
    { resource: "github", id: first.github, noOfConnections: 3 },
    { resource: "spare", id: first.spare, noOfConnections: 0 },
  ]);
});

test("2. preview of a change to BEARER_TOKEN fails naming 3 accounts, with no API write", async () => {
  desired = { github: bearer(), spare: apiKey() };
  const { result, writes } = await composio.counted(() => preview(stack, { allowFailure: true }));
  expect(result.ok).toBe(false);
  expect(result.output).toMatch(/auth config "github" \(ac_\w+\) has 3 connected accounts, and changing authScheme replaces it/);
  expect(result.output).toContain("allowReplaceWithConnections: true");
  expect(result.output).toMatch(/migrate instead/);
  expect(writes).toBe(0);
});

test("3. up fails the same way: the config and its 3 accounts are still there", async () => {
  const { result, writes } = await composio.counted(() => up(stack, { allowFailure: true }));
  expect(result.ok).toBe(false);
  expect(result.output).toMatch(/auth config "github" \(ac_\w+\) has 3 connected accounts/);
  expect(writes).toBe(0);
  expect((await composio.api("GET", `/auth_configs/${first.github}`)).json).toMatchObject({ auth_scheme: "API_KEY", no_of_connections: 3 });
  expect(await composio.accountsOf(first.github!)).toBe(3);
});

test("4. with allowReplaceWithConnections set in the same change, up replaces it and says 3 accounts were cut off; a config with none replaces as before", async () => {
  desired = { github: bearer({ allowReplaceWithConnections: true }), spare: bearer() };
  const { result } = await composio.counted(() => up(stack));
  expect(result.changes).toEqual({ replace: 2, same: 1 });
  expect(result.output).toMatch(
    /auth config "github" \(ac_\w+\) is replaced with 3 connected accounts \(allowReplaceWithConnections is set\)/,
  );
  expect(result.output).not.toMatch(/"spare".*connected account/);
  const replaced = await ids();
  for (const name of ["github", "spare"]) {
    expect(replaced[name]).not.toBe(first[name]);
    expect((await composio.api("GET", `/auth_configs/${first[name]}`)).status).toBe(404);
    expect((await composio.api("GET", `/auth_configs/${replaced[name]}`)).json.auth_scheme).toBe("BEARER_TOKEN");
  }
  expect(await composio.accountsOf(first.github!)).toBe(0);
});

test("5. removing the flag is an update with no API call (the only calls are the delete of a config removed from the program, which has no accounts)", async () => {
  const current = await ids();
  desired = { github: bearer() };
  await composio.control.clearStats();
  const result = await up(stack);
  expect(result.changes).toEqual({ update: 1, delete: 1, same: 1 });
  expect((await composio.control.requests()).map(({ method, path }) => `${method} ${path}`)).toEqual([
    `GET /api/v3.1/auth_configs/${current.spare}`,
    `DELETE /api/v3.1/auth_configs/${current.spare}`,
  ]);
});

test("6. destroy fails at the config with accounts, leaving it and its accounts", async () => {
  const current = await ids();
  await composio.connectAccounts(current.github!, ["dave", "erin"]);
  const { result, writes } = await composio.counted(() => destroy(stack, { allowFailure: true }));
  expect(result.ok).toBe(false);
  expect(result.output).toMatch(/auth config "github" \(ac_\w+\) has 2 connected accounts; deleting it deletes them/);
  expect(writes).toBe(0);
  expect((await composio.api("GET", `/auth_configs/${current.github}`)).json.no_of_connections).toBe(2);
  expect(await composio.accountsOf(current.github!)).toBe(2);
});

test("7. setting the flag is an update with no API call; then destroy deletes the config and says 2 accounts were cut off", async () => {
  const current = await ids();
  desired = { github: bearer({ allowReplaceWithConnections: true }) };
  const set = await composio.counted(() => up(stack));
  expect(set.result.changes).toEqual({ update: 1, same: 1 });
  expect(set.calls).toBe(0);
  const destroyed = await destroy(stack);
  expect(destroyed.output).toMatch(/auth config "github" \(ac_\w+\) is deleted with 2 connected accounts/);
  expect((await composio.api("GET", `/auth_configs/${current.github}`)).status).toBe(404);
  expect(await composio.list()).toEqual([]);
});
