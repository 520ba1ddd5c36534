/**
 * `toolchain/ensure-pulumi.sh --install-plugin` installs the `composio` resource plugin from bin/ into $PULUMI_HOME the
 * documented way (`pulumi plugin install resource composio <version> --file bin/pulumi-resource-composio`), with the
 * real CLI, into a scratch PULUMI_HOME; a second run changes nothing, and a stale copy is replaced.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO = path.resolve(__dirname, "..", "..");
const { version } = JSON.parse(fs.readFileSync(path.join(REPO, "bin", "pulumi-plugin.json"), "utf8"));
jest.setTimeout(10 * 60_000); // on a machine without the CLI's build, ensure-pulumi.sh builds it first

let home: string;
beforeAll(() => (home = fs.mkdtempSync(path.join(os.tmpdir(), "install-plugin-home-"))));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

function ensure(...args: string[]) {
  const r = spawnSync("bash", [path.join(REPO, "toolchain", "ensure-pulumi.sh"), ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, PULUMI_HOME: home },
  });
  if (r.status !== 0) throw new Error(`ensure-pulumi.sh ${args.join(" ")} exited ${r.status}:\n${r.stderr}`);
  return { binDir: r.stdout.trim(), stderr: r.stderr };
}
const installed = () => path.join(home, "plugins", `resource-composio-v${version}`, "pulumi-resource-composio");

test("installs the launcher of bin/ into PULUMI_HOME, where `pulumi plugin ls` lists it; stdout is still only the bin dir", () => {
  const { binDir, stderr } = ensure("--install-plugin");
  expect(binDir).toMatch(/\.cache\/pulumi\/[^/]+\/bin$/);
  expect(stderr).toContain(`plugin composio v${version}: installed in ${home}`);
  expect(fs.readFileSync(installed(), "utf8")).toBe(fs.readFileSync(path.join(REPO, "bin", "pulumi-resource-composio"), "utf8"));
  const ls = spawnSync(path.join(binDir, "pulumi"), ["plugin", "ls"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  expect(ls.stdout).toMatch(new RegExp(`composio\\s+resource\\s+${version.replace(/\./g, "\\.")}`));
});

test("a second run leaves the installed copy alone", () => {
  const before = fs.statSync(installed()).mtimeMs;
  expect(ensure("--install-plugin").stderr).toContain(`plugin composio v${version}: already installed in ${home}`);
  expect(fs.statSync(installed()).mtimeMs).toBe(before);
});

test("a copy that differs from bin/ (an older launcher) is reinstalled", () => {
  fs.appendFileSync(installed(), "# an older launcher\n");
  expect(ensure("--install-plugin").stderr).toContain(`plugin composio v${version}: installed in ${home}`);
  expect(fs.readFileSync(installed(), "utf8")).toBe(fs.readFileSync(path.join(REPO, "bin", "pulumi-resource-composio"), "utf8"));
});

test("without --install-plugin, nothing is installed", () => {
  const other = fs.mkdtempSync(path.join(os.tmpdir(), "install-plugin-none-"));
  try {
    const r = spawnSync("bash", [path.join(REPO, "toolchain", "ensure-pulumi.sh")], {
      cwd: REPO,
      encoding: "utf8",
      env: { ...process.env, PULUMI_HOME: other },
    });
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(other, "plugins"))).toBe(false); // (CLI 3.276 writes logs/ there on `version`)
  } finally {
    fs.rmSync(other, { recursive: true, force: true });
  }
});
