/**
 * The repository's root program (Pulumi.yaml -> program/index.ts) with the repository's own stack files,
 * Pulumi.dev.yaml and Pulumi.prod.yaml, under the real CLI against the emulator: each environment's configs and its
 * MCP server (naming its auth config by key) are created as its file says, a second preview changes nothing, the
 * prod client secrets (encrypted in the file with the demo passphrase) never appear in state or output, another
 * stack reads `authConfigIds` and `mcpUrls` through a StackReference, and destroy leaves nothing behind. A malformed
 * `authConfigs` or `mcpServers` list fails with a message naming the config path.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import type { WireMcpServer } from "../../provider/core/mcpServer";
import type { WireAuthConfig } from "../../provider/core/wire";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { createE2eEnv, destroy, preview, REPO_ROOT, setConfig, up, type E2eEnv } from "../../testbed/harness";

jest.setTimeout(5 * 60_000);

/** The passphrase the committed stack files are encrypted with (documented in them and in README.md). */
const DEMO_PASSPHRASE = "composio-demo-passphrase";
const PROJECT = "composio-auth-configs";
const API_KEY = "SENTINEL-api-key-root-program-5c21d9";

type Env = "dev" | "prod";
interface Entry {
  toolkit: string;
  credentials?: Record<string, string>;
}

let env: E2eEnv;
let composio: TestComposio;

beforeAll(async () => {
  composio = await startTestComposio(API_KEY);
  env = await createE2eEnv("root-program", { passphrase: DEMO_PASSPHRASE });
}, 15 * 60_000);

afterAll(async () => {
  await env?.cleanup();
  await composio?.emulator.close();
});

