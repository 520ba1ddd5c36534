/**
 * MCP servers through the official @composio/client unchanged (`client.mcp`): create, custom create, list with its
 * page numbers and filters, retrieve, update, soft delete and the servers of one toolkit, in the client's shapes,
 * each call counted in the emulator's stats and request log, and kept in the state file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BadRequestError, NotFoundError } from "@composio/client";
import { officialClientOf, startTestEmulator, useEmulatorWithOfficialClient } from "./helpers";

const suite = useEmulatorWithOfficialClient();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function managedConfig(slug: string): Promise<string> {
  return (await suite.client.authConfigs.create({ toolkit: { slug } })).auth_config.id;
}

it("creates a server in the documented shape, derives its toolkits, and retrieves the same server", async () => {
  const github = await managedConfig("github");
  const notion = await managedConfig("notion");
  const created = await suite.client.mcp.create({
    name: "Docs Agent-1",
    auth_config_ids: [github, notion],
    allowed_tools: ["NOTION_SEARCH", "GITHUB_CREATE_AN_ISSUE"],
    managed_auth_via_composio: true,
  });
  const mcpUrl = `${suite.t.emu.url}/v3/mcp/${created.id}`;
  expect(created).toEqual({
    id: expect.stringMatching(UUID),
    name: "Docs Agent-1",
    auth_config_ids: [github, notion],
    allowed_tools: ["NOTION_SEARCH", "GITHUB_CREATE_AN_ISSUE"],
    toolkits: ["github", "notion"],
    toolkit_icons: { github: expect.stringMatching(/^https:\/\//), notion: expect.stringMatching(/^https:\/\//) },
    managed_auth_via_composio: true,
    mcp_url: mcpUrl,
    commands: { claude: expect.any(String), cursor: expect.any(String), windsurf: expect.any(String) },
    server_instance_count: 0,
    created_at: expect.any(String),
    updated_at: created.created_at,
  });
  for (const command of Object.values(created.commands)) expect(command).toContain(mcpUrl);
  expect(Date.parse(created.created_at)).not.toBeNaN();
  expect(await suite.client.mcp.retrieve(created.id)).toEqual({ ...created, deleted: false });
});

it("allows every tool of the server's toolkits when no allow-list (or []) is given, and keeps following them", async () => {
  const github = await managedConfig("github");
  const slack = await managedConfig("slack");
  const all = await suite.client.mcp.create({ name: "all tools", auth_config_ids: [github] });
  expect(all).toMatchObject({ allowed_tools: [], managed_auth_via_composio: false });
  const empty = await suite.client.mcp.create({ name: "empty list", auth_config_ids: [github], allowed_tools: [] });
  expect(empty.allowed_tools).toEqual([]);

  const widened = await suite.client.mcp.update(all.id, { auth_config_ids: [github, slack] });
  expect(widened).toMatchObject({ toolkits: ["github", "slack"], allowed_tools: [] });
  const narrowed = await suite.client.mcp.update(all.id, { allowed_tools: ["SLACK_SEND_MESSAGE"] });
  expect(narrowed.allowed_tools).toEqual(["SLACK_SEND_MESSAGE"]);
  const reopened = await suite.client.mcp.update(all.id, { allowed_tools: [] });
  expect(reopened.allowed_tools).toEqual([]);
  // "Every tool" follows the toolkits: dropping slack leaves nothing stranded, unlike an explicit slack list.
  expect((await suite.client.mcp.update(all.id, { auth_config_ids: [github] })).allowed_tools).toEqual([]);
});

it("updates only the fields sent, answers with the server, and moves updated_at on every write", async () => {
  const github = await managedConfig("github");
  const linear = await managedConfig("linear");
  const created = await suite.client.mcp.create({ name: "triage", auth_config_ids: [github], allowed_tools: ["GITHUB_CREATE_AN_ISSUE"] });

  const renamed = await suite.client.mcp.update(created.id, { name: "triage bot" });
  expect(renamed).toEqual({ ...created, name: "triage bot", commands: expect.any(Object), updated_at: expect.any(String), deleted: false });
  expect(renamed.updated_at > created.updated_at).toBe(true);

  const nothing = await suite.client.mcp.update(created.id, {});
  expect(nothing.updated_at > renamed.updated_at).toBe(true);
  expect({ ...nothing, updated_at: renamed.updated_at }).toEqual(renamed);

  // @composio/core sends toolkits with auth_config_ids; the auth configs' toolkits are the server's.
  const moved = await suite.client.mcp.update(created.id, {
    auth_config_ids: [linear],
    toolkits: ["LINEAR"],
    allowed_tools: ["LINEAR_CREATE_LINEAR_ISSUE"],
    managed_auth_via_composio: true,
  });
  expect(moved).toMatchObject({
    name: "triage bot",
    auth_config_ids: [linear],
    toolkits: ["linear"],
    toolkit_icons: { linear: expect.any(String) },
    allowed_tools: ["LINEAR_CREATE_LINEAR_ISSUE"],
    managed_auth_via_composio: true,
    created_at: created.created_at,
  });
  expect(await suite.client.mcp.retrieve(created.id)).toEqual(moved);
});

it("lists page by page (page_no, limit: default 10), newest first, and orders by either timestamp in both directions", async () => {
  const github = await managedConfig("github");
  const ids: string[] = [];
  for (let i = 1; i <= 12; i++) ids.push((await suite.client.mcp.create({ name: `server ${i}`, auth_config_ids: [github] })).id);
  const newestFirst = [...ids].reverse();

  const first = await suite.client.mcp.list();
  expect(first).toEqual({ items: expect.any(Array), current_page: 1, total_pages: 2 });
  expect(first.items.map((s) => s.id)).toEqual(newestFirst.slice(0, 10));
  expect(first.items[0]).not.toHaveProperty("deleted"); // the client's list item has no `deleted`
  const second = await suite.client.mcp.list({ page_no: 2 });
  expect(second.items.map((s) => s.id)).toEqual(newestFirst.slice(10));
  expect(await suite.client.mcp.list({ page_no: 3 })).toEqual({ items: [], current_page: 3, total_pages: 2 });

  const pages: string[] = [];
  for (let page = 1; page <= 3; page++) {
    const res = await suite.client.mcp.list({ limit: 5, page_no: page });
    expect(res.total_pages).toBe(3);
    pages.push(...res.items.map((s) => s.id));
  }
  expect(pages).toEqual(newestFirst);

  expect((await suite.client.mcp.list({ limit: 3, order_direction: "asc" })).items.map((s) => s.id)).toEqual(ids.slice(0, 3));
  await suite.client.mcp.update(ids[0]!, { name: "touched" });
  const byUpdate = await suite.client.mcp.list({ limit: 1, order_by: "updated_at" });
  expect(byUpdate.items.map((s) => s.name)).toEqual(["touched"]);
  expect((await suite.client.mcp.list({ limit: 200 })).items).toHaveLength(12);
});

it("filters by name (partial, any case), toolkits (any of them, any case) and auth config ids", async () => {
  const github = await managedConfig("github");
  const notion = await managedConfig("notion");
  const gmail = await managedConfig("gmail");
  const a = await suite.client.mcp.create({ name: "Support Agent", auth_config_ids: [github] });
  const b = await suite.client.mcp.create({ name: "support-docs", auth_config_ids: [notion, github] });
  const c = await suite.client.mcp.create({ name: "Mailer", auth_config_ids: [gmail] });
  const names = async (query: Parameters<typeof suite.client.mcp.list>[0]) =>
    (await suite.client.mcp.list(query)).items.map((s) => s.id).sort();

  expect(await names({ name: "SUPPORT" })).toEqual([a.id, b.id].sort());
  expect(await names({ name: "docs" })).toEqual([b.id]);
  expect(await names({ toolkits: "NOTION,gmail" })).toEqual([b.id, c.id].sort());
  expect(await names({ auth_config_ids: `${github},${gmail}` })).toEqual([a.id, b.id, c.id].sort());
  expect(await names({ auth_config_ids: notion, name: "agent" })).toEqual([]);
  expect((await suite.client.mcp.list({ toolkits: "slack" })).total_pages).toBe(0);
});

it("lists the servers of one toolkit (any case), with the same filters and paging, and 404s an unknown toolkit", async () => {
  const github = await managedConfig("github");
  const notion = await managedConfig("notion");
  const a = await suite.client.mcp.create({ name: "code one", auth_config_ids: [github] });
  const b = await suite.client.mcp.create({ name: "code and docs", auth_config_ids: [github, notion] });
  await suite.client.mcp.create({ name: "docs only", auth_config_ids: [notion] });

  const forGithub = await suite.client.mcp.retrieveApp("GITHUB");
  expect(forGithub).toEqual({ items: expect.any(Array), current_page: 1, total_pages: 1 });
  expect(forGithub.items.map((s) => s.id)).toEqual([b.id, a.id]);
  expect((await suite.client.mcp.retrieveApp("github", { name: "docs" })).items.map((s) => s.id)).toEqual([b.id]);
  const paged = await suite.client.mcp.retrieveApp("github", { limit: 1, page_no: 2 });
  expect(paged).toMatchObject({ current_page: 2, total_pages: 2, items: [{ id: a.id }] });
  expect(await suite.client.mcp.retrieveApp("slack")).toEqual({ items: [], current_page: 1, total_pages: 0 });
  await expect(suite.client.mcp.retrieveApp("nosuchtoolkit")).rejects.toBeInstanceOf(NotFoundError);
});

it("soft-deletes: {id, deleted: true}, then gone from retrieve, update, delete and every listing", async () => {
  const github = await managedConfig("github");
  const kept = await suite.client.mcp.create({ name: "kept", auth_config_ids: [github] });
  const gone = await suite.client.mcp.create({ name: "gone", auth_config_ids: [github] });
  expect(await suite.client.mcp.delete(gone.id)).toEqual({ id: gone.id, deleted: true });

  await expect(suite.client.mcp.retrieve(gone.id)).rejects.toBeInstanceOf(NotFoundError);
  await expect(suite.client.mcp.update(gone.id, { name: "back again" })).rejects.toBeInstanceOf(NotFoundError);
  await expect(suite.client.mcp.delete(gone.id)).rejects.toBeInstanceOf(NotFoundError);
  expect((await suite.client.mcp.list()).items.map((s) => s.id)).toEqual([kept.id]);
  expect((await suite.client.mcp.list({ name: "gone" })).items).toEqual([]);
  expect((await suite.client.mcp.retrieveApp("github")).items.map((s) => s.id)).toEqual([kept.id]);
  // The name is free again.
  expect((await suite.client.mcp.create({ name: "gone", auth_config_ids: [github] })).id).not.toBe(gone.id);
});

it("creates through the custom endpoint (@composio/core's way) and answers in its shorter shape", async () => {
  const github = await managedConfig("github");
  const notion = await managedConfig("notion");
  // What @composio/core sends: toolkits from its {toolkit, authConfigId} pairs, allowed_tools [] when none were given.
  const custom = await suite.client.mcp.custom.create({
    name: "core-made",
    toolkits: ["github", "notion"],
    auth_config_ids: [github, notion],
    allowed_tools: [],
    managed_auth_via_composio: true,
  });
  expect(custom).toEqual({
    id: expect.stringMatching(UUID),
    name: "core-made",
    auth_config_ids: [github, notion],
    allowed_tools: [],
    commands: { claude: expect.any(String), cursor: expect.any(String), windsurf: expect.any(String) },
    mcp_url: `${suite.t.emu.url}/v3/mcp/${custom.id}`,
  });
  expect(await suite.client.mcp.retrieve(custom.id)).toMatchObject({ toolkits: ["github", "notion"], managed_auth_via_composio: true });
  const fromConfigs = await suite.client.mcp.custom.create({
    name: "configs only",
    auth_config_ids: [github],
    allowed_tools: ["GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER"],
  });
  expect(await suite.client.mcp.retrieve(fromConfigs.id)).toMatchObject({ toolkits: ["github"], managed_auth_via_composio: false });
});

it("keeps a server whose auth config is deleted (the API allows it): it still names the config and its toolkit", async () => {
  const github = await managedConfig("github");
  const server = await suite.client.mcp.create({ name: "orphan", auth_config_ids: [github], allowed_tools: ["GITHUB_CREATE_AN_ISSUE"] });
  await suite.client.authConfigs.delete(github);
  expect(await suite.client.mcp.retrieve(server.id)).toMatchObject({
    auth_config_ids: [github],
    toolkits: ["github"],
    updated_at: server.updated_at,
  });
  // A rename leaves the auth configs alone, so it still works; re-sending the deleted id does not.
  expect((await suite.client.mcp.update(server.id, { name: "orphan two" })).name).toBe("orphan two");
  await expect(suite.client.mcp.update(server.id, { auth_config_ids: [github] })).rejects.toBeInstanceOf(BadRequestError);
});

it("counts and logs every MCP call under its route, including refused ones", async () => {
  const github = await managedConfig("github");
  await suite.t.control.clearStats();
  const server = await suite.client.mcp.create({ name: "counted", auth_config_ids: [github] });
  await suite.client.mcp.custom.create({ name: "counted too", auth_config_ids: [github] });
  await suite.client.mcp.list();
  await suite.client.mcp.retrieveApp("github");
  await suite.client.mcp.retrieve(server.id);
  await suite.client.mcp.update(server.id, { name: "counted 2" });
  await suite.client.mcp.delete(server.id);
  await expect(suite.client.mcp.retrieve(server.id)).rejects.toBeInstanceOf(NotFoundError);

  expect(await suite.t.control.stats()).toEqual({
    total: 8,
    byRoute: {
      "POST /mcp/servers": 1,
      "POST /mcp/servers/custom": 1,
      "GET /mcp/servers": 1,
      "GET /mcp/app/{toolkit}": 1,
      "GET /mcp/{id}": 2,
      "PATCH /mcp/{id}": 1,
      "DELETE /mcp/{id}": 1,
    },
  });
  const log = await suite.t.control.requests();
  expect(log.map((e) => `${e.route} ${e.status}`)).toEqual([
    "POST /mcp/servers 201",
    "POST /mcp/servers/custom 201",
    "GET /mcp/servers 200",
    "GET /mcp/app/{toolkit} 200",
    "GET /mcp/{id} 200",
    "PATCH /mcp/{id} 200",
    "DELETE /mcp/{id} 200",
    "GET /mcp/{id} 404",
  ]);
  expect(log[0]!.path).toBe("/api/v3.1/mcp/servers");
});

it("keeps servers (and deleted ones as deleted) in the state file across a restart", async () => {
  const dir = mkdtempSync(join(tmpdir(), "mcp-state-"));
  try {
    const first = await startTestEmulator({ stateFile: join(dir, "state.json"), quiet: true });
    const c1 = officialClientOf(first);
    const github = (await c1.authConfigs.create({ toolkit: { slug: "github" } })).auth_config.id;
    const kept = await c1.mcp.create({ name: "persisted", auth_config_ids: [github], allowed_tools: ["GITHUB_CREATE_AN_ISSUE"] });
    const gone = await c1.mcp.create({ name: "deleted one", auth_config_ids: [github] });
    await c1.mcp.delete(gone.id);
    const before = await c1.mcp.retrieve(kept.id);
    await first.emu.close();

    const second = await startTestEmulator({ stateFile: join(dir, "state.json"), quiet: true });
    try {
      const c2 = officialClientOf(second);
      const after = await c2.mcp.retrieve(kept.id);
      // Only the origin in the URL and commands differs: the restarted emulator has another port.
      const origin = (url: string) => url.replace(first.emu.url, second.emu.url);
      expect(after).toEqual({ ...before, mcp_url: origin(before.mcp_url), commands: expect.any(Object) });
      await expect(c2.mcp.retrieve(gone.id)).rejects.toBeInstanceOf(NotFoundError);
      const touched = await c2.mcp.update(kept.id, {});
      expect(touched.updated_at > before.updated_at).toBe(true);
    } finally {
      await second.emu.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
