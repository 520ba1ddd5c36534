/** A drift job's pure parts: which stacks a selection names, and the per-stack results as exit code, table and JSON. */
import fc from "fast-check";
import {
  EXIT_BUSY,
  EXIT_CLEAN,
  EXIT_DRIFT,
  EXIT_ERROR,
  EXIT_UNCHECKED,
  checked,
  formatJobJson,
  formatJobText,
  globRegExp,
  jobExitCode,
  notDeployedReason,
  progressLine,
  selectStacks,
  summaryTable,
  type StackResult,
} from "../../cli/driftJob";
import { USAGE } from "../../cli/driftArgs";
import type { AuthConfigDrift, DriftReport } from "../../cli/driftReport";

const drift = (resource: string, change: "changed" | "deleted" = "changed"): AuthConfigDrift => ({
  resource,
  urn: `urn:pulumi:s::p::pulumi-nodejs:dynamic/composio:AuthConfig::${resource}`,
  id: `ac_${resource}`,
  change,
  properties: change === "changed" ? [{ path: "name", desired: "A", live: "B" }] : [],
});
const report = (stack: string, checkedCount: number, drifted: AuthConfigDrift[] = []): DriftReport => ({
  stack,
  checked: checkedCount,
  drifted,
  connections: [],
});
const clean = (stack: string) => checked(report(stack, 3));
const drifted = (stack: string, ...resources: string[]) =>
  checked(
    report(
      stack,
      5,
      resources.map((r) => drift(r)),
    ),
  );
const busy = (stack: string): StackResult => ({
  stack,
  result: "busy",
  reason: `stack "${stack}" is locked by a running Pulumi operation (by ci@runner (pid 7) at t)`,
});
const failed = (stack: string): StackResult => ({
  stack,
  result: "error",
  reason: `refresh of stack "${stack}" failed: Composio API error\nstatus 401`,
});
const undeployed = (stack: string): StackResult => ({ stack, result: "not-deployed", reason: notDeployedReason(stack) });

describe("globRegExp", () => {
  it.each([
    ["prod-*", "prod-eu", true],
    ["prod-*", "prod-", true],
    ["prod-*", "staging-prod-eu", false],
    ["eu-?", "eu-1", true],
    ["eu-?", "eu-12", false],
    ["*", "org/project/dev", false], // `*` stays within one path segment
    ["a.b+c(*)", "a.b+c(x)", true], // regex characters are literal
    ["a.b", "axb", false],
  ])("%s against %s: %s", (pattern, name, expected) => {
    expect(globRegExp(pattern).test(name)).toBe(expected);
  });

  it("a pattern without * or ? matches exactly itself", () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/[*?/]/.test(s)),
        fc.string(),
        (pattern, other) => {
          expect(globRegExp(pattern).test(pattern)).toBe(true);
          expect(globRegExp(pattern).test(other)).toBe(other === pattern);
        },
      ),
    );
  });
});

describe("selectStacks", () => {
  const listed = ["dev", "prod-us", "prod-eu", "staging"];
  const job = (over: { names?: string[]; patterns?: string[]; all?: boolean }) => ({
    kind: "job" as const,
    names: [],
    patterns: [],
    all: false,
    ...over,
  });

  it("names as given first, then the matches sorted, each stack once", () => {
    expect(selectStacks(job({ names: ["staging", "prod-eu"], patterns: ["prod-*"] }), listed)).toEqual({
      stacks: ["staging", "prod-eu", "prod-us"],
      unmatched: [],
    });
  });

  it("--all-stacks: every listed stack", () => {
    expect(selectStacks(job({ all: true }), listed)).toEqual({ stacks: ["dev", "prod-eu", "prod-us", "staging"], unmatched: [] });
  });

  it("a pattern matching nothing is reported; a name is kept even when not listed (its own check says it is missing)", () => {
    expect(selectStacks(job({ names: ["typo"], patterns: ["qa-*", "dev*"] }), listed)).toEqual({
      stacks: ["typo", "dev"],
      unmatched: ["qa-*"],
    });
  });

  it("matches a qualified listing (org/project/stack) by the stack's own name, unless the pattern has a /", () => {
    const qualified = ["acme/app/dev", "acme/app/prod", "acme/other/prod"];
    expect(selectStacks(job({ patterns: ["prod*"] }), qualified).stacks).toEqual(["acme/app/prod", "acme/other/prod"]);
    expect(selectStacks(job({ patterns: ["acme/app/*"] }), qualified).stacks).toEqual(["acme/app/dev", "acme/app/prod"]);
    expect(selectStacks(job({ names: ["dev"], all: true }), qualified).stacks).toEqual(["dev", "acme/app/prod", "acme/other/prod"]);
  });
});

