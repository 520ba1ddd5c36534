/**
 * The package's own commands in a fresh clone, as the docs use them: a copy of the working tree (what git tracks
 * or would track, no node_modules, no dist), `npm ci`, then `npx <command>` and `node_modules/.bin` on PATH.
 * npm links a dependency's bins, never a project's own; `npx <own bin>` (npm 11) links the project into npx's
 * cache and used to run its `prepare` there (a full build, ~40 s) on every new cache.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cloneFiles } from "../../testbed/cloneFiles";
import { REPO_ROOT } from "../../testbed/harness";

// npm ci from npm's cache and a full tsc build of the copy: minutes on a busy machine.
jest.setTimeout(10 * 60_000);

const COMMANDS = ["composio-emulator", "composio-drift", "composio-recover", "composio-toolkits", "pulumi-resource-composio"];

let clone: string;
let npmCi: ReturnType<typeof spawnSync>;

function run(command: string, args: string[], options: SpawnSyncOptions = {}) {
  const result = spawnSync(command, args, { cwd: clone, encoding: "utf8", timeout: 300_000, ...options });
  return { code: result.status, out: String(result.stdout), err: String(result.stderr) };
}

beforeAll(() => {
  clone = fs.mkdtempSync(path.join(os.tmpdir(), "composio-clone-"));
  const files = cloneFiles(REPO_ROOT);
  for (const file of files) fs.cpSync(path.join(REPO_ROOT, file), path.join(clone, file), { recursive: true, verbatimSymlinks: true });
  expect(fs.existsSync(path.join(clone, "dist"))).toBe(false);
  npmCi = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: clone, encoding: "utf8", timeout: 540_000 });
}, 10 * 60_000);
afterAll(() => fs.rmSync(clone, { recursive: true, force: true }));

test("npm ci builds the copy and links every bin of package.json in node_modules/.bin, relative to the copy", () => {
  expect({ code: npmCi.status, err: npmCi.stderr }).toMatchObject({ code: 0 });
  const bins = Object.keys(JSON.parse(fs.readFileSync(path.join(clone, "package.json"), "utf8")).bin).sort();
  expect(bins).toEqual([...COMMANDS].sort());
  for (const name of bins) {
    const link = path.join(clone, "node_modules", ".bin", name);
    expect(path.isAbsolute(fs.readlinkSync(link))).toBe(false);
    expect(fs.realpathSync(link).startsWith(fs.realpathSync(clone) + path.sep)).toBe(true);
    fs.accessSync(link, fs.constants.X_OK);
  }
});

test.each(COMMANDS.filter((name) => name.startsWith("composio-")))(
  "npx %s --help prints its usage from the copy's build, rebuilding nothing",
  (name) => {
    const built = path.join(clone, "dist", "cli", "drift.js");
    const before = fs.statSync(built).mtimeMs;
    // A cache of its own: npx has linked nothing for this project yet, as on a new machine.
    const result = run("npx", [name, "--help"], {
      env: { ...process.env, npm_config_cache: fs.mkdtempSync(path.join(os.tmpdir(), "npx-cache-")) },
    });
    expect(result).toMatchObject({ code: 0, out: expect.stringMatching(new RegExp(`^usage: ${name} `)) });
    expect(fs.statSync(built).mtimeMs).toBe(before);
  },
);

test('export PATH="$PWD/node_modules/.bin:$PATH" finds the composio plugin\'s launcher, and the launcher finds the build', () => {
  const found = run("bash", ["-c", 'export PATH="$PWD/node_modules/.bin:$PATH" && command -v pulumi-resource-composio']);
  expect(found).toMatchObject({ code: 0, out: `${path.join(clone, "node_modules", ".bin", "pulumi-resource-composio")}\n` });
  // The launcher runs bin/../dist/provider/plugin/main.js beside its resolved self.
  expect(fs.existsSync(path.join(path.dirname(fs.realpathSync(found.out.trim())), "..", "dist", "provider", "plugin", "main.js"))).toBe(
    true,
  );
});
