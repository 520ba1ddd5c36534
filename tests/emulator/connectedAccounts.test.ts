/**
 * Connected accounts, through the official @composio/client unchanged: created with their credentials
 * (API_KEY, BEARER_TOKEN), counted by their auth config's `no_of_connections`, listed with the client's
 * filters and paging, masked on reads, deleted alone or with their auth config.
 */
import { BadRequestError, NotFoundError } from "@composio/client";
import type { ConnectedAccountCreateParams } from "@composio/client/resources/connected-accounts";
import { officialClientOf, startTestEmulator, useEmulatorWithOfficialClient } from "./helpers";

const suite = useEmulatorWithOfficialClient();

async function customConfig(authScheme: "API_KEY" | "BEARER_TOKEN", slug = "github"): Promise<string> {
  const created = await suite.client.authConfigs.create({
    toolkit: { slug },
    auth_config: { type: "use_custom_auth", authScheme, credentials: {} },
  });
  return created.auth_config.id;
}

const apiKeyAccount = (authConfigId: string, userId: string, key = `ghp_secret_${userId}`): ConnectedAccountCreateParams => ({
  auth_config: { id: authConfigId },
  connection: { user_id: userId, state: { authScheme: "API_KEY", val: { status: "ACTIVE", generic_api_key: key } } },
});

it("counts a config's accounts in no_of_connections (retrieve and list), without moving its last_updated_at", async () => {
  const id = await customConfig("API_KEY");
  const other = await customConfig("API_KEY", "perplexityai");
  const before = await suite.client.authConfigs.retrieve(id);
  expect(before.no_of_connections).toBe(0);

  for (const user of ["alice", "bob", "carol"]) await suite.client.connectedAccounts.create(apiKeyAccount(id, user));
  await suite.client.connectedAccounts.create(apiKeyAccount(other, "dave"));

  const after = await suite.client.authConfigs.retrieve(id);
  expect(after.no_of_connections).toBe(3);
  expect(after.last_updated_at).toBe(before.last_updated_at);
  const listed = await suite.client.authConfigs.list({ show_disabled: true });
  expect(Object.fromEntries(listed.items.map((item) => [item.id, item.no_of_connections]))).toEqual({ [id]: 3, [other]: 1 });
});

it("creates BEARER_TOKEN accounts and masks the token (and API keys) on every read", async () => {
  const id = await customConfig("BEARER_TOKEN", "notion");
  const created = await suite.client.connectedAccounts.create({
    auth_config: { id },
    connection: { user_id: "alice", state: { authScheme: "BEARER_TOKEN", val: { status: "ACTIVE", token: "bearer-token-value" } } },
  });
  expect(created).toMatchObject({
    id: expect.stringMatching(/^ca_/),
    status: "ACTIVE",
    connectionData: { authScheme: "BEARER_TOKEN", val: { status: "ACTIVE", token: "bear..." } },
  });

  const read = await suite.client.connectedAccounts.retrieve(created.id);
  expect(read).toMatchObject({
    id: created.id,
    auth_config: { id, auth_scheme: "BEARER_TOKEN", is_composio_managed: false, is_disabled: false },
    state: { authScheme: "BEARER_TOKEN", val: { status: "ACTIVE", token: "bear..." } },
    status: "ACTIVE",
    toolkit: { slug: "notion" },
    user_id: "alice",
  });
  await suite.t.control.maskFormat("redacted");
  const listed = await suite.client.connectedAccounts.list({ auth_config_ids: [id] });
  expect(listed.items.map((item) => item.state.val)).toEqual([{ status: "ACTIVE", token: "REDACTED" }]);
  expect(JSON.stringify([created, read, listed])).not.toContain("bearer-token-value");
});

it("creates BASIC accounts: the username shown, the password masked", async () => {
  const config = await suite.client.authConfigs.create({
    toolkit: { slug: "zendesk" },
    auth_config: { type: "use_custom_auth", authScheme: "BASIC", credentials: { subdomain: "acme" } as never },
  });
  const id = config.auth_config.id;
  const basic = (val: Record<string, string>) =>
    ({
      auth_config: { id },
      connection: { user_id: "agent", state: { authScheme: "BASIC", val: { status: "ACTIVE", ...val } } },
    }) as ConnectedAccountCreateParams;
  const created = await suite.client.connectedAccounts.create(basic({ username: "agent@acme.test", password: "basic-password-value" }));
  expect((await suite.client.connectedAccounts.retrieve(created.id)).state.val).toEqual({
    status: "ACTIVE",
    username: "agent@acme.test",
    password: "basi...",
  });
  const res = await suite.t.api("POST", "/connected_accounts", { body: basic({ username: "agent@acme.test" }) });
  expect(res.status).toBe(400);
  expect(res.json.error.message).toContain("connection.state.val.password");
  expect((await suite.client.authConfigs.retrieve(id)).no_of_connections).toBe(1);
});

