/**
 * The drift command (`composio-drift`, dist/cli/drift.js) as a pipeline runs it: a child process with
 * the pipeline's environment, against a stack deployed by the real Pulumi CLI on the emulator, with
 * changes made out of band through the API (as in the dashboard). Every exit code: 0 clean, 1 drift,
 * 2 error (also: no API key), 4 not checked (a stack never deployed). Needs `npm run build` first (npm test does it).
 */
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { startEmulator } from "../../emulator";
import { AuthConfig } from "../../sdk";
import { startComposioStack, type ComposioStack } from "../../testbed/composioStack";
import type { TestComposio } from "../../testbed/emulatorApi";
import { setConfig, up, type E2eEnv } from "../../testbed/harness";
import { runDrift, type DriftRun } from "./runDrift";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-api-key-drift-6a2f";
const CLIENT_SECRET = "SENTINEL-client-secret-drift-0b7e";
const PROXY_KEY = "SENTINEL-proxy-key-drift-93c1";

let env: E2eEnv;
let composio: TestComposio;
let stack: Stack;
let cleanup: ComposioStack["cleanup"] | undefined;
/** Everything the command printed in this file, searched for secrets at the end. */
let printed = "";

const program = async () => {
  new AuthConfig("notion", {
    toolkit: "notion",
    type: "use_custom_auth",
    authScheme: "OAUTH2",
    name: "Notion Auth",
    credentials: { client_id: "notion-client-id", client_secret: CLIENT_SECRET, scopes: "read,write" },
    proxyConfig: { proxyUrl: "https://proxy.example.com", proxyAuthKey: PROXY_KEY },
  });
  new AuthConfig("github", { toolkit: "github", name: "GitHub" });
  new AuthConfig("hubspot", { toolkit: "hubspot", name: "HubSpot", credentials: { scopes: "sales-email-read,tickets" } });
};

/** `node dist/cli/drift.js ...args` with the pipeline's environment (backend, passphrase, pulumi on PATH), and no COMPOSIO_API_KEY. */
async function drift(args: string[], cwd = stack.workspace.workDir): Promise<DriftRun> {
  const result = await runDrift(args, { cwd, env: { ...env.envVars, COMPOSIO_API_KEY: "" } });
  printed += result.stdout + result.stderr;
  return result;
}

async function idOf(toolkit: string): Promise<string> {
  return (await composio.list()).find((config) => config.toolkit.slug === toolkit)!.id;
}

beforeAll(async () => {
  ({ composio, env, stack, cleanup } = await startComposioStack({ name: "drift", stackName: "dev", apiKey: API_KEY, program }));
  await up(stack);
}, 15 * 60_000);

afterAll(() => cleanup?.());

