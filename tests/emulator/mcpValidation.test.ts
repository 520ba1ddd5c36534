/**
 * What the MCP-server endpoints refuse, through the official client where it can send the request and raw HTTP where
 * it cannot: the documented name rule, and the emulator's strict rules where the API documents none (an unknown auth
 * config, a tool that is not a tool of the server's toolkits: 400s naming them). A refused write changes nothing.
 */
import { BadRequestError, ConflictError, NotFoundError, PermissionDeniedError } from "@composio/client";
import { expectError, useEmulatorWithOfficialClient } from "./helpers";

const suite = useEmulatorWithOfficialClient();

const managedConfig = async (slug: string): Promise<string> =>
  (await suite.client.authConfigs.create({ toolkit: { slug } })).auth_config.id;

/** The API error's body (`error.message`, `error.errors`) as the client received it. */
async function refusal(call: Promise<unknown>, type: new (...args: never[]) => Error): Promise<{ message: string; errors?: unknown }> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  return (err as { error: { error: { message: string; errors?: unknown } } }).error.error;
}

describe("names", () => {
  it("takes 4-30 letters, digits, spaces and hyphens, and refuses anything else with a 400 on create and update", async () => {
    const github = await managedConfig("github");
    for (const name of ["abcd", "a".repeat(30), "Team 7 - docs", "----"]) {
      expect((await suite.client.mcp.create({ name, auth_config_ids: [github] })).name).toBe(name);
    }
    const server = await suite.client.mcp.create({ name: "valid name", auth_config_ids: [github] });
    for (const name of ["abc", "a".repeat(31), "under_score", "dot.name", "émigré", "tab\tname", ""]) {
      const err = await refusal(suite.client.mcp.create({ name, auth_config_ids: [github] }), BadRequestError);
      expect(err.message).toMatch(/^Invalid value for name: 4-30 characters, letters, digits, spaces and hyphens only/);
      await refusal(suite.client.mcp.update(server.id, { name }), BadRequestError);
    }
    expect((await suite.client.mcp.retrieve(server.id)).updated_at).toBe(server.updated_at);
  });

  it("are unique among live servers in any case (409), a server keeps its own, and a deleted one frees it", async () => {
    const github = await managedConfig("github");
    const first = await suite.client.mcp.create({ name: "Shared Name", auth_config_ids: [github] });
    const err = await refusal(suite.client.mcp.create({ name: "shared name", auth_config_ids: [github] }), ConflictError);
    expect(err.message).toBe(`An MCP server named "Shared Name" already exists (${first.id})`);
    const other = await suite.client.mcp.create({ name: "other", auth_config_ids: [github] });
    await refusal(suite.client.mcp.update(other.id, { name: "SHARED NAME" }), ConflictError);
    expect((await suite.client.mcp.update(first.id, { name: "shared NAME" })).name).toBe("shared NAME");
    await suite.client.mcp.delete(first.id);
    expect((await suite.client.mcp.update(other.id, { name: "Shared Name" })).name).toBe("Shared Name");
  });
});

