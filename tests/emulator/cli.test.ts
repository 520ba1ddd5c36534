/**
 * The composio-emulator command, run as a real process. It runs dist/emulator/cli.js when that build
 * is newer than the sources (as after `npm test`'s build); otherwise it transpiles emulator/ (which
 * imports nothing else of the repository) to a temp dir first, so
 * `npx jest tests/emulator` also works on a fresh clone without a build.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

const ROOT = join(__dirname, "..", "..");
const SRC = join(ROOT, "emulator");
const DIST_CLI = join(ROOT, "dist", "emulator", "cli.js");
const KEY = "cli-test-key";
const SENTINEL = "CLI-SENTINEL-secret-5e6f7a8b-never-log";

let tmp: string;
let cliPath: string;

function resolveCli(): string {
  const sources = readdirSync(SRC)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(SRC, f));
  const newestSource = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  if (existsSync(DIST_CLI) && statSync(DIST_CLI).mtimeMs >= newestSource) return DIST_CLI;
  const out = join(tmp, "emulator-build");
  for (const file of sources) {
    const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    const target = join(out, relative(ROOT, file).replace(/\.ts$/, ".js"));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  return join(out, "emulator", "cli.js");
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "composio-emulator-cli-"));
  cliPath = resolveCli();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Running {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Running> {
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${err}`)), 10_000);
    const onData = () => {
      const match = /^composio-emulator listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      resolve({ child, url: match[1]!, stdout: () => out, stderr: () => err, exit });
    };
    child.stdout!.on("data", onData);
    void exit.then((code) => reject(new Error(`exited with ${code} before listening; stderr: ${err}`)));
  });
}

const api = (url: string, method: string, path: string, body?: unknown) =>
  fetch(`${url}/api/v3.1${path}`, {
    method,
    headers: { "x-api-key": KEY, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

it("has a node shebang", () => {
  expect(readFileSync(join(SRC, "cli.ts"), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  if (existsSync(DIST_CLI)) expect(readFileSync(DIST_CLI, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
});

it("prints exactly one line, serves the API, never logs secrets, and exits 0 on SIGTERM", async () => {
  const emu = await run(["--port", "0", "--api-key", KEY]);
  const created = await api(emu.url, "POST", "/auth_configs", {
    toolkit: { slug: "notion" },
    auth_config: { type: "use_custom_auth", authScheme: "OAUTH2", credentials: { client_id: "id", client_secret: SENTINEL } },
  });
  expect(created.status).toBe(201);
  const { auth_config } = (await created.json()) as { auth_config: { id: string } };
  const got = await (await api(emu.url, "GET", `/auth_configs/${auth_config.id}`)).text();
  expect(got).not.toContain(SENTINEL);
  expect((await fetch(`${emu.url}/api/v3.1/toolkits`)).status).toBe(401);
  emu.child.kill("SIGTERM");
  expect(await emu.exit).toBe(0);
  expect(emu.stdout()).toBe(`composio-emulator listening on ${emu.url}\n`);
  expect(emu.stderr()).toContain("POST /api/v3.1/auth_configs 201");
  expect(emu.stderr()).not.toContain(SENTINEL);
});

it("--mask-format picks how reads mask credentials", async () => {
  const emu = await run(["--port", "0", "--api-key", KEY, "--quiet", "--mask-format", "redacted"]);
  const created = await api(emu.url, "POST", "/auth_configs", {
    toolkit: { slug: "github" },
    auth_config: { type: "use_composio_managed_auth", credentials: { scopes: "repo,user" } },
  });
  const { auth_config } = (await created.json()) as { auth_config: { id: string } };
  const got = (await (await api(emu.url, "GET", `/auth_configs/${auth_config.id}`)).json()) as { credentials: unknown };
  expect(got.credentials).toEqual({ scopes: "REDACTED" });
  emu.child.kill("SIGTERM");
  expect(await emu.exit).toBe(0);
});

it("reads COMPOSIO_API_KEY when --api-key is absent, and --quiet silences the request log", async () => {
  const emu = await run(["--port=0", "--quiet"], { COMPOSIO_API_KEY: KEY });
  expect((await api(emu.url, "GET", "/toolkits/github")).status).toBe(200);
  emu.child.kill("SIGINT");
  expect(await emu.exit).toBe(0);
  expect(emu.stderr()).toBe("");
});

it("loses nothing on SIGTERM with --state, and reloads it on start", async () => {
  const stateFile = join(tmp, "state.json");
  const first = await run(["--port", "0", "--api-key", KEY, "--state", stateFile, "--host", "127.0.0.1"]);
  const res = await api(first.url, "POST", "/auth_configs", { toolkit: { slug: "github" } });
  const { auth_config } = (await res.json()) as { auth_config: { id: string } };
  first.child.kill("SIGTERM");
  expect(await first.exit).toBe(0);

  const second = await run(["--port", "0", "--api-key", KEY, "--state", stateFile]);
  expect((await api(second.url, "GET", `/auth_configs/${auth_config.id}`)).status).toBe(200);
  second.child.kill("SIGTERM");
  expect(await second.exit).toBe(0);
});

it.each([
  [[], "API key is required"],
  [["--api-key", KEY, "--port", "abc"], "--port"],
  [["--api-key", KEY, "--bogus"], "unknown argument"],
  [["--api-key", KEY, "--mask-format", "plain"], "--mask-format must be one of prefix4, redacted, stars"],
])("exits 2 with usage for bad arguments %j", async (args, message) => {
  const child = spawn(process.execPath, [cliPath, ...args], { env: { PATH: process.env.PATH }, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const code = await new Promise((resolve) => child.on("exit", resolve));
  expect(code).toBe(2);
  expect(err).toContain(message);
  expect(err).toContain("usage:");
});

it("exits when the process that started it is gone, as under `npx composio-emulator ... &` then `kill $!`, freeing its port", async () => {
  // A stand-in for npm under npx: starts the command as its child and, killed, does not pass the signal on.
  const launcher = `const c = require("node:child_process").spawn(process.execPath, ${JSON.stringify([cliPath, "--port", "0", "--api-key", KEY, "--quiet"])}, { stdio: ["ignore", "inherit", "inherit"] }); console.log("pid " + c.pid); setInterval(() => {}, 1 << 30);`;
  const starter = spawn(process.execPath, ["-e", launcher], { env: { PATH: process.env.PATH }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  starter.stdout!.on("data", (d) => (out += d));
  const lines = async () => {
    while (!/listening on \S+\n/.test(out) || !/^pid \d+$/m.test(out)) await new Promise((resolve) => setTimeout(resolve, 50));
    return { url: /listening on (\S+)\n/.exec(out)![1]!, pid: Number(/^pid (\d+)$/m.exec(out)![1]) };
  };
  const { url, pid } = await lines();
  try {
    expect((await api(url, "GET", "/toolkits")).status).toBe(200);
    starter.kill("SIGTERM");
    // Its port is free once it has exited (a zombie left unreaped by pid 1 holds no socket).
    const refused = async () =>
      api(url, "GET", "/toolkits").then(
        () => false,
        () => true,
      );
    const deadline = Date.now() + 60_000;
    while (!(await refused())) {
      if (Date.now() > deadline) throw new Error("the emulator still serves after its starter was killed");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});
