/**
 * A Node.js policy pack under the real CLI against the emulator: `pulumi preview --policy-pack <dir>
 * --policy-pack-config <file>` with tests/fixtures/policy-pack-minimal, which the engine starts through the
 * language host's RunPlugin (toolchain/README.md, "Policy packs"). One shared stack, one preview per scenario: a
 * compliant program passes, an advisory rule warns, a mandatory rule fails the preview with no API write. The pack's
 * rules read their settings from the config file (the defaults would let every scenario through), and the advisory
 * message names the stack, which the pack learns only from the environment the host gives it. A pack that throws
 * while loading fails the preview with its error (the engine would otherwise wait for it forever).
 */
import * as fs from "fs";
import * as path from "path";
import { AuthConfig } from "../../sdk";
import { startComposioStack, type ComposioStack } from "../../testbed/composioStack";
import { preview, REPO_ROOT } from "../../testbed/harness";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-api-key-policy-7d2e41";
const PACK_DIR = path.join(REPO_ROOT, "tests", "fixtures", "policy-pack-minimal");
const PACK_CONFIG = { "fixture-denied-names": { names: ["team-blocked"] }, "fixture-name-prefix": { prefix: "team-" } };

/** The auth configs' names the program declares (GitHub, managed auth), set by each scenario. */
let names: string[] = [];
const program = async () => {
  for (const name of names) new AuthConfig(name, { toolkit: "github", name });
};

let composioStack: ComposioStack;
let packConfigFile: string;

beforeAll(async () => {
  composioStack = await startComposioStack({ name: "policy-pack", apiKey: API_KEY, program });
  packConfigFile = path.join(composioStack.env.dir, "policy-config.json");
  fs.writeFileSync(packConfigFile, JSON.stringify(PACK_CONFIG));
}, 15 * 60_000);

afterAll(() => composioStack?.cleanup());

/** One `pulumi preview --policy-pack ... --policy-pack-config ...` of `declared`, with the API writes it made. */
function previewWithPack(declared: string[], packDir = PACK_DIR) {
  names = declared;
  const { composio, stack } = composioStack;
  return composio.counted(() => preview(stack, { policyPacks: [packDir], policyPackConfigs: [packConfigFile], allowFailure: true }));
}

test("a compliant program passes, and the pack ran", async () => {
  const { result, writes } = await previewWithPack(["team-github"]);
  expect(result.ok).toBe(true);
  expect(result.output).toContain("policy-pack-minimal@v0.0.1");
  expect(result.output).not.toMatch(/fixture-(denied-names|name-prefix)/);
  expect(writes).toBe(0);
});

test("an advisory violation warns and the preview passes", async () => {
  const { result, writes } = await previewWithPack(["scratch-github"]);
  expect(result.ok).toBe(true);
  expect(result.output).toMatch(/\[advisory\]\s+fixture-name-prefix/);
  expect(result.output).toContain(`AuthConfig name "scratch-github" does not start with "team-" (stack ${composioStack.stack.name}).`);
  expect(writes).toBe(0);
});

test("a mandatory violation fails the preview with its message and no API write", async () => {
  const { result, writes } = await previewWithPack(["team-blocked"]);
  expect(result.ok).toBe(false);
  expect(String(result.error)).toMatch(/exit code [1-9]/); // the CLI's own exit status
  expect(result.output).toMatch(/\[mandatory\]\s+fixture-denied-names/);
  expect(result.output).toContain('AuthConfig name "team-blocked" is denied by the policy config (fixture-denied-names): rename it.');
  expect(writes).toBe(0);
});

test("a pack that throws while loading fails the preview with its error", async () => {
  // In the env's dir, inside the repository: @pulumi/policy resolves from its node_modules, as for the fixture.
  const brokenPack = composioStack.env.newWorkDir("broken-pack");
  fs.writeFileSync(path.join(brokenPack, "PulumiPolicy.yaml"), "runtime: nodejs\n");
  fs.writeFileSync(path.join(brokenPack, "package.json"), JSON.stringify({ name: "broken-pack", version: "0.0.1" }));
  fs.writeFileSync(path.join(brokenPack, "index.js"), 'require("@pulumi/policy");\nthrow new Error("SENTINEL-pack-load-error");\n');
  const { result, writes } = await previewWithPack(["team-github"], brokenPack);
  expect(result.ok).toBe(false);
  expect(result.output).toContain("SENTINEL-pack-load-error");
  expect(result.output).toContain("the policy pack failed to start; its error is shown above");
  expect(writes).toBe(0);
});