describe("auth configs", () => {
  it("refuses an unknown, deleted or malformed auth config id with a 400 naming each one", async () => {
    const github = await managedConfig("github");
    const deleted = await managedConfig("notion");
    await suite.client.authConfigs.delete(deleted);
    const err = await refusal(
      suite.client.mcp.create({ name: "bad ids", auth_config_ids: [github, "ac_doesnotexist", deleted, "12345"] }),
      BadRequestError,
    );
    expect(err.message).toBe(`Unknown auth config(s) in auth_config_ids: "ac_doesnotexist", "${deleted}", "12345"`);
    expect(err.errors).toEqual([1, 2, 3].map((i) => ({ field: `auth_config_ids[${i}]`, message: "unknown auth config" })));

    const server = await suite.client.mcp.create({ name: "good ids", auth_config_ids: [github] });
    const onUpdate = await refusal(suite.client.mcp.update(server.id, { auth_config_ids: ["ac_missing0000"] }), BadRequestError);
    expect(onUpdate.message).toContain('"ac_missing0000"');
    const onCustom = await refusal(
      suite.client.mcp.custom.create({ name: "custom bad", auth_config_ids: ["ac_missing0000"] }),
      BadRequestError,
    );
    expect(onCustom.message).toContain('"ac_missing0000"');
    expect((await suite.client.mcp.list()).items.map((s) => s.id)).toEqual([server.id]);
  });

  it("refuses two auth configs of one toolkit, a repeated id, and a server without any toolkit", async () => {
    const one = await managedConfig("github");
    const two = await managedConfig("github");
    expect((await refusal(suite.client.mcp.create({ name: "two githubs", auth_config_ids: [one, two] }), BadRequestError)).message).toBe(
      `Auth configs "${one}" and "${two}" are both for toolkit github: a server uses one auth config per toolkit`,
    );
    expect((await refusal(suite.client.mcp.create({ name: "same twice", auth_config_ids: [one, one] }), BadRequestError)).message).toBe(
      `Duplicate entries in auth_config_ids: "${one}"`,
    );
    expect((await refusal(suite.client.mcp.create({ name: "no toolkits", auth_config_ids: [] }), BadRequestError)).message).toBe(
      "An MCP server needs at least one toolkit",
    );
    const server = await suite.client.mcp.create({ name: "has one", auth_config_ids: [one] });
    await refusal(suite.client.mcp.update(server.id, { auth_config_ids: [] }), BadRequestError);
  });

  it("accepts a disabled auth config (it is still the project's; only new connections are refused)", async () => {
    const github = await managedConfig("github");
    await suite.client.authConfigs.updateStatus("DISABLED", { nanoid: github });
    expect((await suite.client.mcp.create({ name: "disabled config", auth_config_ids: [github] })).auth_config_ids).toEqual([github]);
  });

  it("takes only NO_AUTH toolkits as no_auth_apps (the catalog has none, so every entry is refused, naming it)", async () => {
    const github = await managedConfig("github");
    const unknown = await refusal(
      suite.client.mcp.create({ name: "no auth", auth_config_ids: [github], no_auth_apps: ["nosuchapp"] }),
      BadRequestError,
    );
    expect(unknown).toEqual(expect.objectContaining({ message: 'Unknown toolkit(s) in no_auth_apps: "nosuchapp"' }));
    const needsAuth = await refusal(
      suite.client.mcp.create({ name: "no auth", auth_config_ids: [github], no_auth_apps: ["github", "slack"] }),
      BadRequestError,
    );
    expect(needsAuth.message).toBe(
      'Toolkit(s) "github", "slack" in no_auth_apps need auth: none of the server\'s auth configs is for them',
    );
    expect((await suite.client.mcp.create({ name: "no auth", auth_config_ids: [github], no_auth_apps: [] })).toolkits).toEqual(["github"]);
  });

  it("takes toolkits (custom create, update) only as exactly the auth configs' toolkits", async () => {
    const github = await managedConfig("github");
    const notion = await managedConfig("notion");
    const extra = await refusal(
      suite.client.mcp.custom.create({ name: "extra toolkit", toolkits: ["github", "slack"], auth_config_ids: [github] }),
      BadRequestError,
    );
    expect(extra.message).toMatch(/^Toolkit\(s\) "slack" in toolkits need auth/);
    expect(extra.errors).toEqual([{ field: "toolkits[1]", message: "needs an auth config" }]);
    const server = await suite.client.mcp.create({ name: "two toolkits", auth_config_ids: [github, notion] });
    const missing = await refusal(suite.client.mcp.update(server.id, { toolkits: ["github"] }), BadRequestError);
    expect(missing.message).toBe('toolkits leaves out "notion", the toolkit(s) of the server\'s auth configs');
    await refusal(suite.client.mcp.update(server.id, { toolkits: ["github", "notion", "nosuchapp"] }), BadRequestError);
    expect((await suite.client.mcp.update(server.id, { toolkits: ["NOTION", "github"] })).toolkits).toEqual(["github", "notion"]);
  });
});

