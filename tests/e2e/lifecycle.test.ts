/**
 * The whole lifecycle of AuthConfig under the real Pulumi CLI (Automation API, local file backend)
 * against the emulator: create, no-op, update in place, replace, drift, adoption, secrets,
 * provider configuration, provider upgrades and destroy.
 */
import * as pulumi from "@pulumi/pulumi";
import type { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { AuthConfig, type AuthConfigArgs } from "../../sdk";
import { authConfigProviderStub } from "../../sdk/providerStub";
import { startComposioStack, type ComposioStack } from "../../testbed/composioStack";
import type { TestComposio } from "../../testbed/emulatorApi";
import { destroy, preview, refresh, setConfig, up, type E2eEnv } from "../../testbed/harness";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-api-key-e2e-3b8f01";
const CLIENT_SECRET = "SENTINEL-client-secret-e2e-77aa2c";
const PROXY_KEY = "SENTINEL-proxy-key-e2e-19cd4e";

let env: E2eEnv;
let composio: TestComposio;
let stack: Stack;
let cleanup: ComposioStack["cleanup"] | undefined;
/** What the inline program declares; each test sets it before running the engine. */
let desired: Record<string, AuthConfigArgs> = {};
/** `import` resource options by resource name. */
let importOptions: Record<string, string> = {};
/** When set, the program stores this provider object instead of the package's stub. */
let providerOverride: pulumi.dynamic.ResourceProvider | undefined;
/** Everything the CLI printed in this file, searched for secrets at the end. */
let allOutput = "";

class UpgradedAuthConfig extends pulumi.dynamic.Resource {
  declare readonly authConfigId: pulumi.Output<string>;
}

const program = async () => {
  const ids: Record<string, pulumi.Output<string>> = {};
  for (const [name, args] of Object.entries(desired)) {
    if (providerOverride) {
      // Same type token and inputs as AuthConfig, another serialized provider: a package upgrade.
      const resource = new UpgradedAuthConfig(
        providerOverride,
        name,
        { ...args, __resourceName: name, authConfigId: undefined },
        {},
        "composio",
        "AuthConfig",
      );
      ids[name] = resource.authConfigId;
    } else {
      ids[name] = new AuthConfig(name, args, importOptions[name] ? { import: importOptions[name] } : {}).authConfigId;
    }
  }
  return { ids: pulumi.all(ids) };
};

const github: AuthConfigArgs = { toolkit: "github", name: "GitHub" };
const notionCredentials = { client_id: "notion-client-id", client_secret: CLIENT_SECRET };
const notion: AuthConfigArgs = {
  toolkit: "notion",
  type: "use_custom_auth",
  authScheme: "OAUTH2",
  name: "Notion Auth",
  credentials: notionCredentials,
  proxyConfig: { proxyUrl: "https://proxy.example.com", proxyAuthKey: PROXY_KEY },
};
const perplexity: AuthConfigArgs = { toolkit: "perplexityai", type: "use_custom_auth", authScheme: "API_KEY", credentials: {} };

async function run(op: typeof up | typeof preview | typeof refresh | typeof destroy, opts: Parameters<typeof up>[1] = {}) {
  const result = await op(stack, opts);
  allOutput += result.output;
  return result;
}

async function ids(): Promise<Record<string, string>> {
  return (await stack.outputs()).ids.value as Record<string, string>;
}

beforeAll(async () => {
  ({ composio, env, stack, cleanup } = await startComposioStack({ name: "lifecycle", apiKey: API_KEY, program }));
}, 15 * 60_000);

afterAll(() => cleanup?.());

test("1. up creates managed, custom OAuth2 and API_KEY configs", async () => {
  desired = { github, notion, perplexity };
  const result = await run(up);
  expect(result.changes).toEqual({ create: 4 });
  const server = await composio.list();
  expect(server).toHaveLength(3);
  const byToolkit = Object.fromEntries(server.map((config) => [config.toolkit.slug, config]));
  expect(byToolkit.github).toMatchObject({ type: "default", name: "GitHub", status: "ENABLED" });
  expect(byToolkit.notion).toMatchObject({
    type: "custom",
    auth_scheme: "OAUTH2",
    name: "Notion Auth",
    credentials: { client_id: "notion-client-id" },
  });
  expect(byToolkit.notion.proxy_config?.proxy_url).toBe("https://proxy.example.com");
  expect(byToolkit.perplexityai).toMatchObject({ type: "custom", auth_scheme: "API_KEY" });
  expect(byToolkit.perplexityai.name).toMatch(/^perplexity-[0-9a-f]{7}$/);
  expect(await ids()).toEqual({ github: byToolkit.github.id, notion: byToolkit.notion.id, perplexity: byToolkit.perplexityai.id });
});

test("2. a second preview and up change nothing and make no auth-config API call", async () => {
  await composio.control.clearStats();
  expect((await run(preview)).changes).toEqual({ same: 4 });
  expect((await run(up)).changes).toEqual({ same: 4 });
  expect(await composio.authConfigCalls()).toBe(0);
});

test("3. name, scopes, tool access and enabled change in place", async () => {
  const before = await ids();
  desired = {
    ...desired,
    github: {
      ...github,
      name: "GitHub (platform)",
      credentials: { scopes: ["repo", "read:org"] },
      toolAccessConfig: { toolsForConnectedAccountCreation: ["GITHUB_CREATE_AN_ISSUE"] },
      enabled: false,
    },
  };
  expect((await run(up)).changes).toEqual({ same: 3, update: 1 });
  expect(await ids()).toEqual(before);
  const { json } = await composio.api("GET", `/auth_configs/${before.github}`);
  expect(json).toMatchObject({ name: "GitHub (platform)", status: "DISABLED" });
  expect(json.tool_access_config.tools_for_connected_account_creation).toEqual(["GITHUB_CREATE_AN_ISSUE"]);
  // Reads hide scopes: what the server holds is asked of the emulator's own view.
  expect((await composio.control.storedAuthConfig(before.github)).credentials.scopes).toBe("read:org,repo");
});

test("4. changing authScheme replaces: new id, the old one deleted, nothing orphaned", async () => {
  const before = await ids();
  desired = { ...desired, linear: { toolkit: "linear", type: "use_custom_auth", authScheme: "API_KEY", credentials: {} } };
  await run(up);
  const linearBefore = (await ids()).linear;
  desired = {
    ...desired,
    linear: {
      toolkit: "linear",
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      credentials: { client_id: "lin-id", client_secret: CLIENT_SECRET },
    },
  };
  const result = await run(up);
  expect(result.changes).toMatchObject({ replace: 1 });
  const after = await ids();
  expect(after.linear).not.toBe(linearBefore);
  expect(after.github).toBe(before.github);
  expect((await composio.api("GET", `/auth_configs/${linearBefore}`)).status).toBe(404);
  expect((await composio.list()).map((config) => config.id).sort()).toEqual(Object.values(after).sort());
});

test("5. drift: preview --refresh --expect-no-changes fails and names the property; refresh + up restores", async () => {
  const current = await ids();
  const autoname = (await composio.api("GET", `/auth_configs/${current.perplexity}`)).json.name;
  await composio.api("PATCH", `/auth_configs/${current.notion}`, { type: "custom", name: "renamed in the dashboard" });
  await composio.api("PATCH", `/auth_configs/${current.perplexity}`, { type: "custom", name: "autoname renamed by hand" });
  const drifted = await run(preview, { refresh: true, expectNoChanges: true, allowFailure: true, diff: true });
  expect(drifted.ok).toBe(false);
  expect(drifted.output).toMatch(/name/);
  expect(drifted.output).toMatch(/renamed in the dashboard/);
  await run(refresh);
  expect((await run(up)).changes).toMatchObject({ update: 2 });
  expect((await composio.api("GET", `/auth_configs/${current.notion}`)).json.name).toBe("Notion Auth");
  // An autonamed config gets its generated name back, not the hand-made one.
  expect((await composio.api("GET", `/auth_configs/${current.perplexity}`)).json.name).toBe(autoname);
  expect((await run(preview, { refresh: true, expectNoChanges: true })).ok).toBe(true);

  // Deleted out of band: refresh drops it, up makes it again.
  await composio.api("DELETE", `/auth_configs/${current.perplexity}`);
  await run(refresh);
  expect((await run(up)).changes).toMatchObject({ create: 1 });
  const recreated = (await ids()).perplexity;
  expect(recreated).not.toBe(current.perplexity);
  expect((await composio.api("GET", `/auth_configs/${recreated}`)).status).toBe(200);
});

test("6a. the import resource option adopts a config made outside Pulumi", async () => {
  const made = await composio.api("POST", "/auth_configs", {
    toolkit: { slug: "gmail" },
    auth_config: { type: "use_composio_managed_auth", name: "gmail made by hand" },
  });
  const id = made.json.auth_config.id as string;
  importOptions = { gmail: id };
  desired = { ...desired, gmail: { toolkit: "gmail", name: "Gmail" } };
  expect((await run(up)).changes).toMatchObject({ create: 1 });
  expect((await ids()).gmail).toBe(id);
  expect((await composio.api("GET", `/auth_configs/${id}`)).json.name).toBe("Gmail");
  // The option can be dropped after the first up, as with any import.
  importOptions = {};
  expect((await run(up)).changes).not.toHaveProperty("update");
  const { gmail: _removed, ...rest } = desired;
  desired = rest;
  expect((await run(up)).changes).toMatchObject({ delete: 1 });
  expect((await composio.api("GET", `/auth_configs/${id}`)).status).toBe(404);
});

test("6b. a config made outside Pulumi is adopted with adoptId, then updated and deleted", async () => {
  const made = await composio.api("POST", "/auth_configs", {
    toolkit: { slug: "slack" },
    auth_config: { type: "use_composio_managed_auth", name: "made by hand" },
  });
  const id = made.json.auth_config.id as string;
  desired = { ...desired, slack: { toolkit: "slack", name: "Slack", adoptId: id } };
  const adopted = await run(up);
  expect(adopted.changes).toMatchObject({ create: 1 });
  // The plan says "create"; a warning says what it does.
  expect(adopted.output).toContain(
    `warning: AuthConfig "slack" adopts the existing auth config its adoptId names: the plan shows a create`,
  );
  expect((await ids()).slack).toBe(id);
  expect((await composio.api("GET", `/auth_configs/${id}`)).json.name).toBe("Slack");
  desired = { ...desired, slack: { toolkit: "slack", name: "Slack (managed)", adoptId: id } };
  expect((await run(up)).changes).toMatchObject({ update: 1 });
  expect((await composio.api("GET", `/auth_configs/${id}`)).json.name).toBe("Slack (managed)");
  const { slack: _removed, ...rest } = desired;
  desired = rest;
  expect((await run(up)).changes).toMatchObject({ delete: 1 });
  expect((await composio.api("GET", `/auth_configs/${id}`)).status).toBe(404);
});

test("6c. adoption sends the fields reads hide: the dashboard's old client_secret is replaced by the program's", async () => {
  const made = await composio.api("POST", "/auth_configs", {
    toolkit: { slug: "linear" },
    auth_config: {
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      name: "Linear",
      credentials: { client_id: "linear-id", client_secret: "SENTINEL-dashboard-old-secret-4e1a" },
    },
  });
  const id = made.json.auth_config.id as string;
  // Every field a read shows already matches the program.
  desired = {
    ...desired,
    linearAdopted: {
      toolkit: "linear",
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      name: "Linear",
      credentials: { client_id: "linear-id", client_secret: CLIENT_SECRET },
      adoptId: id,
    },
  };
  expect((await run(up)).changes).toMatchObject({ create: 1 });
  expect((await composio.control.storedAuthConfig(id)).credentials.client_secret).toBe(CLIENT_SECRET);
  expect((await run(preview, { refresh: true, expectNoChanges: true })).ok).toBe(true);
  const { linearAdopted: _removed, ...rest } = desired;
  desired = rest;
  expect((await run(up)).changes).toMatchObject({ delete: 1 });
});

test("6d. a rotated client_secret shows in preview --diff as a new secret version, without either value", async () => {
  const rotated = "SENTINEL-rotated-secret-e2e-5f0c";
  desired = { ...desired, notion: { ...notion, credentials: { ...notionCredentials, client_secret: rotated } } };
  try {
    const shown = await run(preview, { diff: true });
    expect(shown.changes).toMatchObject({ update: 1 });
    // Counted since create: the drift repair of step 5 resent the secret once already.
    const [, from, to] = /~ secretVersions\s*: \{\s*~ credentials\.client_secret: (\d+) => (\d+)/.exec(shown.output) ?? [];
    expect(Number(to)).toBe(Number(from) + 1);
    expect(shown.output).not.toContain(rotated);
    expect((await run(up)).changes).toMatchObject({ update: 1 });
    expect((await composio.control.storedAuthConfig((await ids()).notion)).credentials.client_secret).toBe(rotated);
  } finally {
    desired = { ...desired, notion };
    await run(up);
  }
});

test("7. the API key, client secret and proxy key appear nowhere in state, CLI output (also --debug) or __provider", async () => {
  const debug = await run(preview, { refresh: true, debug: true });
  const { text, deployment } = await env.exportStack(stack);
  const providers = deployment.deployment.resources
    .map((resource: { inputs?: { __provider?: string } }) => resource.inputs?.__provider)
    .filter(Boolean) as string[];
  expect(providers.length).toBeGreaterThan(0);
  for (const provider of providers) expect(Buffer.byteLength(provider)).toBeLessThan(2048);
  for (const sentinel of [API_KEY, CLIENT_SECRET, PROXY_KEY]) {
    expect(text).not.toContain(sentinel);
    expect(allOutput + debug.output).not.toContain(sentinel);
  }
  // They are in state, encrypted: the notion config still knows its secret.
  expect(text).toContain("ciphertext");
});

test("8a. a stack without composio:apiKey uses COMPOSIO_API_KEY, and without either warns at preview and fails the up, saying how to set one", async () => {
  const envStack = await env.inlineStack({
    projectName: "envkey",
    program: async () => ({ id: new AuthConfig("from-env", { toolkit: "github" }).authConfigId }),
    config: { "composio:baseUrl": composio.emulator.url },
  });
  const workspace = envStack.workspace as LocalWorkspace;
  workspace.envVars.COMPOSIO_API_KEY = API_KEY;
  const created = await up(envStack);
  allOutput += created.output;
  const id = created.outputs?.id.value as string;
  expect((await composio.api("GET", `/auth_configs/${id}`)).json.name).toMatch(/^from-env-/);
  allOutput += (await destroy(envStack)).output;
  // Empty, not only removed: the key may be in jest's own environment, which the CLI inherits.
  workspace.envVars.COMPOSIO_API_KEY = "";
  // The preview passes (offline, the shapes only), but says so, naming both places for a key.
  const previewed = await preview(envStack);
  allOutput += previewed.output;
  expect(previewed.output).toMatch(
    /warning: No Composio API key: neither `composio:apiKey` \(stack config\) nor COMPOSIO_API_KEY \(environment\) is set/,
  );
  const failed = await up(envStack, { allowFailure: true });
  expect(failed.ok).toBe(false);
  expect(failed.output).toContain("pulumi config set --secret composio:apiKey");
  expect(failed.output).toContain("COMPOSIO_API_KEY");
});

test("8b. a wrong key fails the up with a message naming composio:apiKey", async () => {
  await setConfig(stack, { "composio:apiKey": { value: "wrong-key", secret: true } });
  desired = { ...desired, github: { ...desired.github, name: "GitHub (renamed with a wrong key)" } };
  const failed = await run(up, { allowFailure: true });
  expect(failed.ok).toBe(false);
  expect(failed.output).toMatch(/status 401/);
  expect(failed.output).toContain("pulumi config set --secret composio:apiKey");
  // Destroy and refresh use the provider settings stored by the last up, so the fix is: set the key, then up.
  await setConfig(stack, { "composio:apiKey": { value: API_KEY, secret: true } });
  expect((await run(up)).changes).toMatchObject({ update: 1 });
});

test("10. a new provider implementation between two ups replaces nothing", async () => {
  const before = await ids();
  // A different serialized provider (an extra hook) delegating to the same package: what an upgrade looks like.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- serialized into state: loads the package by name, like the stub
  providerOverride = { ...authConfigProviderStub, check: (olds, news) => require("pulumi-composio/hooks").check(olds, news) };
  const result = await run(up);
  providerOverride = undefined;
  expect(result.changes).not.toHaveProperty("replace");
  expect(result.changes).not.toHaveProperty("create");
  expect(await ids()).toEqual(before);
});

test("9. destroy leaves the emulator empty", async () => {
  expect((await run(destroy)).ok).toBe(true);
  expect(await composio.list()).toEqual([]);
});
