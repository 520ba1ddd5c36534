/** Jest runs the TypeScript sources directly; the e2e suites also need `npm run build` (the provider
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
};