describe("allowed tools", () => {
  it("refuses a tool that is not a tool of the server's toolkits with a 400 naming it, on create, custom create and update", async () => {
    const github = await managedConfig("github");
    const body = {
      name: "tools",
      auth_config_ids: [github],
      allowed_tools: ["GITHUB_CREATE_AN_ISSUE", "SLACK_SEND_MESSAGE", "GITHUB_NO_SUCH_TOOL"],
    };
    const err = await refusal(suite.client.mcp.create(body), BadRequestError);
    expect(err.message).toBe(
      'Tool(s) "SLACK_SEND_MESSAGE", "GITHUB_NO_SUCH_TOOL" in allowed_tools are not tools of the server\'s toolkits (github)',
    );
    expect(err.errors).toEqual([
      { field: "allowed_tools[1]", message: "not a tool of the server's toolkits" },
      { field: "allowed_tools[2]", message: "not a tool of the server's toolkits" },
    ]);
    await refusal(suite.client.mcp.custom.create(body), BadRequestError);
    // Tool slugs are matched exactly, as the API spells them.
    await refusal(suite.client.mcp.create({ ...body, allowed_tools: ["github_create_an_issue"] }), BadRequestError);

    const server = await suite.client.mcp.create({ ...body, allowed_tools: ["GITHUB_CREATE_AN_ISSUE"] });
    const onUpdate = await refusal(suite.client.mcp.update(server.id, { allowed_tools: ["NOTION_SEARCH"] }), BadRequestError);
    expect(onUpdate.message).toContain('"NOTION_SEARCH"');
    expect(
      (
        await refusal(
          suite.client.mcp.update(server.id, { allowed_tools: ["GITHUB_CREATE_AN_ISSUE", "GITHUB_CREATE_AN_ISSUE"] }),
          BadRequestError,
        )
      ).message,
    ).toBe('Duplicate entries in allowed_tools: "GITHUB_CREATE_AN_ISSUE"');
    expect(await suite.client.mcp.retrieve(server.id)).toMatchObject({
      allowed_tools: ["GITHUB_CREATE_AN_ISSUE"],
      updated_at: server.updated_at,
    });
  });

  it("refuses new auth configs that would strand the allow-list, unless allowed_tools comes with them", async () => {
    const github = await managedConfig("github");
    const notion = await managedConfig("notion");
    const server = await suite.client.mcp.create({ name: "moving", auth_config_ids: [github], allowed_tools: ["GITHUB_CREATE_AN_ISSUE"] });
    const err = await refusal(suite.client.mcp.update(server.id, { auth_config_ids: [notion] }), BadRequestError);
    expect(err.message).toBe(
      'allowed_tools holds "GITHUB_CREATE_AN_ISSUE", not a tool of the server\'s toolkits after this change (notion)',
    );
    const moved = await suite.client.mcp.update(server.id, { auth_config_ids: [notion], allowed_tools: ["NOTION_SEARCH"] });
    expect(moved).toMatchObject({ toolkits: ["notion"], allowed_tools: ["NOTION_SEARCH"] });
  });
});

