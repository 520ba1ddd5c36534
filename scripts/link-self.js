#!/usr/bin/env node
// Makes this repository use its own package as a user's project uses the installed one:
// - `require("pulumi-composio/...")` resolves: the serialized provider stub loads the implementation by package name
//   from the provider process's directory (root program, examples, tests), so node_modules/pulumi-composio must be
//   a link to the repository root. Same as `npm link`, without touching the global prefix.
// - the package's own commands are in node_modules/.bin, one relative link per entry of package.json "bin", as npm
//   makes them for an installed package (npm never links a project's own bins): `npx composio-drift` then runs the
//   repository's build at once instead of installing the repository into npx's cache (a full build there), and
//   `export PATH="$PWD/node_modules/.bin:$PATH"` puts the `composio` plugin's launcher where the Pulumi CLI looks.
// Idempotent. The links may point at dist/ files the build has not written yet (`dependencies` links, then builds).
//
// npm removes these links whenever it reifies node_modules (`npm install <pkg>`, even with --no-save) without
// running a script that makes them again, so they are not left to npm's lifecycle alone: jest's globalSetup
// (jest.config.js) and the npm scripts that run or type-check programs (`demo`, `bench`, `typecheck`) call this first.
// Usable as a script or as a module.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

/** `link` -> `target` (relative), unless it already is; replaces what else is there. */
function ensureLink(link, target) {
  fs.mkdirSync(path.dirname(link), { recursive: true });
  try {
    if (fs.readlinkSync(link) === target) return;
  } catch {
    // missing, or not a link (a copy npm installed): replaced below
  }
  fs.rmSync(link, { recursive: true, force: true });
  try {
    fs.symlinkSync(target, link);
  } catch (e) {
    // another process (a second jest run) made the same link in between
    if (e.code !== "EEXIST" || fs.readlinkSync(link) !== target) throw e;
  }
}

function linkSelf() {
  const modules = path.join(root, "node_modules");
  ensureLink(path.join(modules, "pulumi-composio"), "..");
  const { bin = {} } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  for (const [name, file] of Object.entries(bin)) {
    ensureLink(path.join(modules, ".bin", name), path.relative(path.join(modules, ".bin"), path.join(root, file)));
  }
}

module.exports = linkSelf; // jest globalSetup
if (require.main === module) linkSelf();
