/**
 * The official @composio/client (0.1.x), unchanged, against the emulator: the paths, bodies and
 * query encoding it sends must all be accepted, and its error classes must see the right statuses.
 */
import { AuthenticationError, NotFoundError, BadRequestError, APIConnectionError } from "@composio/client";
import type { AuthConfigCreateParams } from "@composio/client/resources/auth-configs";
import { officialClientOf, useEmulatorWithOfficialClient } from "./helpers";

const suite = useEmulatorWithOfficialClient();

/** The client's type lists only scopes for credentials; the API takes the scheme's fields too. */
function customNotion(name: string): AuthConfigCreateParams {
  const credentials = { client_id: "client-id", client_secret: "client-secret-value", scopes: ["read"] };
  return { toolkit: { slug: "notion" }, auth_config: { type: "use_custom_auth", authScheme: "OAUTH2", name, credentials } };
}

it("creates managed and custom configs, retrieves, lists with pagination, updates, disables and deletes", async () => {
  const managed = await suite.client.authConfigs.create({
    toolkit: { slug: "github" },
    auth_config: { type: "use_composio_managed_auth", name: "GitHub", credentials: { scopes: "repo,user" } },
  });
  expect(managed).toEqual({
    toolkit: { slug: "github" },
    auth_config: { id: expect.stringMatching(/^ac_/), auth_scheme: "OAUTH2", is_composio_managed: true, restrict_to_following_tools: [] },
  });
  const custom = await suite.client.authConfigs.create(customNotion("Notion Auth"));
  expect(custom.auth_config.is_composio_managed).toBe(false);

  const retrieved = await suite.client.authConfigs.retrieve(custom.auth_config.id);
  expect(retrieved).toMatchObject({
    id: custom.auth_config.id,
    type: "custom",
    name: "Notion Auth",
    credentials: { client_secret: "clie...", client_id: "client-id" },
  });

  for (let i = 0; i < 3; i++) await suite.client.authConfigs.create({ toolkit: { slug: "gmail" } });
  const ids: string[] = [];
  let page = await suite.client.authConfigs.list({ limit: 2 });
  expect(page.total_items).toBe(5);
  for (;;) {
    ids.push(...page.items.map((i) => i.id));
    if (!page.next_cursor) break;
    page = await suite.client.authConfigs.list({ limit: 2, cursor: page.next_cursor });
  }
  expect(new Set(ids).size).toBe(5);
  expect(
    (await suite.client.authConfigs.list({ toolkit_slug: "github,notion", is_composio_managed: true })).items.map((i) => i.id),
  ).toEqual([managed.auth_config.id]);

  // Update and status answer {} (published spec): the new state is read back.
  expect(
    await suite.client.authConfigs.update(custom.auth_config.id, {
      type: "custom",
      name: "Renamed",
      tool_access_config: { tools_available_for_execution: ["NOTION_SEARCH"] },
    }),
  ).toEqual({});
  expect(await suite.client.authConfigs.update(managed.auth_config.id, { type: "default", scopes: ["repo"] })).toEqual({});
  expect(await suite.client.authConfigs.retrieve(custom.auth_config.id)).toMatchObject({
    name: "Renamed",
    tool_access_config: { tools_available_for_execution: ["NOTION_SEARCH"] },
  });

  expect(await suite.client.authConfigs.updateStatus("DISABLED", { nanoid: custom.auth_config.id })).toEqual({});
  expect((await suite.client.authConfigs.retrieve(custom.auth_config.id)).status).toBe("DISABLED");
  expect((await suite.client.authConfigs.list({ show_disabled: true })).total_items).toBe(5);
  expect((await suite.client.authConfigs.list()).total_items).toBe(4);

  expect(await suite.client.authConfigs.delete(managed.auth_config.id)).toEqual({});
  expect(await suite.client.authConfigs.delete(custom.auth_config.id, { revoke_on_delete: true })).toEqual({
    revoke_job_id: expect.any(String),
  });
  await expect(suite.client.authConfigs.retrieve(custom.auth_config.id)).rejects.toBeInstanceOf(NotFoundError);
});

it("reads toolkits", async () => {
  const toolkit = await suite.client.toolkits.retrieve("slack");
  expect(toolkit.composio_managed_auth_schemes).toEqual(["OAUTH2"]);
  const list = await suite.client.toolkits.list({ limit: 200 });
  expect(list.items.map((i) => i.slug)).toContain("perplexityai");
});

it("raises AuthenticationError (401) for a wrong key", async () => {
  const wrong = officialClientOf(suite.t, { apiKey: "not-the-key" });
  const err = await wrong.authConfigs.list().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AuthenticationError);
  expect(err).toMatchObject({
    status: 401,
    error: { error: { status: 401, code: 4010, slug: "unauthorized", request_id: expect.stringMatching(/^req_/) } },
  });
});

it("raises BadRequestError for validation failures", async () => {
  const err = await suite.client.authConfigs.create({ toolkit: { slug: "perplexityai" } }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(BadRequestError);
  expect((err as BadRequestError).status).toBe(400);
  const malformed = await suite.client.authConfigs.retrieve("not-an-id").catch((e: unknown) => e);
  expect(malformed).toBeInstanceOf(BadRequestError);
  expect(malformed).toMatchObject({ error: { error: { message: "Invalid auth config ID format", slug: "invalid_auth_config_id" } } });
  await expect(suite.client.authConfigs.retrieve("ac_wellformed")).rejects.toBeInstanceOf(NotFoundError);
});

it("retries injected 503s transparently, and shows why a dropped create is ambiguous", async () => {
  const retrying = officialClientOf(suite.t, { maxRetries: 2 });
  await suite.t.control.faults({ next: 1, kinds: ["503"] });
  expect((await retrying.toolkits.retrieve("github")).slug).toBe("github");
  expect((await suite.t.control.stats()).byRoute["GET /toolkits/{slug}"]).toBe(2);

  // The first create is stored but its response is lost; the client's retry creates a second one.
  await suite.t.control.faults({ next: 1, kinds: ["drop-after-commit"], methods: ["POST"] });
  await retrying.authConfigs.create({ toolkit: { slug: "github" } });
  expect((await suite.client.authConfigs.list()).total_items).toBe(2);

  await suite.t.control.faults({ next: 1, kinds: ["drop"] });
  await expect(suite.client.authConfigs.list()).rejects.toBeInstanceOf(APIConnectionError);
});
