/**
 * `pulumi import` of existing auth configs through the `composio` plugin, under the real CLI against the
 * emulator: the plugin's read works from an id alone, the CLI writes the program code (Pulumi YAML, by
 * the YAML language host toolchain/ensure-pulumi-yaml.sh builds; the Node.js host here generates no
 * code), and that code, run with `pulumi up`, shows no changes and makes 0 auth-config writes.
 * Needs `npm run build` (the plugin's launcher runs dist/provider/plugin/main.js).
 */
import * as fs from "fs";
import * as path from "path";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import type { Stack } from "@pulumi/pulumi/automation";
import { preview, refresh, up, REPO_ROOT, type E2eEnv } from "../../testbed/harness";
import { createLanguageEnv } from "../../testbed/languages";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-api-key-import-0d7e52";
const CLIENT_SECRET = "SENTINEL-client-secret-import-c4a913";

let env: E2eEnv;
let composio: TestComposio;
/** Set by the import test, used by the next. */
let importedStack: { stack: Stack; programDir: string; header: string; generated: string; notionId: string } | undefined;

beforeAll(async () => {
  composio = await startTestComposio(API_KEY);
  // The plugin's launcher on PATH (no download), and the YAML language host: cold builds take minutes.
  env = await createLanguageEnv("plugin-import", { yaml: true, pathDirs: [path.join(REPO_ROOT, "bin")] });
}, 30 * 60_000);

afterAll(async () => {
  await env?.cleanup();
  await composio?.emulator.close();
});

test("import writes code that adopts the configs with no duplicate; up then shows no changes and makes 0 auth-config writes", async () => {
  // Made in the dashboard: a managed GitHub config and a custom Notion one with a client secret.
  const made = await Promise.all([
    composio.api("POST", "/auth_configs", {
      toolkit: { slug: "github" },
      auth_config: { type: "use_composio_managed_auth", name: "GitHub (dashboard)" },
    }),
    composio.api("POST", "/auth_configs", {
      toolkit: { slug: "notion" },
      auth_config: {
        type: "use_custom_auth",
        authScheme: "OAUTH2",
        name: "Notion (dashboard)",
        credentials: { client_id: "notion-cid", client_secret: CLIENT_SECRET },
      },
    }),
  ]);
  const [githubId, notionId] = made.map((response) => response.json.auth_config.id as string);

  const programDir = env.newWorkDir("imported");
  const header = "name: imported\nruntime: yaml\n";
  fs.writeFileSync(path.join(programDir, "Pulumi.yaml"), header);
  const stack = await env.localStack({
    programDir,
    config: { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": composio.emulator.url },
  });

  const importFile = path.join(programDir, "import.json");
  fs.writeFileSync(
    importFile,
    JSON.stringify({
      resources: [
        { type: "composio:index:AuthConfig", name: "github", id: githubId },
        { type: "composio:index:AuthConfig", name: "notion", id: notionId },
      ],
    }),
  );
  const code = path.join(programDir, "imported.yaml");
  const imported = await env.pulumi(["import", "--file", importFile, "--yes", "--protect=false", "--out", code, "--stack", stack.name], {
    cwd: stack.workspace.workDir,
  });
  const importOutput = imported.stdout + imported.stderr;
  if (imported.code !== 0) throw new Error(`pulumi import failed:\n${importOutput}`);
  expect(importOutput).toMatch(/2 imported/);

  const generated = fs.readFileSync(code, "utf8");
  expect(generated).toMatch(/type: composio:(index:)?AuthConfig/); // YAML writes the short form of composio:index:AuthConfig
  expect(generated).toMatch(/toolkit: github/);
  expect(generated).toMatch(/name: Notion \(dashboard\)/);
  expect(generated).toMatch(/authScheme: OAUTH2/);
  // What Composio shows in clear is in the code (the client id); the secret it never returns is left out, not guessed.
  expect(generated).toMatch(/credentials:\n\s+client_id: notion-cid\n/);
  expect(generated).not.toContain(CLIENT_SECRET);
  expect(generated).not.toMatch(/__\w+/);
  // Adopted, not copied: still the two configs that were there.
  expect((await composio.list()).map((config) => config.id).sort()).toEqual([githubId, notionId].sort());

  // The program is the generated code.
  fs.writeFileSync(path.join(programDir, "Pulumi.yaml"), header + generated);
  await composio.control.clearStats();
  const planned = await preview(stack, { expectNoChanges: true });
  expect(planned.changes).toEqual({ same: 3 });
  const applied = await up(stack);
  expect(applied.changes).toEqual({ same: 3 });
  expect(await composio.authConfigWrites()).toBe(0);
  expect((await refresh(stack)).changes).toEqual({ same: 3 });
  expect((await composio.list()).map((config) => config.id).sort()).toEqual([githubId, notionId].sort());

  const { text } = await env.exportStack(stack);
  for (const secret of [API_KEY, CLIENT_SECRET]) expect(text + importOutput + planned.output + applied.output).not.toContain(secret);
  importedStack = { stack, programDir, header, generated, notionId };
});

test("the imported program then takes the credentials Composio hides (one write) and calls the package's functions", async () => {
  const { stack, programDir, header, generated, notionId } = importedStack!;
  const withCredentials = generated.replace(
    "        client_id: notion-cid\n",
    `        client_id: notion-cid\n        client_secret:\n          fn::secret: ${CLIENT_SECRET}\n`,
  );
  expect(withCredentials).not.toBe(generated);
  const functions = [
    "variables:",
    "  fields:",
    "    fn::invoke:",
    "      function: composio:index:getAuthConfigCreationFields",
    "      arguments: { toolkit: notion, authScheme: OAUTH2, requiredOnly: true }",
    "      return: fields",
    "  notionLive:",
    "    fn::invoke:",
    "      function: composio:index:getAuthConfig",
    `      arguments: { id: ${notionId} }`,
    "outputs:",
    "  requiredFields: ${fields}",
    "  liveName: ${notionLive.name}",
    "",
  ].join("\n");
  fs.writeFileSync(path.join(programDir, "Pulumi.yaml"), header + withCredentials + functions);

  await composio.control.clearStats();
  const applied = await up(stack);
  expect(applied.changes).toMatchObject({ update: 1 });
  expect(await composio.authConfigWrites()).toBe(1);
  expect((await composio.control.storedAuthConfig(notionId)).credentials).toMatchObject({
    client_id: "notion-cid",
    client_secret: CLIENT_SECRET,
  });
  const outputs = Object.fromEntries(Object.entries(applied.outputs ?? {}).map(([key, output]) => [key, output.value]));
  expect(outputs.liveName).toBe("Notion (dashboard)");
  expect((outputs.requiredFields as Array<{ name: string }>).map((field) => field.name)).toEqual(
    expect.arrayContaining(["client_id", "client_secret"]),
  );

  await composio.control.clearStats();
  expect((await preview(stack, { expectNoChanges: true })).changes).toEqual({ same: 3 });
  expect(await composio.authConfigWrites()).toBe(0);
  const { text } = await env.exportStack(stack);
  expect(text + applied.output).not.toContain(CLIENT_SECRET);
});
