/**
 * Go programs through Go's Automation API (inline mode, auto.UpsertStackInlineSource) under the real Pulumi CLI:
 * testbed/programs/go, built by toolchain/ensure-go-programs.sh, run with a local file backend and passphrase
 * secrets (testbed/languages.ts). `basic` needs no plugin; `seed` declares the seed's four auth configs and an MCP
 * server using two of them through the `composio` package (its generated Go SDK, sdk-gen/go, and the plugin found on
 * PATH, bin/pulumi-resource-composio) against the emulator, in one lifecycle: create, a no-change preview, refresh,
 * drift made in the dashboard gated and repaired, an allow-list change, a config made there adopted with
 * `pulumi.Import`, destroy.
 * Needs `npm run build` (the plugin runs dist/).
 */
import * as path from "path";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { E2eEnv, REPO_ROOT } from "../../testbed/harness";
import { createLanguageEnv, runGoProgram, type GoProgramRequest, type GoProgramResult } from "../../testbed/languages";
import {
  driftInDashboard,
  hiddenValuesConfigInDashboard,
  hiddenValuesOnServer,
  maskedForms,
  seedAsDeclared,
  seedConfig,
  seedSecrets,
  seedOnServer,
  writesByRoute,
  type SeedIds,
} from "../../testbed/seedLifecycle";

const TOKEN = "go-sentinel-token-5b81e0"; // a secret: must never appear in plain text
const CONFIG = { greeting: "hi there", token: { value: TOKEN, secret: true } };

let env: E2eEnv;
beforeAll(async () => {
  // Builds the CLI and the Go program when needed (minutes when cold). The plugin's launcher on PATH.
  env = await createLanguageEnv("go-program", { pathDirs: [path.join(REPO_ROOT, "bin")] });
}, 30 * 60_000);
afterAll(() => env?.cleanup());

async function stateText(workDir: string): Promise<string> {
  const r = await env.pulumi(["stack", "export", "--stack", "test"], { cwd: workDir });
  expect(r.code).toBe(0);
  return r.stdout;
}

test(
  "preview, up, refresh, outputs and destroy of an inline Go program; the secret config stays secret",
  async () => {
    const workDir = env.newWorkDir("go-basic");
    const run = (op: "up" | "preview" | "refresh" | "destroy" | "outputs") =>
      runGoProgram(env, { program: "basic", op, workDir, config: CONFIG });

    const planned = await run("preview");
    expect(planned).toMatchObject({ ok: true, exitCode: 0, changes: { create: 1 } }); // the stack itself

    const created = await run("up");
    expect(created.error).toBeUndefined();
    const expected = {
      greeting: { value: "hi there", secret: false },
      shout: { value: "HI THERE!", secret: false },
      stack: { value: "test", secret: false },
      tokenLength: { value: TOKEN.length, secret: true },
      token: { value: TOKEN, secret: true },
    };
    expect(created).toMatchObject({ ok: true, changes: { create: 1 }, outputs: expected });
    expect(created.output).toContain("Outputs:");
    expect(created.output).toContain("[secret]");
    expect(created.output).not.toContain(TOKEN);
    const state = await stateText(workDir);
    expect(state).toContain('"greeting": "hi there"');
    expect(state).not.toContain(TOKEN);

    expect(await run("preview")).toMatchObject({ ok: true, changes: { same: 1 } });
    expect(await run("refresh")).toMatchObject({ ok: true, changes: { same: 1 } });
    expect((await run("outputs")).outputs).toEqual(expected);

    const destroyed = await run("destroy");
    expect(destroyed).toMatchObject({ ok: true, changes: { delete: 1 } });
    expect((await run("outputs")).outputs ?? {}).toEqual({});
  },
  10 * 60_000,
);

test(
  "a missing required config value fails the run, naming the key",
  async () => {
    const r = await runGoProgram(env, {
      program: "basic",
      op: "preview",
      workDir: env.newWorkDir("go-missing"),
      config: { greeting: "hello" },
    });
    expect(r).toMatchObject({ ok: false, exitCode: 1 });
    expect(r.output).toContain("Missing required configuration variable 'basic:token'");
    expect(r.output).toContain("pulumi config set --secret basic:token <value>");
  },
  5 * 60_000,
);

