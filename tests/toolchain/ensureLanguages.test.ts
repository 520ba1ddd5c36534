/**
 * toolchain/ensure-pulumi-yaml.sh, ensure-go-programs.sh and ensure-codegen.sh refuse, before any build, a Go older than the `go` line of
 * the go.mod they build (GOTOOLCHAIN=local: Go would not fetch a newer toolchain), and print no bin dir. Each runs for
 * real in a scratch tree holding the scripts (and the Go modules' go.mod); the only stand-in is a `go` first on
 * PATH that reports an older version and hands every other command to the real Go. The four ensure-*.sh share one
 * command-line parser (toolchain/common.sh parse_args): --help and an unknown argument are checked for each.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO = path.resolve(__dirname, "..", "..");
jest.setTimeout(5 * 60_000); // a cold Go module cache downloads pulumi-yaml's go.mod

let tree: string;
beforeAll(() => {
  tree = fs.mkdtempSync(path.join(os.tmpdir(), "ensure-languages-go-"));
  for (const file of [
    "toolchain/common.sh",
    "toolchain/ensure-pulumi-yaml.sh",
    "toolchain/ensure-go-programs.sh",
    "toolchain/ensure-codegen.sh",
    "toolchain/ensure-pulumi.sh",
    "testbed/programs/go/go.mod",
    "toolchain/codegen/go.mod",
  ]) {
    fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    fs.copyFileSync(path.join(REPO, file), path.join(tree, file));
  }
});
afterAll(() => fs.rmSync(tree, { recursive: true, force: true }));

/** Runs a script of the scratch tree with a `go` that says it is `version` (e.g. "1.24.6"). */
function runWithGo(script: string, version: string) {
  const realGo = spawnSync("bash", ["-c", "command -v go"], { encoding: "utf8" });
  if (realGo.status !== 0) throw new Error("this test needs Go on PATH (as the toolchain scripts do)");
  const fakeBin = fs.mkdtempSync(path.join(tree, "fake-go-"));
  fs.writeFileSync(
    path.join(fakeBin, "go"),
    [
      "#!/bin/sh",
      `if [ "$1 $2" = "env GOVERSION" ]; then echo go${version}; exit 0; fi`,
      `if [ "$1" = version ]; then echo "go version go${version} linux/amd64"; exit 0; fi`,
      `exec "${realGo.stdout.trim()}" "$@"`,
    ].join("\n"),
    { mode: 0o755 },
  );
  return spawnSync("bash", [path.join(tree, "toolchain", script), ...(script === "ensure-pulumi-yaml.sh" ? ["--build"] : [])], {
    cwd: tree,
    encoding: "utf8",
    env: { ...process.env, PATH: `${fakeBin}${path.delimiter}${process.env.PATH}` },
  });
}

test("ensure-pulumi-yaml.sh: a Go older than pulumi-yaml's go.mod asks for stops it before building", () => {
  const r = runWithGo("ensure-pulumi-yaml.sh", "1.24.6");
  expect(r.status).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain(
    "ensure-pulumi-yaml: error: github.com/pulumi/pulumi-yaml v1.25.0 needs Go >= 1.24.7 (the 'go' line of its go.mod); this machine's go is 1.24.6",
  );
  expect(r.stderr).not.toMatch(/go install|compiled/);
  expect(fs.existsSync(path.join(tree, ".cache", "pulumi-yaml", "1.25.0", "bin", "pulumi-language-yaml"))).toBe(false);
});

test("ensure-go-programs.sh: a Go older than testbed/programs/go's go.mod asks for stops it before building", () => {
  const r = runWithGo("ensure-go-programs.sh", "1.25.10");
  expect(r.status).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain(
    "ensure-go-programs: error: testbed/programs/go needs Go >= 1.25.11 (the 'go' line of its go.mod); this machine's go is 1.25.10",
  );
  expect(r.stderr).toContain("Install Go >= 1.25.11");
  expect(r.stderr).not.toMatch(/go mod download|compiled/);
  expect(fs.existsSync(path.join(tree, ".cache", "go-programs", "bin", "goprograms"))).toBe(false);
});

test("ensure-codegen.sh: a Go older than toolchain/codegen's go.mod asks for stops it before building", () => {
  const r = runWithGo("ensure-codegen.sh", "1.25.10");
  expect(r.status).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain(
    "ensure-codegen: error: toolchain/codegen needs Go >= 1.25.11 (the 'go' line of its go.mod); this machine's go is 1.25.10",
  );
  expect(r.stderr).not.toMatch(/go mod download|compiled/);
  expect(fs.existsSync(path.join(tree, ".cache", "codegen", "bin", "codegen"))).toBe(false);
});

describe.each(["ensure-pulumi.sh", "ensure-pulumi-yaml.sh", "ensure-go-programs.sh", "ensure-codegen.sh"])(
  "%s's command line",
  (script) => {
    const run = (...args: string[]) => spawnSync("bash", [path.join(tree, "toolchain", script), ...args], { cwd: tree, encoding: "utf8" });

    test("--help prints the script's header comment, without the comment marks, and exits 0", () => {
      const r = run("--help");
      expect(r.status).toBe(0);
      const header = fs
        .readFileSync(path.join(REPO, "toolchain", script), "utf8")
        .split("\n")[1]
        .replace(/^# /, "");
      expect(r.stdout.split("\n")[0]).toBe(header);
      expect(r.stdout).not.toMatch(/^#/m);
      expect(r.stdout).not.toContain("set -euo pipefail");
    });

    test("an unknown argument exits 2 naming it, before any work", () => {
      const r = run("--no-such-flag");
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(`${script.replace(/\.sh$/, "")}: unknown argument: --no-such-flag\n`);
    });
  },
);
