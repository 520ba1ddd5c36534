/**
 * examples/pipeline's GitHub Actions workflows and gate script call composio-drift with flags the real argument
 * parser accepts, and the scheduled drift job is wired as its README says: schedule and manual runs, the backend
 * URL, passphrase and API key from secrets, every stack checked with a JSON report kept, busy not failing the run.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDriftArgs } from "../../cli/driftArgs";
import { REPO_ROOT } from "../../testbed/harness";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- js-yaml (a dependency of a dependency) has no types here
const yaml = require("js-yaml") as { load(text: string): unknown };

const EXAMPLE = path.join(REPO_ROOT, "examples", "pipeline");
const read = (file: string) => fs.readFileSync(path.join(EXAMPLE, file), "utf8");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { env?: Record<string, string>; steps: Step[] }>;
}

const workflow = (file: string) => yaml.load(read(`.github/workflows/${file}`)) as Workflow;

/**
 * The arguments of each `composio-drift` call in a shell text, with the shell's and GitHub's variables replaced by
 * sample values (a stack name, the default wait) and the output redirection dropped.
 */
function driftCalls(shell: string): string[][] {
  return shell
    .split("\n")
    .filter((line) => /\bnpx\b.*\bcomposio-drift\b/.test(line) && !line.trim().startsWith("#"))
    .map((line) =>
      line
        .slice(line.indexOf("composio-drift") + "composio-drift".length)
        .replace(/\$\{\{\s*matrix\.stack\s*\}\}|"\$STACK"/g, "dev")
        .replace(/"\$\{DRIFT_WAIT:-([^}]+)\}"/g, "$1")
        .replace(/"\$DIR"/g, ".")
        .split(/\s+/)
        .filter((token) => token !== "")
        .filter((token, index, tokens) => !token.startsWith(">") && !tokens[index - 1]?.startsWith(">")),
    );
}

describe("the scheduled drift job (composio-drift.yml)", () => {
  const wf = workflow("composio-drift.yml");
  const job = Object.values(wf.jobs)[0]!;

  it("runs on a schedule and on demand", () => {
    expect(Object.keys(wf.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(wf.on.schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \S+ \S+ \S+$/) }]);
  });

  it("takes the backend URL, passphrase and API key from secrets, and logs in to that backend", () => {
    expect(job.env).toEqual({
      PULUMI_BACKEND_URL: "${{ secrets.PULUMI_BACKEND_URL }}",
      PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}",
      COMPOSIO_API_KEY: "${{ secrets.COMPOSIO_API_KEY }}",
    });
    const runs = job.steps.map((step) => step.run ?? "");
    expect(runs).toContain('pulumi login "$PULUMI_BACKEND_URL"');
    expect(runs.indexOf("npm ci")).toBeGreaterThanOrEqual(0);
  });

  it("checks every stack with flags the command accepts, its JSON report kept as an artifact", () => {
    const step = job.steps.find((s) => s.run?.includes("composio-drift"))!;
    const calls = driftCalls(step.run!);
    expect(calls).toHaveLength(1);
    const parsed = parseDriftArgs(calls[0]!, "/repo");
    expect(parsed).toMatchObject({ kind: "run", args: { stacks: { kind: "job", all: true }, json: true, parallel: 4, waitMs: 600_000 } });
    expect(step.run).toMatch(/composio-drift [^\n]*> drift-report\.json\n/);
    expect(step.run).toContain('echo "code=$?" >> "$GITHUB_OUTPUT"');
    const upload = job.steps.find((s) => s.uses?.startsWith("actions/upload-artifact"))!;
    expect(upload).toMatchObject({ if: "always()", with: { path: "drift-report.json" } });
    // The verdict comes after the upload, so that a failing run still keeps its report.
    expect(job.steps.indexOf(upload)).toBeLessThan(job.steps.findIndex((s) => s.name === "Verdict"));
  });

  it("fails the run on drift (1), unchecked stacks (4) and errors, not on busy stacks (3)", () => {
    const verdict = job.steps.find((s) => s.name === "Verdict")!;
    expect(verdict.env).toEqual({ CODE: "${{ steps.drift.outputs.code }}" });
    const branch = (code: string) => verdict.run!.split("\n").find((line) => line.trim().startsWith(`${code})`))!;
    expect(branch("0")).not.toMatch(/exit/);
    expect(branch("3")).toMatch(/::notice::/);
    expect(branch("3")).not.toMatch(/exit/);
    expect(branch("1")).toMatch(/::error::.*exit 1 ;;$/);
    expect(branch("4")).toMatch(/::error::.*exit 4 ;;$/);
    expect(branch("*")).toMatch(/exit 2 ;;$/);
  });
});

describe("every composio-drift call of the example parses", () => {
  it.each([
    [".github/workflows/composio-auth-configs.yml", 1],
    [".github/workflows/composio-drift.yml", 1],
    ["drift-check.sh", 1],
  ])("%s", (file, count) => {
    const calls = driftCalls(read(file));
    expect(calls).toHaveLength(count);
    for (const call of calls) expect(parseDriftArgs(call, "/repo")).toMatchObject({ kind: "run" });
  });
});
