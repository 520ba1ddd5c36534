/** Jest runs the TypeScript sources directly, transpiled file by file without type-checking (tsconfig.test.json's
 * `isolatedModules`, which makes ts-jest use TypeScript's transpileModule): `npm test` type-checks the same files
 * once, `npm run typecheck` (tsc -p tsconfig.test.json), before jest. ts-jest's type-checking language service in
 * every worker for every file cost about 2 s of CPU per unit test file and 6 per e2e file (measured 2026-12-07:
 * 10 unit files 37 -> 15.5 CPU-s; yamlProgram + lifecycle e2e, jest workers 23.4 -> 10.9 CPU-s), where tsc checks
 * all of them in 13. The e2e suites also need `npm run build` (the provider
 * process loads the compiled implementation by package name), which `npm test` does first.
 * globalSetup makes that package name resolve (node_modules/pulumi-composio -> ..) before any test runs, so an
 * `npm install` that removed the link does not break the e2e suites. */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json" }] },
  globalSetup: "<rootDir>/scripts/link-self.js",
  testTimeout: 60_000,
  // Two workers even on 2 cores (jest's default there is 1: every file in jest's own process, one after another):
  // the e2e files spend most of their time waiting on the CLI's processes, so a second file overlaps that
  // wait; the suite must pass on a busy machine anyway. A worker that has grown past 1.5 GB (ts-jest and
  // @pulumi/pulumi per file) is replaced between files, where one in-band process grew to 7 GB over the suite.
  maxWorkers: 2,
  workerIdleMemoryLimit: "1.5GB",
};