/** A stack of the root program whose config file is the repository's Pulumi.<name>.yaml, pointed at the emulator. */
async function repoStack(name: Env): Promise<Stack> {
  const stack = await env.localStack({ programDir: REPO_ROOT, stackName: name });
  // The harness made the stack in its own working dir; its config file becomes the committed one (same passphrase,
  // so the file's encryptionsalt decrypts its secrets), then gets the test's provider settings.
  fs.copyFileSync(path.join(REPO_ROOT, `Pulumi.${name}.yaml`), path.join(stack.workspace.workDir, `Pulumi.${name}.yaml`));
  await setConfig(stack, { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": composio.emulator.url });
  return stack;
}

/** The stack's `authConfigs` list as the program sees it, secrets decrypted. */
async function declaredEntries(stack: Stack): Promise<Entry[]> {
  const config = await stack.getAllConfig();
  return JSON.parse(config[`${PROJECT}:authConfigs`].value) as Entry[];
}

const byToolkit = (configs: WireAuthConfig[]) => Object.fromEntries(configs.map((config) => [config.toolkit.slug, config]));
/** Credentials as the server holds them (reads hide them: the emulator's own view), by toolkit. */
type StoredCredentials = Record<string, Record<string, unknown>>;

/** The emulator's MCP servers (one page holds them all here). */
async function mcpServers(): Promise<WireMcpServer[]> {
  return (await composio.api("GET", "/mcp/servers?limit=50")).json.items;
}

/** What each environment must create, by toolkit (beyond what the file itself lists). */
const expectations: Record<Env, (server: Record<string, WireAuthConfig>, entries: Entry[], stored: StoredCredentials) => void> = {
  dev(server, _entries, stored) {
    for (const [toolkit, name] of [
      ["github", "GitHub"],
      ["notion", "Notion"],
      ["hubspot", "HubSpot"],
    ]) {
      expect(server[toolkit]).toMatchObject({ type: "default", is_composio_managed: true, auth_scheme: "OAUTH2", name, status: "ENABLED" });
    }
    expect(stored.hubspot!.scopes).toBe("sales-email-read,tickets");
  },
  prod(server, entries, stored) {
    for (const [toolkit, name] of [
      ["github", "GitHub"],
      ["notion", "Notion"],
      ["hubspot", "HubSpot"],
    ]) {
      expect(server[toolkit]).toMatchObject({
        type: "custom",
        is_composio_managed: false,
        auth_scheme: "OAUTH2",
        name,
        credentials: { client_id: `prod-${toolkit}-client-id` },
      });
      // The API only ever shows the secret masked; the server holds the stack file's.
      const secret = entries.find((entry) => entry.toolkit === toolkit)!.credentials!.client_secret;
      expect(server[toolkit].credentials?.client_secret).not.toBe(secret);
      expect(stored[toolkit]!.client_secret).toBe(secret);
    }
    expect(stored.notion!.oauth_redirect_uri).toBe("https://backend.composio.dev/api/v3.1/toolkits/auth/callback");
    expect(stored.hubspot!.scopes).toBe("sales-email-read,tickets");
  },
};

test("Pulumi.prod.yaml holds each client secret encrypted (secure:), never in plain text", () => {
  const text = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.prod.yaml"), "utf8");
  expect(text).toMatch(/^encryptionsalt: v1:/m);
  expect(text.match(/client_secret:\n\s+secure: v1:/g)).toHaveLength(3);
  expect(text).not.toMatch(/client-secret/);
});

test.each<Env>(["dev", "prod"])("the %s stack file: up, authConfigIds, no-change preview, no secret leaked, destroy", async (name) => {
  const stack = await repoStack(name);
  const entries = await declaredEntries(stack);
  const secrets = [API_KEY, ...entries.flatMap((entry) => (entry.credentials?.client_secret ? [entry.credentials.client_secret] : []))];
  expect(secrets).toHaveLength(name === "prod" ? 4 : 1);

  const created = await up(stack);
  expect(created.changes).toEqual({ create: 5 }); // the stack, three auth configs and the MCP server
  const server = await composio.list();
  expect(server.map((config) => config.toolkit.slug).sort()).toEqual(["github", "hubspot", "notion"]);
  const live = byToolkit(server);
  const stored = Object.fromEntries(
    await Promise.all(
      server.map(async (config) => [config.toolkit.slug, (await composio.control.storedAuthConfig(config.id)).credentials]),
    ),
  );
  expectations[name](live, entries, stored);
  expect(created.outputs?.authConfigIds).toEqual({
    value: { github: live.github.id, notion: live.notion.id, hubspot: live.hubspot.id },
    secret: false,
  });
  // The file's mcpServers entry names the GitHub config by its key; the server gets that config's id.
  const [agent, ...others] = await mcpServers();
  expect(others).toEqual([]);
  expect(agent).toMatchObject({
    name: expect.stringMatching(/^github-agent-[0-9a-f]{7}$/), // autonamed from its key
    auth_config_ids: [live.github.id],
    allowed_tools: ["GITHUB_CREATE_AN_ISSUE", "GITHUB_LIST_REPOSITORY_ISSUES"],
    toolkits: ["github"],
  });
  expect(created.outputs?.mcpUrls).toEqual({ value: { "github-agent": agent.mcp_url }, secret: false });

  const again = await preview(stack, { expectNoChanges: true });
  expect(again.changes).toEqual({ same: 5 });

  const { text } = await env.exportStack(stack);
  for (const secret of secrets) {
    expect(text).not.toContain(secret);
    expect(created.output + again.output).not.toContain(secret);
  }

  expect((await destroy(stack)).changes).toEqual({ delete: 5 });
  expect(await composio.list()).toEqual([]);
  expect(await mcpServers()).toEqual([]);
});

test("an application stack reads authConfigIds and mcpUrls through a StackReference", async () => {
  const platform = await repoStack("dev");
  const { outputs } = await up(platform);
  const ids = outputs!.authConfigIds.value as Record<string, string>;
  const urls = outputs!.mcpUrls.value as Record<string, string>;
  const app = await env.inlineStack({
    projectName: "agent-app",
    program: async () => {
      const reference = new pulumi.StackReference(`organization/${PROJECT}/dev`);
      const authConfigIds = reference.requireOutput("authConfigIds") as pulumi.Output<Record<string, string>>;
      const mcpUrls = reference.requireOutput("mcpUrls") as pulumi.Output<Record<string, string>>;
      return { notionAuthConfigId: authConfigIds.apply((all) => all.notion), agentMcpUrl: mcpUrls.apply((all) => all["github-agent"]) };
    },
  });
  const appOutputs = (await up(app)).outputs!;
  expect(appOutputs.notionAuthConfigId.value).toBe(ids.notion);
  expect(appOutputs.agentMcpUrl.value).toBe(urls["github-agent"]);
  await destroy(app);
  await destroy(platform);
  expect(await composio.list()).toEqual([]);
});

test.each([
  [
    "authConfigs not a list",
    { authConfigs: '{"toolkit":"github"}' },
    /stack config authConfigs: must be a list of auth configs, one entry per config: pulumi config set --path 'authConfigs\[0\]\.toolkit' github/,
  ],
  [
    "an authConfigs entry without toolkit",
    { authConfigs: '[{"toolkit":"github"},{"name":"Notion"}]' },
    /stack config authConfigs\[1\]\.toolkit: toolkit is required/,
  ],
  [
    "two authConfigs entries with one key",
    { authConfigs: '[{"toolkit":"github"},{"toolkit":"github"}]' },
    /stack config authConfigs\[1\]: a second auth config named "github"; give one of them a distinct "key"/,
  ],
  // What `pulumi config set --path 'authConfigs[0].credentials.client_id' 12345` stores: a number.
  [
    "a number where text belongs",
    {
      authConfigs:
        '[{"toolkit":"notion","type":"use_custom_auth","authScheme":"OAUTH2","credentials":{"client_id":12345,"client_secret":"s"}}]',
    },
    /stack config authConfigs\[0\]\.credentials\.client_id: .*store it as text: pulumi config set --type string --path 'authConfigs\[0\]\.credentials\.client_id' <value>/,
  ],
  // The auth configs are valid: the bad server entry must still stop them from being declared.
  [
    "an MCP server naming an auth config key that does not exist",
    { authConfigs: '[{"toolkit":"github"}]', mcpServers: '[{"key":"agent","authConfigs":["githbu"]}]' },
    /stack config mcpServers\[0\]\.authConfigs\[0\]: no authConfigs entry has the key "githbu" \(its keys: github\); use one of them, or add an auth config with that key to authConfigs/,
  ],
])("%s fails the preview with a Pulumi error naming the config path, not a crash", async (_case, config, message) => {
  const stack = await env.localStack({ programDir: REPO_ROOT, stackName: "bad", config });
  const result = await preview(stack, { allowFailure: true });
  expect(result.ok).toBe(false);
  expect(result.output).toMatch(new RegExp(`error: ${message.source}`));
  // The program's error, as Pulumi reports a RunError: no "unhandled exception", no stack trace.
  expect(result.output).not.toContain("unhandled exception");
  expect(result.output).not.toMatch(/\n\s+at .*\.(js|ts):\d+/);
  expect(await composio.list()).toEqual([]);
});
