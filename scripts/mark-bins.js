#!/usr/bin/env node
// Makes the package's `bin` files executable after `tsc` writes them (tsc writes 0644). npm marks bin
// targets executable only when it links them, and in this repository they are built after link-self.js links
// them (by the `dependencies` script), so on a fresh clone `npx composio-drift` would otherwise fail with
// "Permission denied".
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const { bin = {} } = require(path.join(root, "package.json"));
for (const file of Object.values(bin)) {
  const target = path.join(root, file);
  fs.chmodSync(target, fs.statSync(target).mode | 0o111);
}
