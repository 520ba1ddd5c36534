/**
 * The corpus of bad programs (scenarios/badPrograms.ts), each previewed under the real CLI: the
 * preview fails, its output names the property and says the fix, nothing crashed, and the server saw
 * no write (toolkit look-ups are reads; the emulator's counters show 0 POST, PATCH or DELETE). And a
 * bad stack config list under `up --skip-preview`: nothing is created.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { AuthConfig, declareAuthConfigsFromConfig, type AuthConfigArgs } from "../../sdk";
import { startComposioStack, type ComposioStack } from "../../testbed/composioStack";
import type { TestComposio } from "../../testbed/emulatorApi";
import { preview, setConfig, up, type ConfigInput, type E2eEnv } from "../../testbed/harness";
import { BAD_PROGRAMS, type BadProgram } from "../../testbed/scenarios/badPrograms";

jest.setTimeout(5 * 60_000);

let env: E2eEnv;
let composio: TestComposio;
let stack: Stack;
let cleanup: ComposioStack["cleanup"] | undefined;
let current: BadProgram | undefined;
let baseConfig: ConfigInput;

beforeAll(async () => {
  ({
    composio,
    env,
    stack,
    config: baseConfig,
    cleanup,
  } = await startComposioStack({
    name: "bad-programs",
    apiKey: "bad-programs-key",
    program: async () => {
      if (current?.program) current.program();
      else new AuthConfig("bad", current?.args as unknown as AuthConfigArgs);
    },
  }));
}, 15 * 60_000);
afterAll(() => cleanup?.());

test("the corpus has at least 30 bad programs", () => {
  expect(BAD_PROGRAMS.length).toBeGreaterThanOrEqual(30);
  expect(new Set(BAD_PROGRAMS.map((p) => p.title)).size).toBe(BAD_PROGRAMS.length);
});

test.each(BAD_PROGRAMS.map((p) => [p.title, p] as const))("%s: preview fails saying the fix, no write", async (_title, bad) => {
  current = bad;
  await composio.control.clearStats();
  if (bad.config) await setConfig(stack, bad.config(composio.emulator.url));
  const result = await preview(stack, { allowFailure: true });
  if (bad.config) await setConfig(stack, baseConfig);
  expect(result.ok).toBe(false);
  for (const pattern of bad.says) expect(result.output).toMatch(pattern);
  expect(result.output).not.toMatch(/TypeError|ReferenceError|Cannot read propert|could not be validated|Unexpected error/);
  const writes = Object.entries((await composio.control.stats()).byRoute).filter(([route]) => !route.startsWith("GET "));
  expect(writes).toEqual([]);
});

/** `pulumi up` through the Automation API is `up --skip-preview`: each resource is created as soon as it is registered. */
test.each([
  [
    "a duplicate key",
    [{ toolkit: "github" }, { toolkit: "hubspot" }, { toolkit: "github" }],
    /stack config authConfigs\[2\]: a second auth config named "github"/,
  ],
  [
    "a bad entry after good ones",
    [{ toolkit: "github" }, { key: "crm", toolkit: "hubspot", credentials: { scopes: 42 } }],
    /stack config authConfigs\[1\]\.credentials\.scopes: scopes must be a comma-separated string/,
  ],
  // What `pulumi config set --path 'authConfigs[1].credentials.client_id' 12345` stores: a number.
  [
    "a number where a credential's text belongs",
    [
      { toolkit: "github" },
      { toolkit: "notion", type: "use_custom_auth", authScheme: "OAUTH2", credentials: { client_id: 12345, client_secret: "s" } },
    ],
    /stack config authConfigs\[1\]\.credentials\.client_id: must be a string .*; in stack config, store it as text: pulumi config set --type string --path 'authConfigs\[1\]\.credentials\.client_id' <value>/,
  ],
])("declareAuthConfigsFromConfig with %s under up --skip-preview creates nothing", async (title, entries, message) => {
  const listStack = await env.inlineStack({
    projectName: "bad-list",
    stackName: `list-${title.replace(/\W+/g, "-")}`,
    program: async () => {
      declareAuthConfigsFromConfig();
    },
    config: { ...baseConfig, "bad-list:authConfigs": JSON.stringify(entries) },
  });
  const result = await up(listStack, { allowFailure: true });
  expect(result.ok).toBe(false);
  expect(result.output).toMatch(message);
  expect(await composio.list()).toEqual([]);
});
