/**
 * composio-drift's two paths give one verdict: from the last checkpoint and one listing per project (the default)
 * and through the engine (`--engine`: `pulumi refresh --preview-only`). Each scenario runs both on the same stacks
 * and compares their JSON: the exit code, each stack's result, and each config named with its properties (desired
 * and live). The stacks are built once and changed by hand between the scenarios, in order: clean, an adopted
 * config and a stack never deployed; visible changes (name, enabled, tool lists) and a config deleted by hand;
 * hidden fields changed, under each mask format; a state written before baselines; an unconfirmed create and a
 * pending one; a stack whose `up` is running; no API key; a key from the environment. The default path reads a file
 * backend's checkpoint from its file and opens its secrets in its own process: no `pulumi` runs (two runs have none
 * on PATH), and a stack whose comparison reads no secret (its configs unchanged since the checkpoint, its secret
 * outputs not needed) opens none (a wrong passphrase does not matter). Needs
 * `npm run build` first (npm test does it).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { MASK_FORMATS } from "../../emulator";
import { AuthConfig } from "../../sdk";
import { UNCONFIRMED_PREFIX } from "../../provider/core/refresh";
import { AUTH_CONFIG_TYPE } from "../../provider/engineProtocol";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { createE2eEnv, up, type E2eEnv, type OpResult } from "../../testbed/harness";
import { startHoldProxy, type HoldProxy } from "../../testbed/scenarios/holdProxy";
import { runDrift, until, type DriftRun } from "./runDrift";

jest.setTimeout(15 * 60_000);

const API_KEY = "SENTINEL-api-key-equivalence-41c7";
const CLIENT_SECRET = "SENTINEL-client-secret-equivalence-7d02";
const HAND_SECRET = "SENTINEL-secret-set-by-hand-equivalence-e5a9";

let env: E2eEnv;
let composio: TestComposio;
let proxy: HoldProxy;
let dev: Stack;
let revision = 0;
let adoptedId: string;
let printed = "";

const devProgram = async () => {
  new AuthConfig("notion", {
    toolkit: "notion",
    type: "use_custom_auth",
    authScheme: "OAUTH2",
    name: `Notion Auth r${revision}`,
    credentials: { client_id: "notion-client-id", client_secret: CLIENT_SECRET, scopes: "read,write" },
  });
  new AuthConfig("github", { toolkit: "github", name: "GitHub", toolAccessConfig: { toolsAvailableForExecution: ["GITHUB_STAR_A_REPO"] } });
  new AuthConfig("hubspot", { toolkit: "hubspot", name: "HubSpot", credentials: { scopes: "sales-email-read,tickets" } });
};

/** Another stack of the same program directory (the job's stacks share it), deployed unless `deploy` is false. */
async function siblingStack(
  stackName: string,
  program: () => Promise<void>,
  opts: { envKey?: boolean; deploy?: boolean } = {},
): Promise<Stack> {
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: "equivalence", stackName, program },
    {
      workDir: dev.workspace.workDir,
      envVars: { ...env.envVars, ...(opts.envKey ? { COMPOSIO_API_KEY: API_KEY } : {}) },
      pulumiCommand: env.cli.command,
    },
  );
  await stack.setConfig("composio:baseUrl", { value: proxy.url });
  if (!opts.envKey) await stack.setConfig("composio:apiKey", { value: API_KEY, secret: true });
  if (opts.deploy !== false) await up(stack);
  return stack;
}

beforeAll(async () => {
  composio = await startTestComposio(API_KEY);
  proxy = await startHoldProxy(composio.emulator.url);
  // A held request must not time out and be retried while a scenario looks at the run.
  env = await createE2eEnv("drift-equivalence", { env: { COMPOSIO_REQUEST_TIMEOUT_MS: "600000" } });
  dev = await env.inlineStack({
    projectName: "equivalence",
    stackName: "dev",
    program: devProgram,
    config: { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": proxy.url },
  });
  await up(dev);
  const made = await composio.api("POST", "/auth_configs", {
    toolkit: { slug: "slack" },
    auth_config: { type: "use_composio_managed_auth", name: "made in the dashboard" },
  });
  adoptedId = made.json.auth_config.id;
  await siblingStack("adopted", async () => void new AuthConfig("slack", { toolkit: "slack", name: "Slack", adoptId: adoptedId }));
  await siblingStack("never", async () => {}, { deploy: false });
  // Its HubSpot config's scopes make `credentials` a secret output: unchanged since the checkpoint, it is not opened.
  const envKeyProgram = async () => {
    new AuthConfig("gmail", { toolkit: "gmail", name: "Gmail (env key)" });
    new AuthConfig("hubspot", { toolkit: "hubspot", name: "HubSpot (env key)", credentials: { scopes: "sales-email-read,tickets" } });
  };
  await siblingStack("envkey", envKeyProgram, { envKey: true });
}, 20 * 60_000);

afterAll(async () => {
  await env?.cleanup();
  await proxy?.close();
  await composio?.emulator.close();
  for (const secret of [API_KEY, CLIENT_SECRET, HAND_SECRET]) expect(printed).not.toContain(secret);
});

const byResource = (a: { resource: string }, b: { resource: string }) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0);

