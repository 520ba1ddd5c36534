/**
 * The package's policy pack (policy/, docs/policy-pack.md) under the real CLI against the emulator, run as users run
 * it: `pulumi preview --policy-pack node_modules/pulumi-composio/policy --policy-pack-config <file>`. Two stacks in one
 * env: a TypeScript program (the dynamic provider's AuthConfig and McpServer) and a YAML program (the package's, through
 * the plugin on PATH). One preview per scenario: every rule mandatory and violated fails the preview with each message
 * and no API write; an advisory rule warns and the preview passes while a disabled rule's violation is silent; a
 * compliant program passes. The stacks are never deployed, so each preview is a first one: the MCP servers' auth config
 * ids are unknown, and the pack finds their toolkits through the engine's property dependencies. Needs `npm run build`
 * (the pack and the plugin run dist/).
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { AuthConfig, McpServer, type AuthConfigArgs, type McpServerArgs } from "../../sdk";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { preview, REPO_ROOT, type E2eEnv } from "../../testbed/harness";
import { createLanguageEnv } from "../../testbed/languages";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-api-key-composio-policy-5b7e90";
const CLIENT_SECRET = "SENTINEL-client-secret-policy-3c81d2";
const PACK_DIR = path.join(REPO_ROOT, "node_modules", "pulumi-composio", "policy");

/** The production settings of docs/policy-pack.md, slugs in mixed case; `levels` overrides enforcement levels. */
function packConfig(levels: Record<string, string> = {}) {
  const settings: Record<string, object> = {
    "composio-allowed-toolkits": { toolkits: ["GitHub", "notion", "HUBSPOT", "gmail"] },
    "composio-custom-auth-required": { toolkits: ["github", "Notion"] },
    "composio-allowed-scopes": { scopes: { HubSpot: ["tickets", "sales-email-read"] } },
    "composio-tools-restricted": { toolkits: ["Gmail"] },
    "composio-one-config-per-toolkit": {},
  };
  return Object.fromEntries(
    Object.entries(settings).map(([rule, config]) => [rule, { enforcementLevel: levels[rule] ?? "mandatory", ...config }]),
  );
}

const EVERY_RULE_MANDATORY = packConfig();
const ADVISORY_AND_DISABLED = packConfig({ "composio-one-config-per-toolkit": "advisory", "composio-custom-auth-required": "disabled" });

/** One violation of each rule, as the CLI prints it (the resources' names are the same in both programs). */
const VIOLATIONS: Record<string, string> = {
  "composio-allowed-toolkits": 'auth config "chat": toolkit "slack" is not an allowed toolkit',
  "composio-custom-auth-required":
    'auth config "code": type is "use_composio_managed_auth", but toolkit "github" must use the team\'s own app',
  "composio-allowed-scopes": 'auth config "crm": credentials.scopes requests "crm.objects.contacts.write", not among the allowed scopes',
  "composio-tools-restricted": 'auth config "mail": toolAccessConfig.toolsAvailableForExecution is not set',
  "composio-one-config-per-toolkit": 'auth config "docs-2" is a second auth config of toolkit "notion" with type "use_custom_auth"',
};
/** The MCP server "agent"'s violations: toolkits through an auth config and through noAuthApps, tools not restricted. */
const MCP_VIOLATIONS: [rule: string, message: string][] = [
  ["composio-allowed-toolkits", 'MCP server "agent": toolkit "slack" (from authConfigIds: auth config "chat") is not an allowed toolkit'],
  ["composio-allowed-toolkits", 'MCP server "agent": toolkit "hackernews" (from noAuthApps) is not an allowed toolkit'],
  [
    "composio-tools-restricted",
    'MCP server "agent": allowedTools is not set, so every tool of toolkit "gmail" (from authConfigIds: auth config "mail") can be executed',
  ],
];

/** An MCP server of the TypeScript program: `authConfigs` names the program's auth configs whose ids it is given. */
type ServerArgs = Omit<McpServerArgs, "authConfigIds"> & { authConfigs: string[] };