describe("composio-drift", () => {
  it("exits 0 and says so when Composio matches the last up", async () => {
    const result = await drift(["--stack", "dev"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe('No drift: the 3 auth config(s) of stack "dev" match the last `pulumi up`.\n');
    const json = await drift(["--stack", "dev", "--json", "--cwd", stack.workspace.workDir], env.dir);
    expect(json.code).toBe(0);
    const connections = ["notion", "github", "hubspot"].map((resource) => ({
      resource,
      id: expect.stringMatching(/^ac_/),
      noOfConnections: 0,
    }));
    expect(JSON.parse(json.stdout)).toEqual({
      stack: "dev",
      drift: false,
      checked: 3,
      authConfigs: [],
      connections: expect.arrayContaining(connections),
    });
  });

  it("a stack never deployed is not checked, never clean: exit 4, also alone, in text, JSON and the job's table", async () => {
    await stack.workspace.createStack("never");
    const reason =
      'stack "never" is not deployed: its state has no resources (no `pulumi up` has run on it, or it was destroyed), so there is nothing to compare; run `pulumi up --stack never` first';
    expect(await drift(["--stack", "never"])).toEqual({ code: 4, stdout: "", stderr: `composio-drift: not checked: ${reason}\n` });
    const json = await drift(["--stack", "never", "--json"]);
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toEqual({ stack: "never", deployed: false, reason });
    const job = await drift(["--stack", "dev", "--stack", "never"]);
    expect(job.code).toBe(4);
    expect(job.stdout).toContain(`Stack "never" not checked (not-deployed): ${reason}\n`);
    expect(job.stdout).toMatch(
      /\ndev +clean +0\/3 +3 auth config\(s\) match the last up\nnever +not-deployed +- +stack "never" is not deployed/,
    );
    expect(job.stdout).toMatch(
      /2 stack\(s\): 1 clean, 0 drift, 0 busy, 0 error, 1 not deployed\. Exit code 4: some stacks could not be checked\.\n$/,
    );
  });

  it("exits 1 and reports each drifted property, desired against live, secrets masked", async () => {
    const notion = await idOf("notion");
    await composio.api("PATCH", `/auth_configs/${notion}`, {
      type: "custom",
      name: "Notion (edited by hand)",
      credentials: { scopes: "read", client_secret: "SENTINEL-changed-by-hand-11" },
      proxy_config: null,
    });
    await composio.api("PATCH", `/auth_configs/${await idOf("github")}/DISABLED`);
    await composio.api("DELETE", `/auth_configs/${await idOf("hubspot")}`);
    const before = await env.exportStack(stack);

    const json = await drift(["--stack", "dev", "--json"]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ stack: "dev", drift: true, checked: 3 });
    const byName = Object.fromEntries(report.authConfigs.map((c: { resource: string }) => [c.resource, c]));
    expect(byName.notion).toEqual({
      resource: "notion",
      urn: expect.stringMatching(/::notion$/),
      id: notion,
      toolkit: "notion",
      change: "changed",
      properties: [
        // Reads hide these: they show as changed on the server, not by value (visibility.ts).
        {
          path: "credentials.client_secret",
          desired: "[secret]",
          live: expect.stringMatching(/^\[hidden field: changed on the server at /),
        },
        { path: "credentials.scopes", desired: "read,write", live: expect.stringMatching(/^\[hidden field: changed on the server at /) },
        { path: "name", desired: "Notion Auth", live: "Notion (edited by hand)" },
        // Removed by hand: the engine keeps the whole (now null) value secret, so it shows as one.
        { path: "proxyConfig", desired: { proxyAuthKey: "[secret]", proxyUrl: "https://proxy.example.com" }, live: "[secret]" },
      ],
    });
    expect(byName.github).toMatchObject({
      change: "changed",
      toolkit: "github",
      properties: [{ path: "enabled", desired: true, live: false }],
    });
    expect(byName.hubspot).toMatchObject({ change: "deleted", toolkit: "hubspot", properties: [] });

    const text = await drift(["--stack", "dev"]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Drift in stack "dev": 3 of 3 auth config(s) differ from the last `pulumi up`.');
    expect(text.stdout).toMatch(
      new RegExp(
        `  ~ notion \\(${notion}, toolkit notion\\):\n    credentials.client_secret: desired "\\[secret\\]", live "\\[hidden field: changed on the server at [^\n]*\n    credentials.scopes: desired "read,write", live "\\[hidden field: [^\n]*\n    name: desired "Notion Auth", live "Notion \\(edited by hand\\)"`,
      ),
    );
    expect(text.stdout).toMatch(/ {2}- hubspot \(ac_\w+, toolkit hubspot\): deleted in Composio/);
    expect(text.stdout).toContain("    enabled: desired true, live false");

    // A preview: the state is left as it was.
    expect((await env.exportStack(stack)).text).toBe(before.text);
  });

  it("exits 2 with a message for bad arguments, a missing stack or program", async () => {
    const noStackArg = await drift([]);
    expect(noStackArg.code).toBe(2);
    expect(noStackArg.stderr).toContain("composio-drift: --stack is required");
    const unknownFlag = await drift(["--stack", "dev", "--colour"]);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toMatch(/Unknown option '--colour'/);

    const missing = await drift(["--stack", "staging", "--json"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`composio-drift: stack "staging" does not exist for the program in ${stack.workspace.workDir}`);
    expect(JSON.parse(missing.stdout)).toEqual({ stack: "staging", error: expect.stringContaining('stack "staging" does not exist') });

    const noProgram = await drift(["--stack", "dev"], env.newWorkDir("empty"));
    expect(noProgram.code).toBe(2);
    expect(noProgram.stderr).toMatch(/no Pulumi\.yaml in .*empty-\d+; run in the program's directory or pass --cwd/);
  });

  it("exits 2 naming composio:apiKey and COMPOSIO_API_KEY when the stack's refresh has neither", async () => {
    // Deployed with the key in the environment only (the stack's config has none), checked without it.
    const envKeyed = await LocalWorkspace.createOrSelectStack(
      {
        projectName: "drift",
        stackName: "envkey",
        program: async () => void new AuthConfig("github", { toolkit: "github", name: "GitHub (env key)" }),
      },
      { workDir: stack.workspace.workDir, envVars: { ...env.envVars, COMPOSIO_API_KEY: API_KEY }, pulumiCommand: env.cli.command },
    );
    await setConfig(envKeyed, { "composio:baseUrl": composio.emulator.url });
    await up(envKeyed);
    const result = await drift(["--stack", "envkey", "--json"]);
    expect(result.code).toBe(2);
    const message =
      'no Composio API key for stack "envkey": neither composio:apiKey in the stack\'s config nor COMPOSIO_API_KEY in this environment is set. ' +
      "Export COMPOSIO_API_KEY for the check";
    expect(result.stderr).toMatch(new RegExp(`^composio-drift: ${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[^\n]*\n$`));
    expect(JSON.parse(result.stdout)).toEqual({ stack: "envkey", error: expect.stringContaining(message) });
  });

  it("exits 2 with the API's message when Composio refuses the refresh", async () => {
    // The same address, but a Composio that does not know the stack's key: every read is a 401.
    const port = Number(new URL(composio.emulator.url).port);
    await composio.emulator.close();
    const other = await startEmulator({ apiKey: "another-project-key", port, quiet: true });
    try {
      const result = await drift(["--stack", "dev"]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      // Said once for the stack, naming its three configs: the reads shared one listing, one answer.
      expect(result.stderr).toMatch(
        /^composio-drift: reading the auth configs of stack "dev" failed: Composio API error while reading 3 auth configs \(ac_\w+, ac_\w+, ac_\w+\): .*status 401/,
      );
      expect(result.stderr.match(/status 401/g)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  afterAll(() => {
    for (const secret of [API_KEY, CLIENT_SECRET, PROXY_KEY, "SENTINEL-changed-by-hand-11"]) expect(printed).not.toContain(secret);
  });
});
