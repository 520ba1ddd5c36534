#!/usr/bin/env node
// Makes `require("pulumi-composio/...")` resolve inside this repository, as it does in a user's project where the
// package is installed: the serialized provider stub loads the implementation by package name from the provider
// process's directory (root program, examples, tests), so node_modules/pulumi-composio must be a link to the
// repository root. Same as `npm link`, without touching the global prefix. Idempotent.
//
// npm removes this link whenever it reifies node_modules (`npm install <pkg>`, even with --no-save) and does not
// re-run `prepare` then, so the link is not left to `prepare` alone: jest's globalSetup (jest.config.js) and the
// npm scripts that run programs (`demo`, `bench`) call this first. Usable as a script or as a module.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

function linkSelf() {
  const link = path.join(root, "node_modules", "pulumi-composio");
  fs.mkdirSync(path.dirname(link), { recursive: true });
  try {
    if (fs.readlinkSync(link) === "..") return;
  } catch {
    // missing, or not a link (a copy npm installed): replaced below
  }
  fs.rmSync(link, { recursive: true, force: true });
  try {
    fs.symlinkSync("..", link, "dir");
  } catch (e) {
    // another process (a second jest run) made the same link in between
    if (e.code !== "EEXIST" || fs.readlinkSync(link) !== "..") throw e;
  }
}

module.exports = linkSelf; // jest globalSetup
if (require.main === module) linkSelf();