// The TypeScript program: its auth configs and MCP servers are set by each scenario.
let declared: Record<string, AuthConfigArgs> = {};
let servers: Record<string, ServerArgs> = {};
const program = async () => {
  const configs = Object.fromEntries(Object.entries(declared).map(([name, args]) => [name, new AuthConfig(name, args)]));
  for (const [name, { authConfigs, ...args }] of Object.entries(servers)) {
    new McpServer(name, { ...args, authConfigIds: authConfigs.map((config) => configs[config].authConfigId) });
  }
};
const ownApp = (toolkit: string): AuthConfigArgs => ({
  toolkit,
  type: "use_custom_auth",
  authScheme: "OAUTH2",
  credentials: { client_id: `${toolkit}-client-id`, client_secret: pulumi.secret(CLIENT_SECRET) },
});
const COMPLIANT: Record<string, AuthConfigArgs> = {
  code: ownApp("GitHub"),
  docs: ownApp("notion"),
  crm: { toolkit: "hubspot", credentials: { scopes: ["tickets", " sales-email-read"] } },
  mail: { toolkit: "gmail", toolAccessConfig: { toolsAvailableForExecution: ["GMAIL_SEND_EMAIL"] } },
};
const COMPLIANT_SERVERS: Record<string, ServerArgs> = {
  agent: { authConfigs: ["code", "mail"], allowedTools: ["GMAIL_SEND_EMAIL", "GITHUB_CREATE_AN_ISSUE"] },
};
const VIOLATING_SERVERS: Record<string, ServerArgs> = { agent: { authConfigs: ["chat", "mail"], noAuthApps: ["HackerNews"] } };
const VIOLATING: Record<string, AuthConfigArgs> = {
  ...COMPLIANT,
  chat: { toolkit: "slack" },
  code: { toolkit: "github" },
  crm: { toolkit: "HubSpot", credentials: { scopes: "tickets, crm.objects.contacts.write" } },
  mail: { toolkit: "gmail" },
  "docs-2": ownApp("notion"),
};

// The YAML program: the same auth configs as the package's resources, written to its Pulumi.yaml before each preview.
// Always a second custom Notion config (docs-2) and a managed GitHub config (code); `violating` breaks the other rules,
// the MCP server's too (as the TypeScript program's "agent").
const YAML_BAD_SCOPES = "[tickets, crm.objects.contacts.write]";
function yamlProgram({ violating }: { violating: boolean }): string {
  const ownAppYaml = (toolkit: string) => `
      toolkit: ${toolkit}
      type: use_custom_auth
      authScheme: OAUTH2
      credentials:
        client_id: ${toolkit}-client-id
        client_secret: \${clientSecret}`;
  const resource = (name: string, properties: string) => `  ${name}:\n    type: composio:index:AuthConfig\n    properties:${properties}\n`;
  return [
    "name: composio-policy-yaml\nruntime: yaml\nconfig:\n  clientSecret:\n    type: string\nresources:\n",
    resource("code", "\n      toolkit: GITHUB"),
    resource("docs", ownAppYaml("Notion")),
    resource("docs-2", ownAppYaml("notion")),
    // Scopes as a YAML list, or as a comma string with spaces.
    resource(
      "crm",
      `\n      toolkit: hubspot\n      credentials:\n        scopes: ${violating ? YAML_BAD_SCOPES : "tickets, sales-email-read"}`,
    ),
    resource(
      "mail",
      `\n      toolkit: gmail${violating ? "" : "\n      toolAccessConfig:\n        toolsAvailableForExecution: [GMAIL_SEND_EMAIL]"}`,
    ),
    violating ? resource("chat", "\n      toolkit: slack") : "",
    `  agent:\n    type: composio:index:McpServer\n    properties:\n`,
    violating
      ? '      authConfigIds: ["${chat.authConfigId}", "${mail.authConfigId}"]\n      noAuthApps: [HackerNews]\n'
      : '      authConfigIds: ["${code.authConfigId}", "${mail.authConfigId}"]\n      allowedTools: [GMAIL_SEND_EMAIL]\n',
  ].join("");
}

let env: E2eEnv;
let composio: TestComposio;
let tsStack: Stack;
let yamlStack: Stack;
let yamlProgramDir: string;