test("the runner refuses an unknown program, up and preview options on another operation, and a run without a local backend and passphrase", async () => {
  const workDir = env.newWorkDir("go-refused");
  const unknown = await runGoProgram(env, { program: "nope", op: "up", workDir });
  expect(unknown).toMatchObject({ ok: false, exitCode: 1 });
  expect(unknown.error).toContain('unknown program "nope": the programs are basic, seed');

  const misplaced = await runGoProgram(env, { program: "basic", op: "refresh", workDir, config: CONFIG, expectNoChanges: true });
  expect(misplaced).toMatchObject({ ok: false, exitCode: 1 });
  expect(misplaced.error).toContain('refresh and expectNoChanges are options of up and preview, not of "refresh"');

  const noBackend = { ...env, envVars: { ...env.envVars, PULUMI_BACKEND_URL: "", PULUMI_CONFIG_PASSPHRASE: "" } };
  const refused = await runGoProgram(noBackend, { program: "basic", op: "up", workDir, config: CONFIG });
  expect(refused).toMatchObject({ ok: false, exitCode: 1 });
  expect(refused.error).toContain("PULUMI_BACKEND_URL and PULUMI_CONFIG_PASSPHRASE must be set");
});

describe("the seed's four auth configs and an MCP server as a Go program, through the composio package's Go SDK", () => {
  const { apiKey, notionClientSecret, rotated, hidden, all: SECRETS } = seedSecrets("go");
  const ALLOWED = ["GITHUB_CREATE_AN_ISSUE", "NOTION_SEARCH"]; // the program's allow-list when agentAllowedTools is unset
  const WIDENED = [...ALLOWED, "NOTION_CREATE_PAGE"];
  const ADDED_IN_DASHBOARD = "GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER";

  let composio: TestComposio;
  beforeAll(async () => {
    composio = await startTestComposio(apiKey);
  });
  afterAll(() => composio?.emulator.close());

  test(
    "create 5, previews and refreshes with no write, dashboard drift gated by preview --refresh and repaired by up --refresh, an allow-list change in one PATCH, pulumi.Import adopts with 0 writes, destroy deletes the server first; no secret in state or output",
    async () => {
      const workDir = env.newWorkDir("go-seed");
      let printed = "";
      type Options = Pick<GoProgramRequest, "config" | "refresh" | "expectNoChanges">;
      const attempt = async (op: GoProgramRequest["op"], options: Options = {}): Promise<GoProgramResult> => {
        const r = await runGoProgram(env, { program: "seed", op, workDir, ...options });
        printed += r.output + (r.error ?? "");
        return r;
      };
      const run = async (op: GoProgramRequest["op"], options: Options = {}): Promise<GoProgramResult> => {
        const r = await attempt(op, options);
        if (!r.ok) throw new Error(`${op} of the Go program failed: ${r.error}\n${r.output}`);
        return r;
      };

      const created = await run("up", { config: seedConfig(composio, notionClientSecret) });
      expect(created.changes).toEqual({ create: 6 }); // the stack, the four configs and the MCP server
      expect(await writesByRoute(composio)).toEqual({ "POST /auth_configs": 4, "POST /mcp/servers": 1 });
      const ids = created.outputs!.authConfigIds.value as SeedIds;
      expect((await composio.list()).map((config) => config.id).sort()).toEqual(Object.values(ids).sort());
      expect(await seedOnServer(composio, ids)).toEqual(seedAsDeclared(notionClientSecret));
      const agentId = created.outputs!.agentId.value as string;
      const agent = async () => {
        const { auth_config_ids, allowed_tools, toolkits, name, mcp_url } = (await composio.api("GET", `/mcp/${agentId}`)).json;
        return {
          authConfigIds: [...auth_config_ids].sort(),
          allowedTools: [...allowed_tools].sort(),
          toolkits: [...toolkits].sort(),
          name,
          mcp_url,
        };
      };
      expect(await agent()).toEqual({
        authConfigIds: [ids.github, ids.notion].sort(),
        allowedTools: [...ALLOWED].sort(),
        toolkits: ["github", "notion"],
        name: expect.stringMatching(/^agent-[0-9a-f]{7}$/), // autonamed from the resource's name
        mcp_url: created.outputs!.agentUrl.value,
      });

      const { result: planned, calls } = await composio.counted(() => run("preview"));
      expect(planned.changes).toEqual({ same: 6 });
      expect(calls).toBe(0);

      await composio.control.clearStats();
      expect((await run("refresh")).changes).toEqual({ same: 6 });
      expect(await writesByRoute(composio)).toEqual({});

      // Drift made in the dashboard (two configs edited, a tool added to the server): preview --refresh
      // --expect-no-changes fails naming it and writes nothing; up --refresh puts all three back, one PATCH each.
      await driftInDashboard(composio, ids, rotated);
      const widenedInDashboard = await composio.api("PATCH", `/mcp/${agentId}`, { allowed_tools: [...ALLOWED, ADDED_IN_DASHBOARD] });
      expect(widenedInDashboard.status).toBe(200);
      await composio.control.clearStats();
      const gated = await attempt("preview", { refresh: true, expectNoChanges: true });
      expect(gated.ok).toBe(false);
      expect(gated.output).toMatch(/allowedTools/);
      expect(gated.output).toContain(ADDED_IN_DASHBOARD);
      expect(await writesByRoute(composio)).toEqual({});
      expect((await run("up", { refresh: true })).changes).toEqual({ update: 3, same: 3 });
      expect(await writesByRoute(composio)).toEqual({ "PATCH /auth_configs/{id}": 2, "PATCH /mcp/{id}": 1 });
      expect(await seedOnServer(composio, ids)).toEqual(seedAsDeclared(notionClientSecret));
      expect((await agent()).allowedTools).toEqual([...ALLOWED].sort());

      // The allow-list widened in the program: one PATCH of the server. With --refresh, so that the repair above
      // is also checked complete (anything the refresh found would be one more update and write).
      await composio.control.clearStats();
      const widened = await run("up", { config: { agentAllowedTools: JSON.stringify(WIDENED) }, refresh: true });
      expect(widened.changes).toEqual({ update: 1, same: 5 });
      expect(await writesByRoute(composio)).toEqual({ "PATCH /mcp/{id}": 1 });
      expect(await agent()).toMatchObject({ allowedTools: [...WIDENED].sort(), mcp_url: created.outputs!.agentUrl.value });

      // A config made in the dashboard, adopted by the program's pulumi.Import: no copy, no write, and no masked
      // value taken for a real one (state), none sent back by a later up.
      const slackId = await hiddenValuesConfigInDashboard(composio, hidden);
      await composio.control.clearStats();
      const adopted = await run("up", { config: { importSlackId: slackId } });
      expect(adopted.changes).toEqual({ import: 1, same: 6 });
      expect((adopted.outputs!.authConfigIds.value as Record<string, string>).slack).toBe(slackId);
      expect((await run("up")).changes).toEqual({ same: 7 });
      expect(await writesByRoute(composio)).toEqual({});
      expect(await composio.list()).toHaveLength(5);
      expect(await hiddenValuesOnServer(composio, slackId)).toEqual({
        clientSecret: hidden.clientSecret,
        proxyKey: hidden.proxyKey,
        shared: { bot_token: hidden.shared },
      });
      const state = await stateText(workDir);
      for (const text of [state, printed]) for (const mask of maskedForms(...Object.values(hidden))) expect(text).not.toContain(mask);
      for (const secret of SECRETS) expect(state + printed).not.toContain(secret);

      await composio.control.clearStats();
      expect((await run("destroy")).changes).toEqual({ delete: 7 });
      const deleted = (await composio.control.requests()).filter((entry) => entry.method === "DELETE").map((entry) => entry.path);
      const serverDeleted = deleted.findIndex((path) => path.endsWith(`/mcp/${agentId}`));
      expect(serverDeleted).toBeGreaterThanOrEqual(0);
      for (const id of [ids.github, ids.notion])
        expect(deleted.findIndex((path) => path.endsWith(`/auth_configs/${id}`))).toBeGreaterThan(serverDeleted);
      expect((await composio.api("GET", `/mcp/${agentId}`)).status).toBe(404);
      expect(await composio.list()).toEqual([]);
      for (const secret of SECRETS) expect(printed).not.toContain(secret);
    },
    10 * 60_000,
  );
});