/**
 * What both paths must agree on, from the JSON of one stack or a job: each stack's result and its configs with
 * their properties, in a stable order. An error's message is left out (the engine words its own failures).
 */
function verdict(run: DriftRun): object {
  const document = JSON.parse(run.stdout);
  const stacks: Record<string, unknown>[] = document.stacks ?? [document];
  return {
    code: run.code,
    stacks: stacks.map(({ error, authConfigs, connections, ...rest }) => ({
      ...rest,
      ...(error === undefined ? {} : { error: "failed" }),
      ...(Array.isArray(authConfigs) ? { authConfigs: [...authConfigs].sort(byResource) } : {}),
      ...(Array.isArray(connections) ? { connections: [...connections].sort(byResource) } : {}),
    })),
  };
}

/** No `pulumi` to run: the default path reads a file backend's checkpoint and opens its secrets itself. */
const NO_PULUMI = { PATH: path.dirname(process.execPath) };

/**
 * The default path then the engine path with the same arguments (and --json), keyless unless the stack records one
 * (or `extraEnv` sets COMPOSIO_API_KEY).
 */
async function bothPaths(args: string[], extraEnv: Record<string, string> = {}): Promise<{ checkpoint: DriftRun; engine: DriftRun }> {
  const run = async (extra: string[]) => {
    const result = await runDrift([...args, "--json", ...extra], {
      cwd: dev.workspace.workDir,
      env: { ...env.envVars, COMPOSIO_API_KEY: "", ...extraEnv },
    });
    printed += result.stdout + result.stderr;
    return result;
  };
  const checkpoint = await run([]);
  const engine = await run(["--engine"]);
  expect(verdict(checkpoint)).toEqual(verdict(engine));
  return { checkpoint, engine };
}

const idOf = async (name: string) => (await composio.list()).find((config) => config.name === name)!.id;

/** Puts `text` in as the dev stack's state (`pulumi stack import`). */
async function importState(text: string): Promise<void> {
  const file = path.join(env.newWorkDir("state"), "state.json");
  fs.writeFileSync(file, text);
  expect((await env.pulumi(["stack", "import", "--file", file, "--stack", "dev"], { cwd: dev.workspace.workDir })).code).toBe(0);
}