beforeAll(async () => {
  // The YAML host (built when needed: minutes when cold) and the plugin's launcher on PATH.
  env = await createLanguageEnv("composio-policy", { yaml: true, pathDirs: [path.join(REPO_ROOT, "bin")] });
  composio = await startTestComposio(API_KEY);
  const providerConfig = { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": composio.emulator.url };
  tsStack = await env.inlineStack({ projectName: "composio-policy-ts", program, config: providerConfig });
  yamlProgramDir = env.newWorkDir("yaml-program");
  fs.writeFileSync(path.join(yamlProgramDir, "Pulumi.yaml"), yamlProgram({ violating: false }));
  yamlStack = await env.localStack({
    programDir: yamlProgramDir,
    config: { ...providerConfig, clientSecret: { value: CLIENT_SECRET, secret: true } },
  });
}, 30 * 60_000);

afterAll(async () => {
  await env?.cleanup();
  await composio?.emulator.close();
});

/** One `pulumi preview` of `stack` with the pack and `config` as its policy config file, with the API writes it made. */
async function previewWithPack(stack: Stack, config: object) {
  const configFile = path.join(env.newWorkDir("policy-config"), "policy.json");
  fs.writeFileSync(configFile, JSON.stringify(config));
  const counted = await composio.counted(() =>
    preview(stack, { policyPacks: [PACK_DIR], policyPackConfigs: [configFile], allowFailure: true }),
  );
  expect(counted.result.output).not.toContain(CLIENT_SECRET);
  expect(counted.writes).toBe(0);
  return counted.result;
}

function expectEveryRuleFailed(result: { ok: boolean; output: string; error?: Error }) {
  expect(result.ok).toBe(false);
  expect(String(result.error)).toMatch(/exit code [1-9]/);
  for (const [rule, message] of [...Object.entries(VIOLATIONS), ...MCP_VIOLATIONS]) {
    expect(result.output).toMatch(new RegExp(`\\[mandatory\\]\\s+${rule}`));
    expect(result.output).toContain(message);
  }
}

function expectAdvisoryOnly(result: { ok: boolean; output: string }) {
  expect(result.ok).toBe(true);
  expect(result.output).toMatch(/\[advisory\]\s+composio-one-config-per-toolkit/);
  expect(result.output).toContain(VIOLATIONS["composio-one-config-per-toolkit"]);
  // The managed GitHub config would violate the disabled rule.
  expect(result.output).not.toContain("composio-custom-auth-required");
  expect(result.output).not.toContain("[mandatory]");
}

describe("a TypeScript program (the dynamic provider's AuthConfig)", () => {
  test("a compliant program passes with every rule mandatory, and the pack ran", async () => {
    declared = COMPLIANT;
    servers = COMPLIANT_SERVERS;
    const result = await previewWithPack(tsStack, EVERY_RULE_MANDATORY);
    expect(result.ok).toBe(true);
    expect(result.output).toContain("composio@v0.1.0");
    expect(result.output).not.toMatch(/composio-(allowed|custom|tools|one)-/);
  });

  test("every rule mandatory and violated fails the preview, each naming the resource, property, value and fix", async () => {
    declared = VIOLATING;
    servers = VIOLATING_SERVERS;
    expectEveryRuleFailed(await previewWithPack(tsStack, EVERY_RULE_MANDATORY));
  });

  test("an advisory violation warns and the preview passes; a disabled rule's violation is silent", async () => {
    declared = { ...COMPLIANT, code: { toolkit: "github" }, "docs-2": ownApp("notion") };
    servers = COMPLIANT_SERVERS;
    expectAdvisoryOnly(await previewWithPack(tsStack, ADVISORY_AND_DISABLED));
  });
});

describe("a YAML program (the package's composio:index:AuthConfig)", () => {
  test("every rule mandatory and violated fails the preview, each naming the resource, property, value and fix", async () => {
    fs.writeFileSync(path.join(yamlProgramDir, "Pulumi.yaml"), yamlProgram({ violating: true }));
    expectEveryRuleFailed(await previewWithPack(yamlStack, EVERY_RULE_MANDATORY));
  });

  test("an advisory violation warns and the preview passes; a disabled rule's violation is silent", async () => {
    fs.writeFileSync(path.join(yamlProgramDir, "Pulumi.yaml"), yamlProgram({ violating: false }));
    expectAdvisoryOnly(await previewWithPack(yamlStack, ADVISORY_AND_DISABLED));
  });
});
