/** Jest runs the TypeScript sources directly; the e2e suites also need `npm run build` (the provider
 * process loads the compiled implementation by package name), which `npm test` does first. */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json" }] },
  testTimeout: 60_000,
};
