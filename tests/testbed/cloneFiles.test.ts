import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cloneFiles } from "../../testbed/cloneFiles";
import { REPO_ROOT } from "../../testbed/harness";

test("in a git checkout: what git tracks or would track (a clone's files), never node_modules or dist", () => {
  const files = cloneFiles(REPO_ROOT);
  expect(files).toEqual(expect.arrayContaining(["package.json", "package-lock.json", "testbed/cloneFiles.ts"]));
  expect(files.filter((file) => /(^|\/)(node_modules|dist|\.cache)\//.test(file))).toEqual([]);
});

test("in a leg's copy (no .git): every file but what .gitignore leaves out of a clone, at any depth", () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "leg-copy-"));
  try {
    const write = (file: string) => {
      fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      fs.writeFileSync(path.join(copy, file), "x");
    };
    for (const file of [
      "package.json",
      "cli/drift.ts",
      "examples/a/index.ts",
      "node_modules/x/index.js",
      "examples/a/node_modules/y.js",
      "dist/cli/drift.js",
      ".cache/pulumi/bin",
      "npm-debug.log",
    ])
      write(file);
    expect(cloneFiles(copy).sort()).toEqual(["cli/drift.ts", "examples/a/index.ts", "package.json"]);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
