/**
 * The docs runner end to end on a small tree of fixture documents (not the real docs: CI runs those as its own
 * step): a document whose blocks pass and share their shell, with the runner's environment; a broken document;
 * a marked block; a block past the time limit; a background process killed when its document ends. One run.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "../..");
const fence = "```";

let scratch: string;
let run: { status: number | null; stdout: string; stderr: string };
let backgroundPid: number;

const sh = (...lines: string[]) => [`${fence}sh`, ...lines, fence].join("\n");

/** A file in the real home that a document must not see (its home is a fresh one mounted over it). */
const homeMarker = `.docs-runner-fixture-${process.pid}`;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "docs-runner-fixture-"));
  fs.writeFileSync(path.join(os.userInfo().homedir, homeMarker), "");
  const tree = path.join(scratch, "tree");
  const pidFile = path.join(scratch, "background.pid");
  const files: Record<string, string> = {
    ".gitignore": "ignored.txt\n",
    "ignored.txt": "git ignores this file, so the copy has none\n",
    "tracked.txt": "in the copy\n",
    "README.md": [
      "# Fixture",
      sh("mkdir work", "cd work", "export FROM_FIRST_BLOCK=yes", `sleep 1000 & echo $! > ${pidFile}`),
      "",
      sh(
        'test "$FROM_FIRST_BLOCK" = yes && test "$(basename "$PWD")" = work',
        "cd ..",
        "test -f tracked.txt && test ! -e ignored.txt && test ! -e node_modules",
        // The user's home as the user database has it (what the Pulumi CLI takes for ~) is the fresh one too.
        `test "$HOME" = "$(node -p 'require("os").userInfo().homedir')" && test ! -e ~/${homeMarker} && touch ~/.written-by-the-document`,
        'test "$PULUMI_SKIP_CONFIRMATIONS" = true',
        "pulumi version",
        `node -e 'fetch(process.env.COMPOSIO_BASE_URL + "/api/v3.1/toolkits", { headers: { "x-api-key": process.env.COMPOSIO_API_KEY } }).then((r) => process.exit(r.ok ? 0 : 1))'`,
      ),
      "",
      "_Not run by the docs runner: it is CI itself._",
      sh("exit 1"),
    ].join("\n"),
    "docs/broken.md": [
      "# Broken",
      sh("echo fine"),
      sh("echo about to fail", "no-such-command --flag", "echo after"),
      sh("echo never"),
      "",
    ].join("\n"),
    "docs/slow.md": sh("sleep 1000"),
    "docs/reference/generated.md": sh("exit 1"),
  };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    fs.writeFileSync(path.join(tree, file), text);
  }
  spawnSync("git", ["init", "-q"], { cwd: tree });
  run = spawnSync("node", ["toolchain/run-ts.js", "scripts/docs-runner/main.ts", "--root", tree, "--block-timeout", "20"], {
    cwd: REPO,
    encoding: "utf8",
  });
  backgroundPid = Number(fs.readFileSync(pidFile, "utf8"));
}, 10 * 60_000);

afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.rmSync(path.join(os.userInfo().homedir, homeMarker), { force: true });
});

/** Running and not a zombie waiting for a parent that never reaps it. */
function isRunning(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  return fs.existsSync(stat) && !/^\d+ \(.*\) Z/.test(fs.readFileSync(stat, "utf8"));
}

test("a passing document: state carries over between blocks, with a fresh home, the copy, the CLI and its emulator", () => {
  expect(run.stdout).toMatch(/^README\.md: 2 passed, 0 failed of 2 run, 1 excluded/m);
  expect(run.stdout).toMatch(/^ {2}ok {3}README\.md:2 /m);
  expect(run.stdout).toMatch(/^ {2}ok {3}README\.md:9 /m);
});

test("what a document writes to its home stays out of the real one", () => {
  expect(fs.existsSync(path.join(os.userInfo().homedir, ".written-by-the-document"))).toBe(false);
});

test("a failing command fails its block with its line and output; the document's later blocks are not reached", () => {
  expect(run.stdout).toContain("  FAIL docs/broken.md:5  ");
  expect(run.stdout).toContain("exit status 127 from `no-such-command --flag` at docs/broken.md:7");
  expect(run.stdout).toMatch(/ {7}\| about to fail\n {7}\| .*no-such-command: command not found/);
  expect(run.stdout).toMatch(/^ {2}-- {3}docs\/broken\.md:10 {2}not reached/m);
});

test("a block past the time limit is killed and says so", () => {
  expect(run.stdout).toMatch(/^ {2}FAIL docs\/slow\.md:1 .*timed out: still running after 20s, the per-block limit/m);
});

test("a marked block is listed with its reason, not run; docs/reference/ is not run", () => {
  expect(run.stdout).toMatch(/^ {2}README\.md:20 {2}it is CI itself\.?$/m);
  expect(run.stdout).not.toContain("docs/reference");
});

test("a background process is killed when its document ends", () => {
  expect(isRunning(backgroundPid)).toBe(false);
});

test("the last line is the totals line and the exit status fails CI", () => {
  expect(run.stdout.trimEnd().split("\n").pop()).toBe("docs: 3 passed, 3 failed");
  expect(run.status).toBe(1);
});
