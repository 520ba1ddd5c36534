#!/usr/bin/env node
// Writes schema.json, the `composio` plugin's package schema, and sdk/authConfigArgs.ts, the SDK's documented
// arguments, from the zod schema and its descriptions (provider/plugin/packageSchema.ts, run from its sources by
// toolchain/run-ts.js: the SDK does not compile while sdk/authConfigArgs.ts names an argument the schema lost):
// `npm run gen-schema`. tests/provider/plugin/packageSchema.test.ts fails when a checked-in file differs from
// what this writes.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const { version } = require(path.join(root, "package.json"));
const { packageSchemaText, sdkArgsText } = require(path.join(root, "provider", "plugin", "packageSchema.ts"));
fs.writeFileSync(path.join(root, "schema.json"), packageSchemaText(version));
fs.writeFileSync(path.join(root, "sdk", "authConfigArgs.ts"), sdkArgsText(version));
process.stdout.write(`wrote schema.json and sdk/authConfigArgs.ts (composio ${version})\n`);
