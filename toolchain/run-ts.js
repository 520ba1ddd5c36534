/**
 * `node toolchain/run-ts.js <script.ts> [args]`: runs one of the repository's TypeScript scripts
 * (scripts/reliability/*.ts, bench/main.ts) from its sources, transpiling each .ts file as it loads (types are checked
 * by `tsc -p tsconfig.test.json`).
 * Running in place keeps `__dirname` what it is under jest, so the e2e harness finds the repository.
 */
const fs = require("node:fs");
const path = require("node:path");
const ts = require("typescript");

const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true };
require.extensions[".ts"] = (module, filename) => {
  module._compile(ts.transpileModule(fs.readFileSync(filename, "utf8"), { fileName: filename, compilerOptions }).outputText, filename);
};

const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write("usage: node toolchain/run-ts.js <script.ts> [args]\n");
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(script), ...args];
require(path.resolve(script));
