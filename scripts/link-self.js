#!/usr/bin/env node
// Makes `require("pulumi-composio/...")` resolve inside this repository, as it does in a user's
// project where the package is installed: the serialized provider stub loads the implementation by
// package name from the program's directory (root program, examples, tests). Same as `npm link`,
// without touching the global prefix. Idempotent.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-composio");
fs.mkdirSync(path.dirname(link), { recursive: true });
try {
  if (fs.readlinkSync(link) === "..") process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  fs.rmSync(link, { recursive: true, force: true });
}
fs.symlinkSync("..", link, "dir");
