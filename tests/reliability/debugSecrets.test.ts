/**
 * What `--debug` prints of secrets, exactly as docs/secrets.md says it: nothing. Pulumi's own SDK logs every
 * RegisterResource answer at debug level, the resource's outputs included (secret envelopes and all).
 * The provider writes no secret into outputs: secret-named credentials, the proxy key and shared
 * credentials, and every value the program wrapped in `pulumi.secret` (a name, a client id, scopes, a
 * proxy URL, tool lists; the SDK tells the provider their paths, never their values) are salted
 * fingerprints there. A preview's planned outputs are the checked inputs (a dynamic provider cannot
 * answer a preview), so check seals the same values. Through create, update, refresh, preview and a
 * rename made by hand, which still shows as drift.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { AuthConfig } from "../../sdk";
import { startComposioStack, type ComposioStack } from "../../testbed/composioStack";
import type { TestComposio } from "../../testbed/emulatorApi";
import { preview, refresh, up, type E2eEnv } from "../../testbed/harness";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-debug-api-key-0e29";
/** Secret by name or place: secret-named credentials, the proxy key, shared credentials (the API key is no input). */
const NEVER = {
  clientSecret: "SENTINEL-debug-client-secret-3c5d",
  proxyKey: "SENTINEL-debug-proxy-key-6f80",
  shared: "SENTINEL-debug-shared-7091",
};
/** Secret only because the program wrapped them in `pulumi.secret`. */
const WRAPPED = {
  name: "SENTINEL-debug-name-1f3a",
  clientId: "SENTINEL-debug-client-id-2b4c",
  scopes: "SENTINEL-debug-scope-4d6e",
  proxyHost: "SENTINEL-debug-proxy-5e7f.example.com",
  tool: "SENTINEL_DEBUG_TOOL_81a2",
};
const S = { ...NEVER, ...WRAPPED };
let env: E2eEnv;
let composio: TestComposio;
let stack: Stack;
let cleanup: ComposioStack["cleanup"] | undefined;
let revision = "";

beforeAll(async () => {
  ({ composio, env, stack, cleanup } = await startComposioStack({
    name: "debug-secrets",
    apiKey: API_KEY,
    program: async () => {
      new AuthConfig("notion", {
        toolkit: "notion",
        type: "use_custom_auth",
        authScheme: "OAUTH2",
        name: pulumi.secret(S.name + revision),
        credentials: {
          client_id: pulumi.secret(S.clientId + revision),
          client_secret: pulumi.secret(S.clientSecret + revision),
          scopes: pulumi.secret(S.scopes + revision),
        },
        proxyConfig: { proxyUrl: pulumi.secret(`https://${S.proxyHost}`), proxyAuthKey: pulumi.secret(S.proxyKey + revision) },
        sharedCredentials: pulumi.secret({ token: S.shared + revision }),
        toolAccessConfig: { toolsAvailableForExecution: pulumi.secret([S.tool + revision]) },
      });
      new AuthConfig("notion-whole", {
        toolkit: "notion",
        type: "use_custom_auth",
        authScheme: "OAUTH2",
        credentials: pulumi.secret({ client_id: S.clientId + revision, client_secret: S.clientSecret + revision }),
      });
    },
  }));
}, 15 * 60_000);
afterAll(() => cleanup?.());

const found = (output: string, sentinels: Record<string, string>) =>
  Object.values(sentinels).filter((sentinel) => output.includes(sentinel));

test("up (create, update), refresh, preview and a hand-made rename: no secret shows, with --debug or without", async () => {
  const debugged = [await up(stack, { debug: true })];
  revision = "-r2";
  debugged.push(await up(stack, { debug: true }), await refresh(stack, { debug: true }));
  revision = "-r3";
  const plain = [await up(stack), await refresh(stack)];
  // Renamed in the dashboard to another secret-looking name: the refresh reads it, and must not print it either.
  const [wrappedName] = (await composio.list()).filter((config) => config.name === S.name + revision);
  const renamed = "SENTINEL-debug-renamed-9c0b";
  expect((await composio.api("PATCH", `/auth_configs/${wrappedName.id}`, { type: "custom", name: renamed })).status).toBe(200);
  debugged.push(await refresh(stack, { debug: true }));
  // A preview prints the checked inputs as the planned outputs in that same debug line: sealed there.
  const drift = await preview(stack, { debug: true, diff: true });
  debugged.push(drift);
  const debugOutput = debugged.map((r) => r.output).join("\n");
  const plainOutput = plain.map((r) => r.output).join("\n");

  expect(found(debugOutput, { ...S, renamed, apiKey: API_KEY })).toEqual([]);
  expect(found(plainOutput, { ...S, renamed, apiKey: API_KEY })).toEqual([]);
  expect(found((await env.exportStack(stack)).text, { ...S, renamed, apiKey: API_KEY })).toEqual([]);
  // The rename is still seen: one update, of the wrapped name.
  expect(drift.changes).toMatchObject({ update: 1 });
  await up(stack);
  expect((await composio.list()).map((config) => config.name)).toEqual(expect.arrayContaining([S.name + revision]));
  expect((await composio.list()).map((config) => config.name)).not.toContain(renamed);
  // The search would have found the values had they been printed: they did reach Composio.
  expect(found(JSON.stringify(await composio.control.storedAuthConfig(wrappedName.id)), WRAPPED)).toEqual(Object.values(WRAPPED));
});
