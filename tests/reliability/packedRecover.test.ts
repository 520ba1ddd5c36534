/**
 * `composio-recover` as users get it: from the packed npm tarball (`npm pack` of this repository after
 * `npm run build`), installed with its peer into a project outside the repository, run through `npx`.
 * It installs without a warning of its own, prints its usage, and recovers a stack whose `pulumi up` was killed mid-create (the kill of
 * interrupted.test.ts, then the documented recovery with this bin): server == state, 0 orphans.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { converged } from "../../testbed/scenarios/census";
import {
  documentedRecovery,
  interruptedStack,
  killUpMidCreate,
  runIn,
  SENTINELS,
  type InterruptedStack,
} from "../../testbed/scenarios/interrupted";
import { REPO_ROOT } from "../../testbed/harness";

jest.setTimeout(5 * 60_000);

const N = 4;
let project: string;
let stack: InterruptedStack;

const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
/** What `npm install` of the tarball said on stderr (its warnings). */
let installWarnings = "";

beforeAll(async () => {
  // Outside the repository, so nothing resolves from its node_modules.
  project = mkdtempSync(join(tmpdir(), "composio-recover-user-"));
  // --ignore-scripts: `prepack` would rebuild dist, which the suite's other files are using; the build is done.
  const [{ filename }] = JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", project], REPO_ROOT));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "recover-user", version: "1.0.0", private: true }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON
  const peer = require("@pulumi/pulumi/package.json").version;
  const install = spawnSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", join(project, filename), `@pulumi/pulumi@${peer}`],
    { cwd: project, encoding: "utf8" },
  );
  if (install.status !== 0) throw new Error(`npm install of the tarball failed:\n${install.stderr}`);
  installWarnings = install.stderr;
  stack = await interruptedStack("packed-recover", N);
}, 15 * 60_000);
afterAll(async () => {
  await stack?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

test("the tarball installs without a warning of its own (npm 11 lists a tarball's `prepare` as an unreviewed install script)", () => {
  // @pulumi/pulumi's own dependencies may have install scripts npm lists; none of this package's may be there.
  expect(installWarnings.split("\n").filter((line) => /\bwarn\b/.test(line) && /pulumi-composio/.test(line))).toEqual([]);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON
  const shipped = require(join(project, "node_modules", "pulumi-composio", "package.json"));
  expect(Object.keys(shipped.scripts).filter((event) => ["preinstall", "install", "postinstall", "prepare"].includes(event))).toEqual([]);
});

test("the tarball ships the bin: npx composio-recover --help prints its usage", async () => {
  expect(existsSync(join(project, "node_modules", "pulumi-composio", "dist", "cli", "recover.js"))).toBe(true);
  const help = await runIn(stack, "npx", ["composio-recover", "--help"], project);
  expect(help.code).toBe(0);
  expect(help.out).toMatch(/^usage: composio-recover \[--stack <name>\] \[--cwd <program dir>\] \[--dry-run\]/);
  const bad = await runIn(stack, "npx", ["composio-recover", "--stak", "x"], project);
  expect(bad.code).toBe(2);
});

test("the installed bin recovers a stack killed mid-create: server == state, 0 orphans", async () => {
  const interruption = await killUpMidCreate(stack, 2);
  expect(interruption.census).toMatchObject({ server: 2, state: 0, orphans: 2, pending: N });

  const recovered = await documentedRecovery(stack, {
    command: "npx",
    args: ["composio-recover", "--stack", "test", "--cwd", stack.dir],
    cwd: project,
  });
  expect(recovered.outputs).toMatch(/State updated: 2 adopted, 2 dropped/);
  expect(recovered.census).toMatchObject({ server: N, state: N, orphans: 0, duplicates: 0, pending: 0 });
  expect(converged(recovered.census, N)).toBe(true);
  for (const sentinel of SENTINELS) expect(recovered.outputs).not.toContain(sentinel);
});
