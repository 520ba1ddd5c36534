/**
 * Pulumi YAML programs run by the real CLI through the YAML language host that toolchain/ensure-pulumi-yaml.sh
 * builds, with a local file backend and passphrase secrets (testbed/languages.ts): testbed/programs/yaml/basic (the
 * host itself), and testbed/programs/yaml/seed, the seed's four auth configs through the `composio` plugin (found on
 * PATH, bin/pulumi-resource-composio) against the emulator, in one lifecycle: create, refresh, drift made in the
 * dashboard, `pulumi import` of a config made there, destroy; `composio-drift` refuses the package's resources rather
 * than call them clean. Needs `npm run build` (the plugin runs dist/).
 */
import * as fs from "fs";
import * as path from "path";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { destroy, E2eEnv, preview, refresh, REPO_ROOT, up } from "../../testbed/harness";
import { createLanguageEnv, ensurePulumiYaml, YAML_PROGRAMS } from "../../testbed/languages";
import { runDrift } from "../drift/runDrift";
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

const TOKEN = "yaml-sentinel-token-3e94c2"; // a secret: must never appear in plain text
const TOKEN_BASE64 = Buffer.from(TOKEN).toString("base64");
const programDir = path.join(YAML_PROGRAMS, "basic");

let env: E2eEnv;
beforeAll(async () => {
  // Builds the CLI and the YAML language host when needed: minutes when cold. The plugin's launcher on PATH.
  env = await createLanguageEnv("yaml-program", { yaml: true, pathDirs: [path.join(REPO_ROOT, "bin")] });
}, 30 * 60_000);
afterAll(() => env?.cleanup());

test(
  "config, variables and outputs of a YAML program under the real CLI; secrets stay secret",
  async () => {
    const stack = await env.localStack({
      programDir,
      stackName: "dev",
      config: { greeting: "hello world", token: { value: TOKEN, secret: true } },
    });
    expect((await preview(stack)).changes).toEqual({ create: 1 }); // the stack itself: the program has no resources

    const created = await up(stack);
    expect(created.outputs).toEqual({
      greeting: { value: "hello world", secret: false },
      banner: { value: "yaml-basic/dev/hello", secret: false },
      times: { value: 2, secret: false },
      token: { value: TOKEN, secret: true },
      tokenBase64: { value: TOKEN_BASE64, secret: true },
      hidden: { value: "world", secret: true },
    });
    expect(created.output).toContain("[secret]");
    // The host toolchain/ensure-pulumi-yaml.sh provides is the one the CLI ran.
    const host = path.join(await ensurePulumiYaml(), "pulumi-language-yaml");
    expect(created.output).toContain(`using pulumi-language-yaml from $PATH at ${host}`);
    for (const text of [created.output, (await env.exportStack(stack)).text]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(TOKEN_BASE64);
    }
    const stackConfig = fs.readFileSync(path.join(stack.workspace.workDir, "Pulumi.dev.yaml"), "utf8");
    expect(stackConfig).toContain("yaml-basic:token:\n    secure: ");
    expect(stackConfig).not.toContain(TOKEN);

    await stack.setConfig("times", { value: "5" });
    const updated = await up(stack);
    expect(updated.outputs?.times).toEqual({ value: 5, secret: false });
    expect(updated.changes).toEqual({ same: 1 });

    expect((await destroy(stack)).changes).toEqual({ delete: 1 });
    expect(await stack.outputs()).toEqual({});
  },
  10 * 60_000,
);

test(
  "a config value of the wrong type fails at preview, naming the key and its type",
  async () => {
    const stack = await env.localStack({
      programDir,
      stackName: "bad",
      config: { greeting: "hello world", token: { value: TOKEN, secret: true }, times: "many" },
    });
    const r = await preview(stack, { allowFailure: true });
    expect(r.ok).toBe(false);
    expect(r.output).toContain("Stack 'bad' with configuration key 'times' must be of type 'integer'");
    expect(r.output).not.toContain(TOKEN);
  },
  5 * 60_000,
);

