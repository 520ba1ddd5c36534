/**
 * `npm run demo` (scripts/demo.sh) as a new user runs it right after `npm ci`: the root program on the emulator under
 * the real CLI, step by step. It finishes; it does not rebuild what `npm ci` has just built; each step that acts
 * shows its command first (the dashboard edit as the API call, the drift check); and the masked fragment it prints
 * after the repair is explained. Needs `npm run build` first (npm test does it).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ensurePulumi, inheritedPath, REPO_ROOT } from "../../testbed/harness";

// The demo's eleven steps: three ups, a refresh preview, a destroy.
jest.setTimeout(10 * 60_000);

let output = "";
let code: number | null = null;

beforeAll(async () => {
  const cli = await ensurePulumi();
  // As after `npm ci`: the build is newer than every source.
  const now = new Date();
  fs.utimesSync(path.join(REPO_ROOT, "dist", "sdk", "index.js"), now, now);
  const run = spawnSync("bash", [path.join(REPO_ROOT, "scripts", "demo.sh")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 9 * 60_000,
    env: { PATH: `${cli.binDir}${path.delimiter}${inheritedPath()}`, HOME: process.env.HOME ?? "", TMPDIR: process.env.TMPDIR ?? "/tmp" },
  });
  output = `${run.stdout}${run.stderr}`;
  code = run.status;
}, 10 * 60_000);

/** The text of demo step `n` (from its heading to the next one). */
function stepText(n: number): string {
  const start = output.search(new RegExp(`== ${n}\\. `));
  const next = output.search(new RegExp(`== ${n + 1}\\. `));
  expect(start).toBeGreaterThanOrEqual(0);
  return output.slice(start, next < 0 ? undefined : next);
}

test("the demo finishes", () => {
  expect({ code, tail: output.slice(-2000) }).toMatchObject({ code: 0 });
  expect(output).toMatch(/Demo finished in \d+s\./);
});

test("right after a build it does not build again", () => {
  expect(stepText(2)).toContain("dist/ is up to date with the sources: not rebuilt");
  expect(stepText(2)).not.toContain("tsc");
});

test("steps 7 and 8 show their commands: the dashboard edit as the API call, the drift check", () => {
  expect(stepText(7)).toMatch(
    /\n\$ curl -X PATCH "\$BASE_URL\/api\/v3\.1\/auth_configs\/ac_\w+" -H "x-api-key: \$API_KEY" -H 'content-type: application\/json' -d '\{"type":"default"/,
  );
  expect(stepText(8)).toContain("\n$ pulumi preview --refresh --diff --expect-no-changes --config-file ");
});

test("step 9 explains the masked scopes it prints", () => {
  const step9 = stepText(9);
  expect(step9).toMatch(/"scopes": "sale\.\.\."/);
  expect(step9).toContain("Composio masks credential values on every read, scopes included");
});
