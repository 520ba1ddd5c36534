/**
 * Smoke test of the e2e harness and the engine setup itself (toolchain/ensure-pulumi.sh, the dynamic-provider
 * launcher, the Node.js language host): a no-op dynamic resource through the whole lifecycle, as an inline program
 * and as a local TypeScript program run by the CLI.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { createE2eEnv, destroy, E2eEnv, preview, refresh, setConfig, up } from "../../testbed/harness";

/** pulumi.dynamic.Resource is abstract: subclasses declare the outputs they expose. */
class Noop extends pulumi.dynamic.Resource {
  declare readonly pkg: pulumi.Output<string>;
}

// Each test runs the real CLI several times; on a loaded 2-core machine one took 52 s alone, so jest's 60 s default
// made it a test of the machine's load (it failed beside two other e2e files).
jest.setTimeout(5 * 60_000);

let env: E2eEnv;
beforeAll(async () => {
  env = await createE2eEnv("harness");
}, 15 * 60_000);
afterAll(() => env?.cleanup());

const SECRET = "sentinel-secret-4d1f";

test("inline program: up, preview, refresh, destroy of a no-op dynamic resource", async () => {
  const program = async () => {
    const provider: pulumi.dynamic.ResourceProvider = {
      // Loaded by package name in the provider process: proves that it resolves from the stack's working dir.
      async create(inputs) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved in the provider process, at run time
        return { id: `noop-${inputs.n}`, outs: { ...inputs, pkg: require("pulumi-composio/package.json").name } };
      },
      async diff(_id, olds, news) {
        return { changes: olds.n !== news.n };
      },
      async update(_id, _olds, news) {
        return { outs: news };
      },
    };
    const cfg = new pulumi.Config();
    const r = new Noop(provider, "noop", { n: cfg.requireNumber("n"), token: cfg.requireSecret("token"), pkg: undefined }, {});
    return { id: r.id, pkg: r.pkg };
  };
  const stack = await env.inlineStack({
    projectName: "harness-inline",
    program,
    config: { n: "1", token: { value: SECRET, secret: true } },
  });

  const created = await up(stack);
  expect(created.changes).toEqual({ create: 2 });
  expect(created.outputs?.id.value).toBe("noop-1");
  expect(created.outputs?.pkg.value).toBe("pulumi-composio");

  expect((await preview(stack, { expectNoChanges: true })).changes).toEqual({ same: 2 });
  expect((await refresh(stack)).ok).toBe(true);

  await setConfig(stack, { n: "2" });
  const updated = await up(stack);
  expect(updated.changes).toEqual({ same: 1, update: 1 });
  expect(updated.output).toContain("updated");

  const { text, deployment } = await env.exportStack(stack);
  expect(deployment.deployment.resources.length).toBe(3);
  expect(text).not.toContain(SECRET);
  expect(created.output + updated.output).not.toContain(SECRET);

  const failed = await preview(stack, { expectNoChanges: true, allowFailure: true, refresh: true });
  expect(failed.ok).toBe(true); // nothing drifted: a no-op provider reads back what it stored

  expect((await destroy(stack)).changes).toEqual({ delete: 2 });
});

test("local TypeScript program, run by the CLI through the Node.js language host", async () => {
  const programDir = env.newWorkDir("program");
  fs.writeFileSync(path.join(programDir, "Pulumi.yaml"), "name: harness-local\nruntime: nodejs\nmain: index.ts\n");
  fs.writeFileSync(
    path.join(programDir, "index.ts"),
    [
      'import * as pulumi from "@pulumi/pulumi";',
      "const provider: pulumi.dynamic.ResourceProvider = {",
      "    async create(inputs: any) { return { id: `local-${inputs.n}`, outs: inputs }; },",
      "};",
      "const cfg = new pulumi.Config();",
      "class Noop extends pulumi.dynamic.Resource {}",
      'const r = new Noop(provider, "noop", { n: cfg.requireNumber("n"), token: cfg.requireSecret("token") }, {});',
      'console.log("program ran");',
      "export const id = r.id;",
    ].join("\n"),
  );
  const stack = await env.localStack({ programDir, config: { n: "7", token: { value: SECRET, secret: true } } });
  expect(fs.readdirSync(programDir).sort()).toEqual(["Pulumi.yaml", "index.ts"]); // the stack lives elsewhere

  const created = await up(stack);
  expect(created.outputs?.id.value).toBe("local-7");
  expect(created.output).toContain("program ran");
  expect((await preview(stack, { expectNoChanges: true })).ok).toBe(true);
  expect((await env.exportStack(stack)).text).not.toContain(SECRET);

  // The CLI directly, as a user runs it in the stack's directory.
  const cli = await env.pulumi(["preview", "--expect-no-changes", "--stack", stack.name, "--non-interactive"], {
    cwd: stack.workspace.workDir,
  });
  expect(cli.code).toBe(0);

  expect((await destroy(stack)).changes).toEqual({ delete: 2 });
});

test("a failing program fails the update with the program's message", async () => {
  const stack = await env.inlineStack({
    projectName: "harness-failing",
    program: async () => {
      throw new Error("boom from the program");
    },
  });
  const r = await up(stack, { allowFailure: true });
  expect(r.ok).toBe(false);
  expect(r.output).toContain("boom from the program");
});
