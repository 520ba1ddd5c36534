#!/usr/bin/env node
// Writes docs/reference/ from schema.json: one page per resource and per function, and an index with the provider's
// configuration (provider/plugin/referencePages.ts, run from its sources by toolchain/run-ts.js), and removes pages
// the schema no longer has: `npm run gen-reference` (also run by `npm run gen-schema`). tests/docs/reference.test.ts
// fails when the checked-in pages differ from what this writes.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const { referencePages } = require(path.join(root, "provider", "plugin", "referencePages.ts"));
const { REPLACED_ON_CHANGE } = require(path.join(root, "provider", "plugin", "packageSchema.ts"));

const dir = path.join(root, "docs", "reference");
const pages = referencePages(JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8")), REPLACED_ON_CHANGE);
fs.mkdirSync(dir, { recursive: true });
for (const file of fs.readdirSync(dir)) if (!(file in pages)) fs.rmSync(path.join(dir, file));
for (const [file, text] of Object.entries(pages)) fs.writeFileSync(path.join(dir, file), text);
process.stdout.write(`wrote docs/reference/ (${Object.keys(pages).join(", ")})\n`);