it("lists with the client's filters and follows next_cursor", async () => {
  const github = await customConfig("API_KEY");
  const perplexity = await customConfig("API_KEY", "perplexityai");
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await suite.client.connectedAccounts.create(apiKeyAccount(github, `user-${i}`))).id);
  await suite.client.connectedAccounts.create(apiKeyAccount(perplexity, "user-0"));

  const byConfig = await suite.client.connectedAccounts.list({ auth_config_ids: [github], limit: 2 });
  expect(byConfig).toMatchObject({ total_items: 5, total_pages: 3, current_page: 1 });
  const paged = [...byConfig.items];
  for (let cursor = byConfig.next_cursor; cursor;) {
    const page = await suite.client.connectedAccounts.list({ auth_config_ids: [github], cursor });
    paged.push(...page.items);
    cursor = page.next_cursor;
  }
  // Newest first by default.
  expect(paged.map((item) => item.id)).toEqual([...ids].reverse());

  expect((await suite.client.connectedAccounts.list({ auth_config_ids: [github, perplexity] })).total_items).toBe(6);
  expect((await suite.client.connectedAccounts.list({ user_ids: ["user-0"] })).items.map((i) => i.toolkit.slug).sort()).toEqual([
    "github",
    "perplexityai",
  ]);
  expect((await suite.client.connectedAccounts.list({ toolkit_slugs: ["PERPLEXITYAI"] })).total_items).toBe(1);
  expect((await suite.client.connectedAccounts.list({ connected_account_ids: [ids[1]!] })).items.map((i) => i.id)).toEqual([ids[1]]);
  expect((await suite.client.connectedAccounts.list({ statuses: ["INACTIVE"] })).total_items).toBe(0);
  const ascending = await suite.client.connectedAccounts.list({ auth_config_ids: [github], order_direction: "asc" });
  expect(ascending.items.map((item) => item.id)).toEqual(ids);
});

it("deletes an account (a 404 after), and a config's delete takes its accounts with it", async () => {
  const id = await customConfig("API_KEY");
  const [first, second] = [
    await suite.client.connectedAccounts.create(apiKeyAccount(id, "a")),
    await suite.client.connectedAccounts.create(apiKeyAccount(id, "b")),
  ];
  expect(await suite.client.connectedAccounts.delete(first.id)).toEqual({ success: true });
  await expect(suite.client.connectedAccounts.retrieve(first.id)).rejects.toBeInstanceOf(NotFoundError);
  await expect(suite.client.connectedAccounts.delete(first.id)).rejects.toBeInstanceOf(NotFoundError);
  expect((await suite.client.authConfigs.retrieve(id)).no_of_connections).toBe(1);

  await suite.client.authConfigs.delete(id);
  await expect(suite.client.connectedAccounts.retrieve(second!.id)).rejects.toBeInstanceOf(NotFoundError);
  expect((await suite.client.connectedAccounts.list({})).total_items).toBe(0);
});

it("refuses what it cannot connect, naming the field: another scheme, OAuth, a missing key, a disabled or unknown config", async () => {
  const id = await customConfig("API_KEY");
  const refused = async (body: unknown, status: number, message: RegExp) => {
    const res = await suite.t.api("POST", "/connected_accounts", { body });
    expect(res.status).toBe(status);
    expect(res.json.error.message).toMatch(message);
  };
  const tokenState = { authScheme: "BEARER_TOKEN", val: { status: "ACTIVE", token: "t" } };
  await refused(
    { auth_config: { id }, connection: { user_id: "u", state: tokenState } },
    400,
    /does not match the auth config's scheme API_KEY/,
  );
  await refused(
    { auth_config: { id }, connection: { user_id: "u", state: { authScheme: "OAUTH2", val: { status: "ACTIVE", access_token: "x" } } } },
    400,
    /connected_accounts\/link|API_KEY, BEARER_TOKEN, BASIC/,
  );
  await refused(
    { auth_config: { id }, connection: { user_id: "u", state: { authScheme: "API_KEY", val: { status: "ACTIVE" } } } },
    400,
    /connection\.state\.val\.generic_api_key/,
  );
  await refused(
    { auth_config: { id }, connection: { state: { authScheme: "API_KEY", val: { status: "ACTIVE", generic_api_key: "k" } } } },
    400,
    /connection\.user_id/,
  );
  await refused(apiKeyAccount("ac_doesnotexist", "u"), 404, /not found/);
  await suite.client.authConfigs.updateStatus("DISABLED", { nanoid: id });
  await expect(suite.client.connectedAccounts.create(apiKeyAccount(id, "u"))).rejects.toBeInstanceOf(BadRequestError);
  expect(JSON.stringify(suite.t.logs)).not.toContain("ghp_secret");
  expect((await suite.t.control.stats()).byRoute["POST /connected_accounts"]).toBe(6);
});

it("keeps accounts in the state file across a restart", async () => {
  const { mkdtempSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const stateFile = join(mkdtempSync(join(tmpdir(), "emu-accounts-")), "state.json");
  const first = await startTestEmulator({ stateFile });
  const firstClient = officialClientOf(first);
  const config = await firstClient.authConfigs.create({
    toolkit: { slug: "github" },
    auth_config: { type: "use_custom_auth", authScheme: "API_KEY", credentials: {} },
  });
  await firstClient.connectedAccounts.create(apiKeyAccount(config.auth_config.id, "alice"));
  await first.emu.close();
  const second = await startTestEmulator({ stateFile });
  try {
    const secondClient = officialClientOf(second);
    expect((await secondClient.authConfigs.retrieve(config.auth_config.id)).no_of_connections).toBe(1);
  } finally {
    await second.emu.close();
  }
});

it("the control API stands in for users who finished an OAuth flow: ACTIVE accounts of a managed config, counted and listed", async () => {
  const managed = (await suite.client.authConfigs.create({ toolkit: { slug: "github" } })).auth_config.id;
  const ids = await suite.t.control.connectUsers(managed, ["alice", "bob"]);
  expect(ids).toEqual([expect.stringMatching(/^ca_/), expect.stringMatching(/^ca_/)]);
  expect((await suite.client.authConfigs.retrieve(managed)).no_of_connections).toBe(2);
  expect((await suite.client.connectedAccounts.retrieve(ids[0]!)).state).toEqual({ authScheme: "OAUTH2", val: { status: "ACTIVE" } });
  await expect(suite.t.control.connectUsers("ac_doesnotexist", ["carol"])).rejects.toMatchObject({ status: 404 });
  // Control calls are not counted.
  expect((await suite.t.control.stats()).byRoute["POST /connected_accounts"]).toBeUndefined();
});