describe("bodies, ids, queries and keys", () => {
  it("refuses missing and unknown fields, null, wrong types, a missing body and the deprecated custom_tools", async () => {
    const github = await managedConfig("github");
    expect(expectError(await suite.t.api("POST", "/mcp/servers", { body: { name: "no configs" } }), 400).errors).toEqual([
      { field: "auth_config_ids", message: "required" },
    ]);
    expect(
      expectError(await suite.t.api("POST", "/mcp/servers", { body: { name: "typo", auth_config_ids: [github], allowed_tool: [] } }), 400)
        .message,
    ).toBe("Unknown field(s): allowed_tool");
    // toolkits is an update and custom-create field, not a create one (the client's McpCreateParams).
    expectError(
      await suite.t.api("POST", "/mcp/servers", { body: { name: "typo", auth_config_ids: [github], toolkits: ["github"] } }),
      400,
    );
    expectError(await suite.t.api("POST", "/mcp/servers", { body: { name: 1234, auth_config_ids: [github] } }), 400);
    expectError(
      await suite.t.api("POST", "/mcp/servers", { body: { name: "flag", auth_config_ids: [github], managed_auth_via_composio: "yes" } }),
      400,
    );
    expectError(await suite.t.api("POST", "/mcp/servers", { body: { name: "ids", auth_config_ids: github } }), 400);
    expectError(
      await suite.t.api("POST", "/mcp/servers/custom", { body: { name: "legacy", auth_config_ids: [github], custom_tools: [] } }),
      400,
    );

    const server = await suite.client.mcp.create({ name: "patched", auth_config_ids: [github] });
    const nulled = expectError(await suite.t.api("PATCH", `/mcp/${server.id}`, { body: { allowed_tools: null } }), 400);
    expect(nulled.message).toBe("Invalid value for allowed_tools: null is not accepted");
    expectError(await suite.t.api("PATCH", `/mcp/${server.id}`), 400);
    expectError(await suite.t.api("PATCH", `/mcp/${server.id}`, { rawBody: "{" }), 400, "malformed_json");
    expect((await suite.client.mcp.retrieve(server.id)).updated_at).toBe(server.updated_at);
  });

  it("answers 400 for a malformed id and 404 for an unknown one, on every /mcp/{id} route", async () => {
    for (const call of [
      () => suite.client.mcp.retrieve("12345"),
      () => suite.client.mcp.update("not-a-uuid", {}),
      () => suite.client.mcp.delete("mcp_12345"),
    ]) {
      expect((await refusal(call(), BadRequestError)).message).toBe("Invalid MCP server ID format");
    }
    const unknown = "550e8400-e29b-41d4-a716-446655440000";
    for (const call of [
      () => suite.client.mcp.retrieve(unknown),
      () => suite.client.mcp.update(unknown, {}),
      () => suite.client.mcp.delete(unknown),
    ]) {
      expect((await refusal(call(), NotFoundError)).message).toBe(`MCP server "${unknown}" not found`);
    }
  });

  it("refuses bad paging and ordering values on both listings", async () => {
    for (const path of ["/mcp/servers", "/mcp/app/github"]) {
      for (const query of ["limit=0", "limit=201", "limit=ten", "page_no=0", "page_no=-1", "order_by=name", "order_direction=up"]) {
        expectError(await suite.t.api("GET", `${path}?${query}`), 400, "invalid_request");
      }
    }
  });

  it("needs mcp:read for reads and mcp:write for writes", async () => {
    const github = await managedConfig("github");
    const server = await suite.client.mcp.create({ name: "guarded", auth_config_ids: [github] });
    await suite.t.control.restrictKey({ missingCapabilities: ["mcp:write"] });
    await refusal(suite.client.mcp.update(server.id, { name: "changed" }), PermissionDeniedError);
    await refusal(suite.client.mcp.delete(server.id), PermissionDeniedError);
    await refusal(suite.client.mcp.create({ name: "another", auth_config_ids: [github] }), PermissionDeniedError);
    expect((await suite.client.mcp.retrieve(server.id)).name).toBe("guarded");
    await suite.t.control.restrictKey({ missingCapabilities: ["mcp:read"] });
    const denied = await refusal(suite.client.mcp.list(), PermissionDeniedError);
    expect(denied.message).toBe("API key lacks the capability mcp:read");
    await refusal(suite.client.mcp.retrieveApp("github"), PermissionDeniedError);
    await refusal(suite.client.mcp.retrieve(server.id), PermissionDeniedError);
  });
});
