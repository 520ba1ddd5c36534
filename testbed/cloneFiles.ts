/**
 * The files a fresh clone of the tree at `root` would have: what git tracks, plus untracked files git does not
 * ignore (the list `scripts/test-leg.sh` copies). A leg's copy of the tree (`scripts/test-leg.sh <major>`) has no
 * `.git`: it already is such a list, so there every file counts but what .gitignore leaves out of a clone
 * (`node_modules`, `dist`, `.cache`, ...), which runs in the copy made.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** What a run makes in a copy, never part of a clone (the folders .gitignore names, at any depth as it does). */
const MADE_BY_RUNS = new Set(["node_modules", "dist", ".cache", "coverage", ".git"]);

export function cloneFiles(root: string): string[] {
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const inGitCheckout = listed.status === 0 && fs.existsSync(path.join(root, ".git"));
  const files = inGitCheckout ? listed.stdout.split("\0") : filesBelow(root, "");
  return files.filter((file) => file !== "" && fs.existsSync(path.join(root, file)));
}

function filesBelow(root: string, relative: string): string[] {
  return fs.readdirSync(path.join(root, relative), { withFileTypes: true }).flatMap((entry) => {
    const file = relative === "" ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) return MADE_BY_RUNS.has(entry.name) ? [] : filesBelow(root, file);
    return entry.name.endsWith(".log") ? [] : [file];
  });
}
