/**
 * A Pulumi YAML program (testbed/programs/yaml/basic) run by the real CLI through the YAML language host that
 * toolchain/ensure-pulumi-yaml.sh builds, with a local file backend and passphrase secrets (testbed/languages.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { destroy, E2eEnv, preview, up } from "../../testbed/harness";
import { createLanguageEnv, ensurePulumiYaml, YAML_PROGRAMS } from "../../testbed/languages";

const TOKEN = "yaml-sentinel-token-3e94c2"; // a secret: must never appear in plain text
const TOKEN_BASE64 = Buffer.from(TOKEN).toString("base64");
const programDir = path.join(YAML_PROGRAMS, "basic");

let env: E2eEnv;
beforeAll(async () => {
    // Builds the CLI and the YAML language host when needed: minutes when cold.
    env = await createLanguageEnv("yaml-program", { yaml: true });
}, 30 * 60_000);
afterAll(() => env?.cleanup());

test("config, variables and outputs of a YAML program under the real CLI; secrets stay secret", async () => {
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
}, 10 * 60_000);

test("a config value of the wrong type fails at preview, naming the key and its type", async () => {
    const stack = await env.localStack({
        programDir,
        stackName: "bad",
        config: { greeting: "hello world", token: { value: TOKEN, secret: true }, times: "many" },
    });
    const r = await preview(stack, { allowFailure: true });
    expect(r.ok).toBe(false);
    expect(r.output).toContain("Stack 'bad' with configuration key 'times' must be of type 'integer'");
    expect(r.output).not.toContain(TOKEN);
}, 5 * 60_000);