describe("jobExitCode: drift, then unchecked, then busy, then clean", () => {
  it.each<[string, StackResult[], number]>([
    ["all clean", [clean("a"), clean("b")], EXIT_CLEAN],
    ["drift in one", [clean("a"), drifted("b", "x")], EXIT_DRIFT],
    ["drift and a failed check: still drift (the pipeline must page)", [failed("a"), drifted("b", "x"), busy("c")], EXIT_DRIFT],
    ["a failed check and a busy stack", [busy("a"), failed("b"), clean("c")], EXIT_UNCHECKED],
    ["only busy besides clean", [clean("a"), busy("b")], EXIT_BUSY],
  ])("%s", (_, results, code) => {
    expect(jobExitCode(results)).toBe(code);
  });

  const result = fc.oneof(
    fc.constantFrom("a", "b", "c").map(clean),
    fc.constantFrom("a", "b").map((s) => drifted(s, "x")),
    fc.constantFrom("a", "b").map(busy),
    fc.constantFrom("a", "b").map(failed),
    fc.constantFrom("a", "b").map(undeployed),
  );
  const results = fc.array(result, { minLength: 1, maxLength: 12 });

  it("exit 0 iff every stack is clean; 1 iff some stack drifted; 3 iff busy ones and otherwise clean", () => {
    fc.assert(
      fc.property(results, (rs) => {
        const code = jobExitCode(rs);
        expect(code === EXIT_CLEAN).toBe(rs.every((r) => r.result === "clean"));
        expect(code === EXIT_DRIFT).toBe(rs.some((r) => r.result === "drift"));
        expect(code === EXIT_BUSY).toBe(
          rs.some((r) => r.result === "busy") && rs.every((r) => r.result === "busy" || r.result === "clean"),
        );
        // A stack not deployed is never counted clean: nothing was compared.
        expect(code === EXIT_UNCHECKED).toBe(
          rs.some((r) => r.result === "error" || r.result === "not-deployed") && !rs.some((r) => r.result === "drift"),
        );
      }),
    );
  });

  it("a stack refreshed with no API key fails the job (exit 2) before drift: the pipeline's set-up is wrong", () => {
    const noKey: StackResult = { stack: "qa", result: "error", reason: 'no Composio API key for stack "qa"', noApiKey: true };
    expect(jobExitCode([drifted("a", "x"), noKey, clean("b")])).toBe(EXIT_ERROR);
    expect(JSON.parse(formatJobJson([noKey]))).toMatchObject({ result: "error", exitCode: 2 });
    expect(formatJobText([noKey])).toMatch(/Exit code 2: no API key for some stacks\.\n$/);
  });

  it("--help names every exit code and the rule when several apply", () => {
    expect(USAGE).toMatch(
      /Exit code: 0 no drift, 1 drift \(in any stack\), 2 error .* 3 busy .* 4 some stacks could not be\s+checked .* Drift wins over 4 and 3, and 4 over 3\./s,
    );
  });

  it("the order of the stacks does not matter, and the JSON says the same code", () => {
    fc.assert(
      fc.property(results, (rs) => {
        expect(jobExitCode([...rs].reverse())).toBe(jobExitCode(rs));
        expect(JSON.parse(formatJobJson(rs)).exitCode).toBe(jobExitCode(rs));
      }),
    );
  });
});

