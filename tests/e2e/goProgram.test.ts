/**
 * A Go program through Go's Automation API (inline mode, auto.UpsertStackInlineSource) under the real Pulumi CLI:
 * testbed/programs/go, built by toolchain/ensure-go-programs.sh, run with a local file backend and passphrase
 * secrets (testbed/languages.ts).
 */
import { E2eEnv } from "../../testbed/harness";
import { createLanguageEnv, runGoProgram } from "../../testbed/languages";

const TOKEN = "go-sentinel-token-5b81e0"; // a secret: must never appear in plain text
const CONFIG = { greeting: "hi there", token: { value: TOKEN, secret: true } };

let env: E2eEnv;
beforeAll(async () => {
    env = await createLanguageEnv("go-program"); // builds the CLI and the Go program when needed: minutes when cold
}, 30 * 60_000);
afterAll(() => env?.cleanup());

async function stateText(workDir: string): Promise<string> {
    const r = await env.pulumi(["stack", "export", "--stack", "test"], { cwd: workDir });
    expect(r.code).toBe(0);
    return r.stdout;
}

test("preview, up, refresh, outputs and destroy of an inline Go program; the secret config stays secret", async () => {
    const workDir = env.newWorkDir("go-basic");
    const run = (op: "up" | "preview" | "refresh" | "destroy" | "outputs") => runGoProgram(env, { program: "basic", op, workDir, config: CONFIG });

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
}, 10 * 60_000);

test("a missing required config value fails the run, naming the key", async () => {
    const r = await runGoProgram(env, {
        program: "basic",
        op: "preview",
        workDir: env.newWorkDir("go-missing"),
        config: { greeting: "hello" },
    });
    expect(r).toMatchObject({ ok: false, exitCode: 1 });
    expect(r.output).toContain("Missing required configuration variable 'basic:token'");
    expect(r.output).toContain("pulumi config set --secret basic:token <value>");
}, 5 * 60_000);

test("the runner refuses an unknown program and a run without a local backend and passphrase", async () => {
    const workDir = env.newWorkDir("go-refused");
    const unknown = await runGoProgram(env, { program: "nope", op: "up", workDir });
    expect(unknown).toMatchObject({ ok: false, exitCode: 1 });
    expect(unknown.error).toContain('unknown program "nope": the programs are basic');

    const noBackend = { ...env, envVars: { ...env.envVars, PULUMI_BACKEND_URL: "", PULUMI_CONFIG_PASSPHRASE: "" } };
    const refused = await runGoProgram(noBackend, { program: "basic", op: "up", workDir, config: CONFIG });
    expect(refused).toMatchObject({ ok: false, exitCode: 1 });
    expect(refused.error).toContain("PULUMI_BACKEND_URL and PULUMI_CONFIG_PASSPHRASE must be set");
});