/** The dev stack's state, edited by `edit`, imported back (secrets stay encrypted); returns the state as it was. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a checkpoint's resources, edited as the test needs
async function editState(edit: (resources: Record<string, any>[]) => void): Promise<string> {
  const { text, deployment } = await env.exportStack(dev);
  edit(deployment.deployment.resources);
  await importState(JSON.stringify(deployment));
  return text;
}

const authConfigsOf = (run: DriftRun, stack: string) => {
  const document = JSON.parse(run.stdout);
  return ((document.stacks ?? [document]).find((s: { stack: string }) => s.stack === stack)?.authConfigs ?? []) as {
    resource: string;
    change: string;
    properties: { path: string }[];
  }[];
};

describe("the default path and --engine give the same verdict", () => {
  it("clean stacks, an adopted config and a stack never deployed: exit 4; two stacks of one project make one listing", async () => {
    const counted = await composio.counted(() =>
      runDrift(["--stack", "dev", "--stack", "adopted", "--json"], {
        cwd: dev.workspace.workDir,
        // The recorded key and the client secret's output opened in its own process, from the checkpoint file.
        env: { ...env.envVars, COMPOSIO_API_KEY: "", ...NO_PULUMI },
      }),
    );
    expect(counted.result.code).toBe(0);
    // One listing for both stacks' four configs: no GET per config, no second listing.
    expect(counted.calls).toBe(1);
    const { checkpoint } = await bothPaths(["--stack", "dev", "--stack", "adopted", "--stack", "never"]);
    expect(checkpoint.code).toBe(4);
    expect(JSON.parse(checkpoint.stdout).stacks.map((s: { result: string }) => s.result)).toEqual(["clean", "clean", "not-deployed"]);
  });

  it("a name, a status and a tool list changed by hand, and a config deleted by hand: exit 1", async () => {
    await composio.api("PATCH", `/auth_configs/${await idOf("Notion Auth r0")}`, { type: "custom", name: "Notion (edited by hand)" });
    await composio.api("PATCH", `/auth_configs/${await idOf("GitHub")}/DISABLED`);
    await composio.api("PATCH", `/auth_configs/${await idOf("HubSpot")}`, {
      type: "default",
      tool_access_config: { tools_available_for_execution: ["HUBSPOT_LIST_CONTACTS"] },
    });
    await composio.api("DELETE", `/auth_configs/${adoptedId}`);
    const { checkpoint } = await bothPaths(["--stack", "dev", "--stack", "adopted"]);
    expect(checkpoint.code).toBe(1);
    const changes = authConfigsOf(checkpoint, "dev")
      .sort(byResource)
      .map((c) => [c.resource, c.properties.map((p) => p.path)]);
    expect(changes).toEqual([
      ["github", ["enabled"]],
      ["hubspot", ["credentials.scopes", "toolAccessConfig"]],
      ["notion", ["credentials.client_secret", "credentials.scopes", "name"]],
    ]);
    expect(authConfigsOf(checkpoint, "adopted")).toMatchObject([{ resource: "slack", change: "deleted" }]);
  });

  it.each(MASK_FORMATS)("a hidden field changed by hand, with reads masked as %s: exit 1", async (format) => {
    await composio.control.maskFormat(format);
    await composio.api("PATCH", `/auth_configs/${await idOf("Notion (edited by hand)")}`, {
      type: "custom",
      credentials: { client_secret: HAND_SECRET },
    });
    const { checkpoint } = await bothPaths(["--stack", "dev"]);
    expect(checkpoint.code).toBe(1);
    const notion = authConfigsOf(checkpoint, "dev").find((c) => c.resource === "notion")!;
    expect(notion.properties).toContainEqual({
      path: "credentials.client_secret",
      desired: "[secret]",
      live: expect.stringMatching(/^\[hidden field: changed on the server at /),
    });
  });

  it("a state written before baselines were recorded: hidden fields trusted, visible changes still seen", async () => {
    const before = await editState((resources) => {
      for (const resource of resources.filter((r) => r.type === AUTH_CONFIG_TYPE)) delete resource.outputs.lastUpdatedAt;
    });
    try {
      const { checkpoint } = await bothPaths(["--stack", "dev"]);
      expect(checkpoint.code).toBe(1);
      const paths = authConfigsOf(checkpoint, "dev").flatMap((c) => c.properties.map((p) => `${c.resource}.${p.path}`));
      expect(paths).toContain("notion.name");
      expect(paths.filter((p) => p.includes("credentials."))).toEqual([]);
    } finally {
      await importState(before);
    }
  });

  it("an unconfirmed create is not read (as in the engine); a pending create (an interrupted up) is busy: exit 3", async () => {
    const before = await editState((resources) => {
      resources
        .filter((r) => r.type === AUTH_CONFIG_TYPE)
        .forEach((resource, i) => (resource.id = `${UNCONFIRMED_PREFIX}${1765000000000 + i}`));
    });
    try {
      const { checkpoint } = await bothPaths(["--stack", "dev"]);
      expect(checkpoint.code).toBe(0);
    } finally {
      await importState(before);
    }
    // As a killed `up` leaves it: a create begun, its outcome unknown. Written into the file backend's checkpoint
    // itself, since `pulumi stack import` drops pending operations.
    const checkpointFile = path.join(new URL(env.backendUrl).pathname, ".pulumi", "stacks", "equivalence", "dev.json");
    const stored = fs.readFileSync(checkpointFile, "utf8");
    const checkpoint = JSON.parse(stored);
    const github = checkpoint.checkpoint.latest.resources.find((r: { urn: string }) => r.urn.endsWith("::github"));
    checkpoint.checkpoint.latest.pending_operations = [
      { resource: { ...github, urn: github.urn.replace("::github", "::more"), id: "" }, type: "creating" },
    ];
    fs.writeFileSync(checkpointFile, JSON.stringify(checkpoint));
    try {
      expect((await bothPaths(["--stack", "dev"])).checkpoint.code).toBe(3);
    } finally {
      fs.writeFileSync(checkpointFile, stored);
    }
  });

  it("a stack whose `up` is running (its writes on the server, not yet in the state): busy, exit 3", async () => {
    revision++;
    proxy.holding = (method, url) => method === "PATCH" && /\/auth_configs\/ac_\w+$/.test(url.split("?")[0]!);
    const running: Promise<OpResult> = up(dev, { allowFailure: true });
    await until(() => proxy.held() >= 1, "the up's rename applied and held");
    try {
      expect((await bothPaths(["--stack", "dev"])).checkpoint.code).toBe(3);
    } finally {
      proxy.release();
    }
    expect((await running).ok).toBe(true);
  });

  it("no API key for a stack (neither its composio:apiKey nor COMPOSIO_API_KEY): exit 2", async () => {
    const { checkpoint } = await bothPaths(["--stack", "envkey"]);
    expect(checkpoint.code).toBe(2);
    expect(checkpoint.stderr).toContain('no Composio API key for stack "envkey"');
  });

  it("a key from the environment (COMPOSIO_API_KEY, none recorded), configs unchanged since the checkpoint: the same verdict, nothing opened", async () => {
    const { checkpoint } = await bothPaths(["--stack", "envkey"], { COMPOSIO_API_KEY: API_KEY });
    expect(checkpoint.code).toBe(0);
    // Its secret outputs are not needed (the configs' baselines have not moved): no passphrase is needed (a wrong one
    // changes nothing), no `pulumi` runs.
    const unopened = await runDrift(["--stack", "envkey", "--json"], {
      cwd: dev.workspace.workDir,
      env: { ...env.envVars, COMPOSIO_API_KEY: API_KEY, PULUMI_CONFIG_PASSPHRASE: "not-the-passphrase", ...NO_PULUMI },
    });
    printed += unopened.stdout + unopened.stderr;
    expect(verdict(unopened)).toEqual(verdict(checkpoint));
  });
});
