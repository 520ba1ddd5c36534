/**
 * The session script one document's blocks run in, under real bash (no runner around it): state carries over
 * between blocks, the first failing command stops the document and is located at its line of the document, and
 * each block's output lands in its own file. Then what the status lines mean, from hand-written ones.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ShellBlock } from "../../testbed/docsRunner/markdown";
import {
  blockOutcomes,
  blockOutputFile,
  blockScriptFile,
  isolationScript,
  parseStatus,
  runningBlock,
  sessionScript,
  shellQuote,
} from "../../testbed/docsRunner/session";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "docs-session-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const block = (line: number, text: string): ShellBlock => ({ file: "docs/guide.md", line, language: "sh", text });

/** Writes the session and its blocks, runs bash on it in `dir`, returns the status events and how bash ended. */
function runSession(blocks: ShellBlock[]) {
  const statusFile = path.join(dir, "status");
  blocks.forEach((b, i) => fs.writeFileSync(blockScriptFile(dir, i), b.text));
  fs.writeFileSync(path.join(dir, "session.sh"), sessionScript(blocks, { statusFile, blocksDir: dir }));
  const run = spawnSync("bash", ["--noprofile", "--norc", path.join(dir, "session.sh")], { cwd: dir, encoding: "utf8", stdio: "pipe" });
  const events = parseStatus(fs.readFileSync(statusFile, "utf8"));
  const outcomes = blockOutcomes(blocks, events, { exitCode: run.status, signal: run.signal, at: Date.now() }, dir);
  const output = (i: number) => fs.readFileSync(blockOutputFile(dir, i), "utf8");
  return { events, outcomes, output, stderr: run.stderr };
}

test("cd, export and functions carry over from block to block; each block's output is its own", () => {
  const { outcomes, output, events } = runSession([
    block(10, 'mkdir -p sub\ncd sub\nexport GREETING=hello\nsay() { echo "$GREETING from $(basename "$PWD")"; }\necho first\n'),
    block(20, "say\n"),
  ]);
  expect(outcomes.map((o) => o.result)).toEqual(["passed", "passed"]);
  expect(output(0)).toBe("first\n");
  expect(output(1)).toBe("hello from sub\n");
  expect(events.at(-1)).toEqual({ kind: "done" });
});

test("the first failing command fails its block at its document line; the later blocks are not reached", () => {
  const { outcomes, output } = runSession([
    block(3, "echo ok\n"),
    block(7, "echo before\nls /no/such/dir\necho after\n"),
    block(12, "echo never\n"),
  ]);
  expect(outcomes).toEqual([
    { result: "passed", ms: expect.any(Number) },
    { result: "failed", ms: expect.any(Number), why: "exit status 2 from `ls /no/such/dir`", at: 9 },
    { result: "not reached" },
  ]);
  expect(output(1)).toMatch(/^before\nls: cannot access '\/no\/such\/dir'/);
});

test("a command failing inside a function is located where the function says it", () => {
  const { outcomes } = runSession([block(1, "check() {\n  test -f missing.txt\n}\n"), block(5, "echo calling\ncheck\n")]);
  expect(outcomes[1]).toMatchObject({ result: "failed", why: "exit status 1 from `test -f missing.txt`", at: 3 });
});

test("a command in a condition or after || does not fail the block (set -e as bash has it, no pipefail)", () => {
  const { outcomes } = runSession([block(1, "if grep -q x /dev/null; then echo yes; fi\nfalse || test $? -eq 1\nfalse | true\n")]);
  expect(outcomes).toEqual([{ result: "passed", ms: expect.any(Number) }]);
});

test("a syntax error or an exit ends the document at that block, saying so", () => {
  const syntax = runSession([block(1, "echo one\nif then\n"), block(9, "echo two\n")]);
  expect(syntax.outcomes[0]).toMatchObject({
    result: "failed",
    why: expect.stringMatching(/^the shell ended \(exit status 2\) with no failing command: a syntax error/),
  });
  expect(syntax.outcomes[1]).toEqual({ result: "not reached" });
  expect(syntax.output(0)).toMatch(/syntax error near unexpected token/);
});

test("a block's text runs exactly as written, quotes and all (the script only names its file)", () => {
  const tricky = "printf '%s\\n' \"it's\" 'a \"b\"' $'tab\\there'\n";
  const { outcomes, output } = runSession([block(1, tricky)]);
  expect(outcomes[0].result).toBe("passed");
  expect(output(0)).toBe('it\'s\na "b"\ntab\there\n');
  expect(shellQuote("/tmp/it's here")).toBe(`'/tmp/it'\\''s here'`);
});

test("status lines: a partial last line is left out; the running block is the last begun and not ended", () => {
  const events = parseStatus("begin 0 100.5\nend 0 101.0\nbegin 1 101.25\nerror 1 4 /b/block-1.sh\tcurl -f x\nbeg");
  expect(events).toEqual([
    { kind: "begin", block: 0, at: 100_500 },
    { kind: "end", block: 0, at: 101_000 },
    { kind: "begin", block: 1, at: 101_250 },
    { kind: "error", status: 1, line: 4, sourceFile: "/b/block-1.sh", command: "curl -f x" },
  ]);
  expect(runningBlock(events)).toEqual({ block: 1, since: 101_250 });
  expect(runningBlock(events.slice(0, 2))).toBeUndefined();
});

test("a block the runner killed for running too long says so, whatever bash reported while dying", () => {
  const blocks = [block(1, "true\n"), block(5, "sleep 1000\n"), block(9, "true\n")];
  const events = parseStatus("begin 0 1\nend 0 2\nbegin 1 2\nerror 143 1 /b/block-1.sh\tsleep 1000\n");
  const outcomes = blockOutcomes(blocks, events, { exitCode: null, signal: "SIGTERM", timedOutAfterSeconds: 600, at: 602_000 }, "/b");
  expect(outcomes).toEqual([
    { result: "passed", ms: 1000 },
    {
      result: "failed",
      ms: 600_000,
      why: expect.stringMatching(/^timed out: still running after 600s, the per-block limit \(--block-timeout\)/),
    },
    { result: "not reached" },
  ]);
});

test("isolation: the fresh home goes over the real one; what must stay under the real home is bound aside and back", () => {
  const script = isolationScript({
    realHome: "/home/dev",
    freshHome: "/tmp/d/home",
    keep: ["/home/dev/.npm", "/usr/bin", "/home/dev/src/pulumi-composio", "/home/developer/x"],
    keepDir: "/tmp/d/kept",
    sessionFile: "/tmp/d/blocks/session.sh",
  });
  expect(script.split("\n")).toEqual([
    "set -e",
    "mkdir -p '/tmp/d/kept/0' && mount --bind '/home/dev/.npm' '/tmp/d/kept/0'",
    "mkdir -p '/tmp/d/kept/1' && mount --bind '/home/dev/src/pulumi-composio' '/tmp/d/kept/1'",
    "mount --bind '/tmp/d/home' '/home/dev'",
    "mkdir -p '/home/dev/.npm' && mount --bind '/tmp/d/kept/0' '/home/dev/.npm'",
    "mkdir -p '/home/dev/src/pulumi-composio' && mount --bind '/tmp/d/kept/1' '/home/dev/src/pulumi-composio'",
    "set +e",
    "exec bash --noprofile --norc '/tmp/d/blocks/session.sh'",
    "",
  ]);
});
