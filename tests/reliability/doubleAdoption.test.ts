/**
 * Two resources of one program adopting the same auth config would undo each other's changes on
 * every `up`. Under the real CLI, with a local program as a user writes it: a second `adoptId` (or
 * `import`) of the same id fails the run naming both resources, before the second one touches the
 * config; an Output-valued id is caught when it resolves; the same program run again (a second `up`)
 * is not a second claim.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { AuthConfig } from "../../sdk";
import { doubleAdoptionMessage } from "../../sdk/adoptionClaims";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { createE2eEnv, destroy, preview, setConfig, up, type E2eEnv } from "../../testbed/harness";

jest.setTimeout(5 * 60_000);

const API_KEY = "double-adoption-key";

// mode "string": both adopt the id as a string; "import": the second through the import option;
// "output": the second adopts the first's authConfigId, known only once the first is adopted;
// "single": only the first (the program's next run must not count its own earlier claim).
const PROGRAM = `const pulumi = require("@pulumi/pulumi");
const { AuthConfig } = require("pulumi-composio");
const config = new pulumi.Config();
const id = config.require("adoptId");
const mode = config.require("mode");
const first = new AuthConfig("slack-team", { toolkit: "slack", name: "Slack (team)", adoptId: id });
if (mode === "string") new AuthConfig("slack-bot", { toolkit: "slack", name: "Slack (bot)", adoptId: id });
if (mode === "import") new AuthConfig("slack-bot", { toolkit: "slack", name: "Slack (bot)" }, { import: id });
if (mode === "output") new AuthConfig("slack-bot", { toolkit: "slack", name: "Slack (bot)", adoptId: first.authConfigId });
`;

let env: E2eEnv;
let composio: TestComposio;
let stack: Stack;
let id: string;

beforeAll(async () => {
  composio = await startTestComposio(API_KEY);
  env = await createE2eEnv("double-adoption");
  const dir = join(env.dir, "program");
  mkdirSync(dir);
  writeFileSync(join(dir, "Pulumi.yaml"), "name: double-adoption\nruntime: nodejs\nmain: index.js\n");
  writeFileSync(join(dir, "index.js"), PROGRAM);
  const made = await composio.api("POST", "/auth_configs", {
    toolkit: { slug: "slack" },
    auth_config: { type: "use_composio_managed_auth", name: "made by hand" },
  });
  id = made.json.auth_config.id;
  stack = await env.localStack({
    programDir: dir,
    config: { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": composio.emulator.url, adoptId: id },
  });
}, 15 * 60_000);
afterAll(async () => {
  await env?.cleanup();
  await composio?.emulator.close();
});

async function liveName(): Promise<string> {
  return (await composio.api("GET", `/auth_configs/${id}`)).json.name;
}

/** The failure names both resources, is said once in the CLI's summary, and carries no stack trace. */
function expectRefusal(output: string) {
  const message = doubleAdoptionMessage("slack-team", "slack-bot");
  // The id is not echoed: it may reach the program as a secret.
  expect(output).not.toContain(id);
  // The CLI's progress lines echo each diagnostic as it comes; its summary is where it is said once.
  const summary = output.slice(output.indexOf("Diagnostics:"));
  expect(summary.split(message).length - 1).toBe(1);
  expect(output).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
}

test.each(["string", "import"])("two resources adopting one id (%s): preview fails naming both, and nothing is touched", async (mode) => {
  await setConfig(stack, { mode });
  await composio.control.clearStats();
  const result = await preview(stack, { allowFailure: true });
  expect(result.ok).toBe(false);
  expectRefusal(result.output);
  expect((await composio.control.stats()).byRoute["PATCH /auth_configs/{id}"]).toBeUndefined();
  expect(await liveName()).toBe("made by hand");
});

test("an Output-valued id is refused when it resolves: up fails naming both, the second never adopts", async () => {
  await setConfig(stack, { mode: "output" });
  const result = await up(stack, { allowFailure: true });
  expect(result.ok).toBe(false);
  expectRefusal(result.output);
  // The first adopted it; the second never got to rename it.
  expect(await liveName()).toBe("Slack (team)");
  const { deployment } = await env.exportStack(stack);
  const names = deployment.deployment.resources
    .filter((r: { type: string }) => r.type.endsWith(":AuthConfig"))
    .map((r: { urn: string }) => r.urn.split("::").pop());
  expect(names).toEqual(["slack-team"]);
});

test("one resource adopting it: up as usual", async () => {
  await setConfig(stack, { mode: "single" });
  await up(stack);
  expect((await preview(stack)).changes).not.toHaveProperty("update");
  await destroy(stack);
  expect((await composio.api("GET", `/auth_configs/${id}`)).status).toBe(404);
});

test("an inline program (one process, many runs) adopting an id run after run is not a second claim", async () => {
  const made = await composio.api("POST", "/auth_configs", {
    toolkit: { slug: "github" },
    auth_config: { type: "use_composio_managed_auth", name: "by hand" },
  });
  const adoptId: string = made.json.auth_config.id;
  const inline = await env.inlineStack({
    projectName: "double-adoption-inline",
    program: async () => {
      new AuthConfig("github", { toolkit: "github", name: "GitHub", adoptId });
    },
    config: { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": composio.emulator.url },
  });
  await up(inline);
  expect((await up(inline)).ok).toBe(true);
  expect((await preview(inline)).ok).toBe(true);
  await destroy(inline);
});

test("an inline program whose second resource adopts an Output-valued id: up fails through check, naming both, and the host lives on", async () => {
  const made = await composio.api("POST", "/auth_configs", {
    toolkit: { slug: "github" },
    auth_config: { type: "use_composio_managed_auth", name: "by hand" },
  });
  const adoptId: string = made.json.auth_config.id;
  const inline = await env.inlineStack({
    projectName: "double-adoption-inline-output",
    program: async () => {
      const first = new AuthConfig("github-team", { toolkit: "github", name: "GitHub (team)", adoptId });
      new AuthConfig("github-bot", { toolkit: "github", name: "GitHub (bot)", adoptId: first.authConfigId });
    },
    config: { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": composio.emulator.url },
  });
  const result = await up(inline, { allowFailure: true });
  expect(result.ok).toBe(false);
  expect(result.output).toContain(doubleAdoptionMessage("github-team", "github-bot"));
  expect(result.output).toContain("adoptId");
  expect(result.output).not.toContain(adoptId);
  expect((await composio.api("GET", `/auth_configs/${adoptId}`)).json.name).toBe("GitHub (team)");
  // This process (the inline program's host) is still fine: the next run of the stack works.
  await destroy(inline);
  expect((await composio.api("GET", `/auth_configs/${adoptId}`)).status).toBe(404);
});
