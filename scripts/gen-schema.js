#!/usr/bin/env node
// Writes schema.json, the `composio` plugin's package schema, from the zod schema (through the built
// provider/plugin/packageSchema.ts): `npm run gen-schema`. tests/provider/plugin/packageSchema.test.ts
// fails when the checked-in file differs from what this writes.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const { version } = require(path.join(root, "package.json"));
const { packageSchemaText } = require(path.join(root, "dist", "provider", "plugin", "packageSchema.js"));
fs.writeFileSync(path.join(root, "schema.json"), packageSchemaText(version));
process.stdout.write(`wrote schema.json (composio ${version})\n`);
