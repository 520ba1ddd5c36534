/**
 * Every example directory (examples/<name>) as a user runs it: the real CLI runs the example's own Pulumi.yaml and
 * index.ts (through the Node.js language host) against one emulator: up creates what the example says (auth configs,
 * MCP servers), a preview right after changes nothing, and destroy leaves the emulator empty. proxy-config needs the @pulumi/random
 * plugin, which cannot be built here: tests/examples/proxyConfig.test.ts covers it under Pulumi's mocks.
 */
import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";
import type { Stack } from "@pulumi/pulumi/automation";
import type { WireMcpServer } from "../../provider/core/mcpServer";
import type { WireAuthConfig } from "../../provider/core/wire";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { createE2eEnv, destroy, preview, REPO_ROOT, up, type ConfigInput, type E2eEnv } from "../../testbed/harness";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-api-key-examples-0e93b7";
const NOTION_SECRET = "SENTINEL-notion-client-secret-examples-a81f";

let env: E2eEnv;
let composio: TestComposio;

beforeAll(async () => {
  composio = await startTestComposio(API_KEY);
  env = await createE2eEnv("examples");
}, 15 * 60_000);

afterAll(async () => {
  await env?.cleanup();
  await composio?.emulator.close();
});

/** Runs a command to its end; `output` is its stdout then its stderr. Never throws on a non-zero exit. */
async function runCommand(file: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = await promisify(execFile)(file, args, opts).then(
    (done) => ({ ...done, code: 0 }),
    (failed: { code: number; stdout: string; stderr: string }) => failed,
  );
  return { code: result.code, output: `${result.stdout}${result.stderr}` };
}

/** examples/pipeline/drift-check.sh on a stack, run from the repository's root as CI runs it from its checkout. */
function driftCheck(stack: Stack) {
  const script = path.join(REPO_ROOT, "examples", "pipeline", "drift-check.sh");
  return runCommand("bash", [script, stack.name, stack.workspace.workDir], { cwd: REPO_ROOT, env: { ...process.env, ...env.envVars } });
}

/** The emulator's MCP servers (one page holds an example's). */
async function mcpServers(): Promise<WireMcpServer[]> {
  return (await composio.api("GET", "/mcp/servers?limit=50")).json.items;
}

const scopesOf = (value: unknown) => [value].flat().join(",").split(",").sort();

interface ExampleCase {
  /** examples/<dir> */
  dir: string;
  /** The example's own stack config (what its README tells users to set). */
  config?: ConfigInput;
  /** The stack outputs, by name, from the created configs (in server order) and MCP servers. */
  idOutput: (server: WireAuthConfig[], servers: WireMcpServer[]) => Record<string, unknown>;
  /**
   * The emulator's auth configs after up (all of them: it starts empty), and their credentials as the
   * server holds them by id (reads hide them: the emulator's own view).
   */
  check(server: WireAuthConfig[], stored: Record<string, Record<string, unknown>>): void;
  /** More to exercise after up; must leave the stack as up left it. */
  afterUp?(stack: Stack, server: WireAuthConfig[], servers: WireMcpServer[]): Promise<void>;
}

