/**
 * The SDKs generated from schema.json by `pulumi package gen-sdk` (sdk-gen/, `npm run gen-sdk`) drive the `composio`
 * plugin under the real CLI, against the emulator: a TypeScript inline program over the compiled Node.js SDK, and a Go
 * inline program over the Go SDK (testbed/programs/go-sdk, run with `go test`), each create one auth config and
 * destroy it. The CLI finds the plugin installed the documented way, by `toolchain/ensure-pulumi.sh --install-plugin`
 * into the env's PULUMI_HOME (`pulumi plugin install resource composio <version> --file bin/...`), not on PATH.
 * Needs `npm run build` (the plugin runs dist/provider/plugin/main.js).
 */
import { execFile, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { compileGeneratedNodeSdk } from "../../testbed/generatedSdk";
import { destroy, up, REPO_ROOT, type E2eEnv } from "../../testbed/harness";
import { createLanguageEnv } from "../../testbed/languages";

jest.setTimeout(10 * 60_000); // a cold machine compiles the Go test's dependencies

const API_KEY = "SENTINEL-api-key-generated-sdks-71c2e9";

let env: E2eEnv;
let composio: TestComposio;
let nodeSdkDir: string;

beforeAll(async () => {
  composio = await startTestComposio(API_KEY);
  env = await createLanguageEnv("generated-sdks"); // no plugin dir on PATH: the plugin is installed below
  const install = spawnSync("bash", [path.join(REPO_ROOT, "toolchain", "ensure-pulumi.sh"), "--install-plugin"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, PULUMI_HOME: env.pulumiHome },
  });
  if (install.status !== 0) throw new Error(`ensure-pulumi.sh --install-plugin failed:\n${install.stderr}`);
  nodeSdkDir = compileGeneratedNodeSdk();
}, 30 * 60_000);
afterAll(async () => {
  if (nodeSdkDir) fs.rmSync(nodeSdkDir, { recursive: true, force: true });
  await env?.cleanup();
  await composio?.emulator.close();
});

test("the Node.js SDK: an inline program creates one AuthConfig through the installed plugin, then destroys it", async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- compiled during the test: no import can name it
  const sdk = require(nodeSdkDir);
  const stack = await env.inlineStack({
    projectName: "node-sdk",
    program: async () => {
      const config = new sdk.AuthConfig("github", { toolkit: "github", name: "GitHub (Node.js SDK)" });
      return { authConfigId: config.authConfigId as pulumi.Output<string>, status: config.status as pulumi.Output<string> };
    },
    config: { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": composio.emulator.url },
  });
  const created = await up(stack);
  expect(created.changes).toEqual({ create: 2 }); // the stack and the auth config
  expect(created.output).not.toContain("from $PATH"); // the installed copy, not an ambient plugin
  expect(created.output).not.toContain(API_KEY);
  const id = created.outputs?.authConfigId.value;
  expect(created.outputs?.status.value).toBe("ENABLED");
  expect((await composio.list()).map((config) => [config.id, config.name])).toEqual([[id, "GitHub (Node.js SDK)"]]);

  expect((await destroy(stack)).changes).toEqual({ delete: 2 });
  expect(await composio.list()).toEqual([]);
});

test("the Go SDK: an inline Go program creates one AuthConfig through the installed plugin, then destroys it", async () => {
  const workDir = env.newWorkDir("go-sdk");
  await composio.control.clearStats();
  const run = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      "go",
      ["test", "-count=1", "-v", "."],
      {
        cwd: path.join(REPO_ROOT, "testbed", "programs", "go-sdk"),
        env: {
          ...process.env,
          ...env.envVars,
          GOTOOLCHAIN: "local",
          GOFLAGS: "-mod=readonly -buildvcs=false",
          GOSDK_WORKDIR: workDir,
          COMPOSIO_BASE_URL: composio.emulator.url,
          COMPOSIO_API_KEY: API_KEY,
        },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? -1) : 0, output: stdout + stderr }),
    );
  });
  expect(run.output).toContain("--- PASS: TestGeneratedSdkCreatesAndDestroysAnAuthConfig");
  expect(run.code).toBe(0);
  expect(await composio.list()).toEqual([]); // destroyed
  expect(await composio.authConfigWrites()).toBe(2); // its create and its delete, nothing else
});