describe("the seed's four auth configs as a YAML program, through the composio plugin", () => {
  const { apiKey, notionClientSecret, rotated, hidden, all: SECRETS } = seedSecrets("yaml");

  let composio: TestComposio;
  beforeAll(async () => {
    composio = await startTestComposio(apiKey);
  });
  afterAll(() => composio?.emulator.close());

  test(
    "create 4, refresh clean, drift repaired with one PATCH per config, import adopts with 0 writes, destroy; no secret in state or output",
    async () => {
      // A copy: the import step adds the generated code to the program.
      const programDir = env.newWorkDir("seed-program");
      fs.cpSync(path.join(YAML_PROGRAMS, "seed"), programDir, { recursive: true });
      const stack = await env.localStack({
        programDir,
        config: seedConfig(composio, notionClientSecret),
      });
      let printed = "";
      const run = async <T extends { output: string }>(result: Promise<T>): Promise<T> => {
        const r = await result;
        printed += r.output;
        return r;
      };

      // up creates the four, one POST each (Notion's read-back and the others are reads).
      const created = await run(up(stack));
      expect(created.changes).toEqual({ create: 5 }); // the stack and the four configs
      expect(await writesByRoute(composio)).toEqual({ "POST /auth_configs": 4 });
      const ids = created.outputs!.authConfigIds.value as SeedIds;
      expect((await composio.list()).map((config) => config.id).sort()).toEqual(Object.values(ids).sort());
      expect(await seedOnServer(composio, ids)).toEqual(seedAsDeclared(notionClientSecret));

      // A refresh right after finds nothing.
      await composio.control.clearStats();
      expect((await run(refresh(stack))).changes).toEqual({ same: 5 });
      expect(await writesByRoute(composio)).toEqual({});

      // Drift made in the dashboard shows in `preview --refresh` (which writes nothing); `up --refresh` repairs it.
      await driftInDashboard(composio, ids, rotated);
      await composio.control.clearStats();
      expect((await run(preview(stack, { refresh: true }))).changes).toEqual({ update: 2, same: 3 });
      expect(await writesByRoute(composio)).toEqual({});
      expect((await run(up(stack, { refresh: true }))).changes).toEqual({ update: 2, same: 3 });
      expect(await writesByRoute(composio)).toEqual({ "PATCH /auth_configs/{id}": 2 });
      expect(await seedOnServer(composio, ids)).toEqual(seedAsDeclared(notionClientSecret));
      expect((await run(preview(stack, { refresh: true, expectNoChanges: true }))).changes).toEqual({ same: 5 });

      // composio-drift reads the TypeScript SDK's resources. Over the package's it says so, from the checkpoint and
      // through the engine alike, where counting none would have printed "no drift" (a false green).
      for (const engine of [[], ["--engine"]]) {
        const drift = await runDrift(["--stack", stack.name, ...engine], { cwd: stack.workspace.workDir, env: env.envVars });
        printed += drift.stdout + drift.stderr;
        expect(drift).toMatchObject({ code: 2, stdout: "" });
        expect(drift.stderr).toContain(`stack "${stack.name}" holds the composio package's composio:index:AuthConfig resources`);
        expect(drift.stderr).toContain(`\`pulumi preview --refresh --expect-no-changes --stack ${stack.name}\``);
      }

      // `pulumi import` of a config made in the dashboard with everything reads mask: adopted, not copied, and
      // neither the code nor the state takes a masked value as a real one.
      const slackId = await hiddenValuesConfigInDashboard(composio, hidden);
      await composio.control.clearStats();
      const code = path.join(programDir, "imported.yaml");
      const imported = await env.pulumi(
        ["import", "composio:index:AuthConfig", "slack", slackId, "--yes", "--protect=false", "--out", code, "--stack", stack.name],
        { cwd: stack.workspace.workDir },
      );
      printed += imported.stdout + imported.stderr;
      if (imported.code !== 0) throw new Error(`pulumi import failed:\n${imported.stdout}${imported.stderr}`);
      expect(await writesByRoute(composio)).toEqual({});
      const generated = fs.readFileSync(code, "utf8");
      expect(generated).toMatch(/^resources:\n {2}slack:\n/);
      expect(generated).toContain("name: Slack (dashboard)");
      expect(generated).toContain("proxyUrl: https://proxy.example.com");
      expect(generated).not.toMatch(/sharedCredentials|client_secret|proxyAuthKey/);
      const masks = maskedForms(...Object.values(hidden));
      for (const text of [generated, (await env.exportStack(stack)).text]) for (const mask of masks) expect(text).not.toContain(mask);

      // The program with the generated resource: no change and no write, and the hidden values stay as set.
      const programFile = path.join(programDir, "Pulumi.yaml");
      fs.writeFileSync(programFile, fs.readFileSync(programFile, "utf8").replace(/^resources:\n/m, generated.trimEnd() + "\n"));
      const adopted = await run(up(stack));
      expect(adopted.changes).toEqual({ same: 6 });
      expect(await writesByRoute(composio)).toEqual({});
      expect(await composio.list()).toHaveLength(5);
      expect(await hiddenValuesOnServer(composio, slackId)).toEqual({
        clientSecret: hidden.clientSecret,
        proxyKey: hidden.proxyKey,
        shared: { bot_token: hidden.shared },
      });

      const { text: state } = await env.exportStack(stack);
      for (const secret of SECRETS) expect(state + printed).not.toContain(secret);

      expect((await run(destroy(stack))).changes).toEqual({ delete: 6 });
      expect(await composio.list()).toEqual([]);
      for (const secret of SECRETS) expect(printed).not.toContain(secret);
    },
    10 * 60_000,
  );
});