const cases: ExampleCase[] = [
  {
    dir: "mcp-server",
    config: { notionClientId: "notion-example-client-id", notionClientSecret: { value: NOTION_SECRET, secret: true } },
    idOutput: (_server, [agent]) => ({ mcpServerId: agent.id, mcpUrl: agent.mcp_url }),
    check(server) {
      expect(server.map((config) => [config.toolkit.slug, config.type]).sort()).toEqual([
        ["github", "default"],
        ["notion", "custom"],
      ]);
    },
    async afterUp(stack, server, servers) {
      const [github, notion] = ["github", "notion"].map((slug) => server.find((config) => config.toolkit.slug === slug)!);
      expect(servers).toEqual([
        expect.objectContaining({
          name: "issue-triage-agent",
          auth_config_ids: [github.id, notion.id],
          allowed_tools: ["GITHUB_LIST_REPOSITORY_ISSUES", "GITHUB_CREATE_AN_ISSUE", "NOTION_SEARCH", "NOTION_CREATE_PAGE"],
        }),
      ]);
      // The agent's stack (app/, stack of the same name as its README says) reads mcpUrl through a StackReference.
      const app = await env.localStack({ programDir: path.join(REPO_ROOT, "examples", "mcp-server", "app"), stackName: stack.name });
      expect((await up(app)).outputs?.agentMcpUrl.value).toBe(servers[0].mcp_url);
      await destroy(app);
    },
  },
  {
    dir: "github-managed",
    idOutput: ([github]) => ({ githubAuthConfigId: github.id }),
    check([github]) {
      expect(github).toMatchObject({
        toolkit: { slug: "github" },
        type: "default",
        is_composio_managed: true,
        auth_scheme: "OAUTH2",
        name: "GitHub",
      });
    },
  },
  {
    dir: "notion-custom-oauth",
    config: { notionClientId: "notion-example-client-id", notionClientSecret: { value: NOTION_SECRET, secret: true } },
    idOutput: ([notion]) => ({ notionAuthConfigId: notion.id }),
    check([notion], stored) {
      expect(notion).toMatchObject({
        toolkit: { slug: "notion" },
        type: "custom",
        auth_scheme: "OAUTH2",
        name: "Notion Auth",
        credentials: { client_id: "notion-example-client-id" },
      });
      // The secret and the redirect URI reached the server; its reads mask them.
      expect(notion.credentials?.client_secret).not.toBe(NOTION_SECRET);
      expect(stored[notion.id]).toMatchObject({
        client_secret: NOTION_SECRET,
        oauth_redirect_uri: "https://backend.composio.dev/api/v3.1/toolkits/auth/callback",
      });
    },
  },
  {
    dir: "hubspot-scopes",
    idOutput: ([hubspot]) => ({ hubspotAuthConfigId: hubspot.id }),
    check([hubspot], stored) {
      expect(hubspot).toMatchObject({ toolkit: { slug: "hubspot" }, type: "default", is_composio_managed: true, name: "HubSpot" });
      expect(scopesOf(stored[hubspot.id]!.scopes)).toEqual(["sales-email-read", "tickets"]);
    },
  },
  {
    dir: "perplexity-api-key",
    idOutput: ([perplexity]) => ({ perplexityAuthConfigId: perplexity.id }),
    check([perplexity]) {
      expect(perplexity).toMatchObject({
        toolkit: { slug: "perplexityai" },
        type: "custom",
        is_composio_managed: false,
        auth_scheme: "API_KEY",
        name: "Perplexity AI",
      });
    },
  },
  {
    dir: "pipeline",
    idOutput: (server) => ({ authConfigIds: Object.fromEntries(server.map((config) => [config.toolkit.slug, config.id])) }),
    check(server, stored) {
      const [github, slack] = ["github", "slack"].map((slug) => server.find((config) => config.toolkit.slug === slug)!);
      expect(github).toMatchObject({ type: "default", name: "GitHub" });
      expect(scopesOf(stored[github.id]!.scopes)).toEqual(["read:org", "repo"]);
      expect(slack).toMatchObject({ type: "default", name: "Slack" });
      expect(scopesOf(stored[slack.id]!.scopes)).toEqual(["channels:read", "chat:write"]);
      expect(scopesOf(stored[slack.id]!.user_scopes)).toEqual(["search:read"]);
    },
    async afterUp(stack, server) {
      const clean = await driftCheck(stack);
      expect(clean).toMatchObject({ code: 0, output: expect.stringContaining(`stack ${stack.name} matches the code`) });

      // Someone renames the Slack config in the dashboard: the gate fails and says what changed.
      const slack = server.find((config) => config.toolkit.slug === "slack")!;
      await composio.api("PATCH", `/auth_configs/${slack.id}`, { type: "default", name: "Slack (edited by hand)" });
      const drifted = await driftCheck(stack);
      expect(drifted.code).toBe(1);
      expect(drifted.output).toMatch(/slack[\s\S]*name[\s\S]*Slack \(edited by hand\)/);
      expect(drifted.output).toContain(`pulumi up --refresh --stack ${stack.name}`);

      // The fix the gate suggests puts the code's settings back.
      await up(stack, { refresh: true });
      expect((await composio.api("GET", `/auth_configs/${slack.id}`)).json.name).toBe("Slack");
    },
  },
];

test.each(cases)("examples/$dir: up creates it, preview changes nothing, destroy removes it", async (example) => {
  const stack = await env.localStack({
    programDir: path.join(REPO_ROOT, "examples", example.dir),
    config: { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": composio.emulator.url, ...example.config },
  });

  const created = await up(stack);
  const server = await composio.list();
  const servers = await mcpServers();
  const resources = server.length + servers.length + 1; // its auth configs, its MCP servers and the stack
  expect(created.changes).toEqual({ create: resources });
  const stored = Object.fromEntries(
    await Promise.all(server.map(async (config) => [config.id, (await composio.control.storedAuthConfig(config.id)).credentials])),
  );
  example.check(server, stored);
  const outputs = Object.fromEntries(Object.entries(created.outputs ?? {}).map(([name, output]) => [name, output.value]));
  expect(outputs).toEqual(example.idOutput(server, servers));
  await example.afterUp?.(stack, server, servers);

  const again = await preview(stack, { expectNoChanges: true });
  expect(again.changes).toEqual({ same: resources });

  const { text } = await env.exportStack(stack);
  for (const secret of [API_KEY, NOTION_SECRET]) expect(text + created.output + again.output).not.toContain(secret);

  expect((await destroy(stack)).changes).toEqual({ delete: resources });
  expect(await composio.list()).toEqual([]);
  expect(await mcpServers()).toEqual([]);
});
