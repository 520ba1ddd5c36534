/**
 * Runs the TypeScript benchmark from its sources: each .ts file is transpiled on load with the project's own
 * TypeScript (type checking is `tsc -p bench/tsconfig.json`, which `npm run bench` does first). Running in place
 * keeps `__dirname` meaning the same as in jest, so the e2e harness shared with the tests finds the repository.
 */
const fs = require("node:fs");
const ts = require("typescript");

require.extensions[".ts"] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true },
  });
  module._compile(outputText, filename);
};

require("./main.ts");
