/**
 * toolchain/ensure-pulumi.sh refuses, before any build, a Go older than the `go` line of the go.mod of
 * github.com/pulumi/pulumi/pkg/v3 at the SDK's version (GOTOOLCHAIN=local: Go would not fetch a newer toolchain).
 * The script runs for real in a scratch tree whose node_modules holds an @pulumi/pulumi 3.276.0 package.json; the
 * only stand-in is a `go` first on PATH that reports an older version (1.25.11, enough for 3.248 but not for 3.276)
 * and hands every other command to the real Go, which reads pkg/v3's real go.mod from the module proxy/cache.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO = path.resolve(__dirname, "..", "..");
jest.setTimeout(5 * 60_000); // a cold Go module cache downloads pkg/v3 (a few MB)

let tree: string;
beforeAll(() => {
  tree = fs.mkdtempSync(path.join(os.tmpdir(), "ensure-pulumi-go-"));
  fs.mkdirSync(path.join(tree, "toolchain"));
  for (const script of ["ensure-pulumi.sh", "common.sh"]) {
    fs.copyFileSync(path.join(REPO, "toolchain", script), path.join(tree, "toolchain", script));
  }
  const sdk = path.join(tree, "node_modules", "@pulumi", "pulumi");
  fs.mkdirSync(sdk, { recursive: true });
  fs.writeFileSync(path.join(sdk, "package.json"), JSON.stringify({ name: "@pulumi/pulumi", version: "3.276.0" }));
});
afterAll(() => fs.rmSync(tree, { recursive: true, force: true }));

function realGo(): string {
  const r = spawnSync("bash", ["-c", "command -v go"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error("this test needs Go on PATH (as toolchain/ensure-pulumi.sh does to build the CLI)");
  return r.stdout.trim();
}

test("an older Go than pkg/v3's go.mod asks for stops the script before building, saying what to install", () => {
  const fakeBin = path.join(tree, "fake-go-bin");
  fs.mkdirSync(fakeBin);
  fs.writeFileSync(
    path.join(fakeBin, "go"),
    [
      "#!/bin/sh",
      'if [ "$1 $2" = "env GOVERSION" ]; then echo go1.25.11; exit 0; fi',
      'if [ "$1" = version ]; then echo "go version go1.25.11 linux/amd64"; exit 0; fi',
      `exec "${realGo()}" "$@"`,
    ].join("\n"),
    { mode: 0o755 },
  );
  const r = spawnSync("bash", [path.join(tree, "toolchain", "ensure-pulumi.sh"), "--build"], {
    cwd: tree,
    encoding: "utf8",
    env: { ...process.env, PATH: `${fakeBin}${path.delimiter}${process.env.PATH}` },
  });
  expect(r.status).toBe(1);
  expect(r.stdout).toBe(""); // no bin dir printed
  expect(r.stderr).toMatch(
    /the Pulumi CLI v3\.276\.0 \(github\.com\/pulumi\/pulumi\/pkg\/v3@v3\.276\.0\) needs Go >= 1\.26\.6 \(the 'go' line of its go\.mod\); this machine's go is 1\.25\.11/,
  );
  expect(r.stderr).toMatch(/Install Go >= 1\.26\.6 .* or put a Pulumi CLI v3\.276\.x on PATH/);
  expect(r.stderr).not.toMatch(/step 1\/3|go build/);
  expect(fs.existsSync(path.join(tree, ".cache", "pulumi", "3.276.0", "build", "go.mod"))).toBe(false);
});