describe("the job's output", () => {
  const results = [clean("dev"), drifted("staging", "notion", "github", "slack", "hubspot"), busy("prod"), failed("qa")];

  it("a table: stack, result, differing/checked, a short reason (the first line of a message)", () => {
    expect(summaryTable(results)).toBe(
      [
        "STACK    RESULT  DIFFERING  REASON",
        "dev      clean   0/3        3 auth config(s) match the last up",
        "staging  drift   4/5        notion (changed), github (changed), slack (changed) and 1 more",
        'prod     busy    -          stack "prod" is locked by a running Pulumi operation (by ci@runner (pid 7) at t)',
        'qa       error   -          refresh of stack "qa" failed: Composio API error',
        "",
      ].join("\n"),
    );
  });

  it("cuts a long reason to fit a log line", () => {
    const long: StackResult = { stack: "x", result: "error", reason: "e".repeat(300) };
    expect(summaryTable([long]).split("\n")[1]).toBe(`x      error   -          ${"e".repeat(97)}...`);
  });

  it("text: each stack's details, the table, and the verdict with the exit code", () => {
    const text = formatJobText(results);
    expect(text).toContain('No drift: the 3 auth config(s) of stack "dev" match the last `pulumi up`.');
    expect(text).toContain('Drift in stack "staging": 4 of 5 auth config(s) differ');
    expect(text).toContain('  ~ notion (ac_notion):\n    name: desired "A", live "B"');
    expect(text).toContain('Stack "prod" not checked (busy): stack "prod" is locked');
    expect(text).toContain('Stack "qa" not checked (error): refresh of stack "qa" failed: Composio API error\nstatus 401');
    expect(text).toContain(summaryTable(results));
    expect(text.endsWith("4 stack(s): 1 clean, 1 drift, 1 busy, 1 error, 0 not deployed. Exit code 1: drift.\n")).toBe(true);
  });

  it("JSON: the overall result and code, each stack's single-stack document with its result", () => {
    expect(JSON.parse(formatJobJson(results))).toEqual({
      result: "drift",
      exitCode: 1,
      stacks: [
        { result: "clean", stack: "dev", drift: false, checked: 3, authConfigs: [], connections: [] },
        {
          result: "drift",
          stack: "staging",
          drift: true,
          checked: 5,
          authConfigs: ["notion", "github", "slack", "hubspot"].map((r) => drift(r)),
          connections: [],
        },
        { result: "busy", stack: "prod", busy: true, reason: expect.stringContaining("locked") },
        { result: "error", stack: "qa", error: 'refresh of stack "qa" failed: Composio API error\nstatus 401' },
      ],
    });
    expect(JSON.parse(formatJobJson([busy("a"), clean("b")]))).toMatchObject({ result: "busy", exitCode: 3 });
    expect(JSON.parse(formatJobJson([busy("a"), failed("b")]))).toMatchObject({ result: "unchecked", exitCode: 4 });
    expect(JSON.parse(formatJobJson([clean("a")]))).toMatchObject({ result: "clean", exitCode: 0 });
  });

  it("a stack not deployed: not checked in the text, the table and the JSON, never clean (exit 4)", () => {
    const job = [clean("dev"), undeployed("prod")];
    const text = formatJobText(job);
    expect(text).toContain(
      'Stack "prod" not checked (not-deployed): stack "prod" is not deployed: its state has no resources (no `pulumi up` has run on it, or it was destroyed), so there is nothing to compare; run `pulumi up --stack prod` first\n',
    );
    expect(summaryTable(job).split("\n")[2]).toMatch(/^prod +not-deployed +- +stack "prod" is not deployed: its state has no resources/);
    expect(
      text.endsWith("2 stack(s): 1 clean, 0 drift, 0 busy, 0 error, 1 not deployed. Exit code 4: some stacks could not be checked.\n"),
    ).toBe(true);
    expect(JSON.parse(formatJobJson(job))).toEqual({
      result: "unchecked",
      exitCode: 4,
      stacks: [
        { result: "clean", stack: "dev", drift: false, checked: 3, authConfigs: [], connections: [] },
        { result: "not-deployed", stack: "prod", deployed: false, reason: notDeployedReason("prod") },
      ],
    });
  });

  it("a progress line per finished stack", () => {
    expect(progressLine(drifted("staging", "notion"), 2, 5)).toBe("composio-drift: [2/5] staging: drift (1/5 differ): notion (changed)\n");
    expect(progressLine(busy("prod"), 3, 5)).toMatch(/^composio-drift: \[3\/5\] prod: busy: stack "prod" is locked/);
  });
});
