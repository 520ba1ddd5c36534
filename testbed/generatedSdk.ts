/**
 * The Node.js SDK generated from schema.json (sdk-gen/nodejs, `npm run gen-sdk`), built as its package would be: tsc
 * with its own tsconfig into a scratch directory, with package.json beside the code and its ${VERSION} placeholder
 * filled in with the plugin's version (the SDK asks the engine for that version of the `composio` plugin).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./harness";

/** Compiles sdk-gen/nodejs into a new directory under .cache/ and returns it (the caller removes it). Inside the
 * repository on purpose: the compiled SDK's require("@pulumi/pulumi") must find this repository's SDK. */
export function compileGeneratedNodeSdk(): string {
  const source = path.join(REPO_ROOT, "sdk-gen", "nodejs");
  fs.mkdirSync(path.join(REPO_ROOT, ".cache"), { recursive: true });
  const out = fs.mkdtempSync(path.join(REPO_ROOT, ".cache", "gen-sdk-nodejs-"));
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(source, "tsconfig.json"), "--outDir", out], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "bin", "pulumi-plugin.json"), "utf8"));
  const pkg = JSON.parse(fs.readFileSync(path.join(source, "package.json"), "utf8"));
  fs.writeFileSync(path.join(out, "package.json"), JSON.stringify({ ...pkg, version }));
  return out;
}
