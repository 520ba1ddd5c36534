/**
 * A drift job over several stacks: which stacks a selection names, and the per-stack results combined into one
 * exit code, a summary table and one JSON document. Pure: results in, text and code out (drift.ts does the I/O).
 *
 * Exit code of a job, the first that applies:
 *   1 drift in some stack (a pipeline pages for drift even when another stack could not be checked);
 *   4 some stack could not be checked (its check failed: no such stack, the refresh or the API failing; or it is
 *     not deployed: no `pulumi up` has put anything in its state, so there is nothing to compare, never "clean");
 *   3 some stack was busy (another Pulumi operation ran on it) and every other one is clean: try later;
 *   0 every stack is clean.
 * 2 is the job's own failure (bad arguments, no program, a glob that matches no stack): nothing was checked; and,
 * before all the others, a stack refreshed with no API key (neither its composio:apiKey nor COMPOSIO_API_KEY): the
 * pipeline's set-up is wrong, and every stack checked like it would fail the same way.
 */
import type { StackSelection } from "./driftArgs";
import { busyDocument, errorDocument, formatText, notDeployedDocument, reportDocument } from "./driftFormat";
import { checkedResources, driftedResources, type DriftReport } from "./driftReport";

export const EXIT_CLEAN = 0;
export const EXIT_DRIFT = 1;
export const EXIT_ERROR = 2;
export const EXIT_BUSY = 3;
export const EXIT_UNCHECKED = 4;

/** One stack's outcome. `reason`: why it was not checked (busy: the lock's holder; error: the message; not-deployed: what to run). */
export type StackResult =
  | { stack: string; result: "clean" | "drift"; report: DriftReport }
  | { stack: string; result: "busy" | "not-deployed"; reason: string }
  /** `noApiKey`: the provider had no key for the refresh: the pipeline's set-up is wrong, the job fails (exit 2). */
  | { stack: string; result: "error"; reason: string; noApiKey?: true };

/** Why a stack whose state holds no resources is not checked (it was never deployed, or was destroyed). */
export const notDeployedReason = (stack: string) =>
  `stack "${stack}" is not deployed: its state has no resources (no \`pulumi up\` has run on it, or it was destroyed), so there is nothing to compare; run \`pulumi up --stack ${stack}\` first`;

/** A stack's outcome from its report: drift when any auth config or MCP server differs. */
export const checked = (report: DriftReport): StackResult => ({
  stack: report.stack,
  result: driftedResources(report).length > 0 ? "drift" : "clean",
  report,
});

/** `*` any run of characters but `/`, `?` one such character; the rest literal. */
export function globRegExp(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === "*" ? "[^/]*" : c === "?" ? "[^/]" : c.replace(/[\\^$.|+()[\]{}]/g, "\\$&"))).join("");
  return new RegExp(`^${body}$`);
}

/**
 * The stacks a job checks, in order: the names as given, then the listed stacks that a pattern matches (or all
 * of them), sorted, each once. A pattern without `/` is matched against the stack's own name (a backend may list
 * `org/project/dev`). `unmatched`: the patterns that match no listed stack (a typo; the job fails on them).
 * Names are kept whether listed or not: a missing one fails its own check, naming it.
 */
export function selectStacks(
  selection: Extract<StackSelection, { kind: "job" }>,
  listed: readonly string[],
): { stacks: string[]; unmatched: string[] } {
  const shortName = (name: string) => name.slice(name.lastIndexOf("/") + 1);
  const matches = (pattern: string) => {
    const re = globRegExp(pattern);
    return listed.filter((name) => re.test(pattern.includes("/") ? name : shortName(name)));
  };
  const unmatched = selection.patterns.filter((pattern) => matches(pattern).length === 0);
  const found = selection.all ? [...listed] : selection.patterns.flatMap(matches);
  const named = new Set(selection.names.map(shortName));
  const more = [...new Set(found)].filter((name) => !named.has(shortName(name))).sort();
  return { stacks: [...selection.names, ...more], unmatched };
}

/** The job's exit code (see the header). */
export function jobExitCode(results: readonly StackResult[]): number {
  const any = (result: StackResult["result"]) => results.some((r) => r.result === result);
  if (results.some((r) => r.result === "error" && r.noApiKey)) return EXIT_ERROR;
  if (any("drift")) return EXIT_DRIFT;
  if (any("error") || any("not-deployed")) return EXIT_UNCHECKED;
  if (any("busy")) return EXIT_BUSY;
  return EXIT_CLEAN;
}

/** A job's exit code as its JSON `result` and as the text's last line says it. */
const OUTCOME: Record<number, { result: string; verdict: string }> = {
  [EXIT_CLEAN]: { result: "clean", verdict: "no drift" },
  [EXIT_ERROR]: { result: "error", verdict: "no API key for some stacks" },
  [EXIT_DRIFT]: { result: "drift", verdict: "drift" },
  [EXIT_UNCHECKED]: { result: "unchecked", verdict: "some stacks could not be checked" },
  [EXIT_BUSY]: { result: "busy", verdict: "some stacks were busy (not checked; try later)" },
};

/** What the table says in its last column: the first line of a message, cut to fit a log line. */
function short(text: string, max = 100): string {
  const line = text.split("\n")[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}

/** "2/3": resources (auth configs and MCP servers) that differ of those checked; "-" when the stack was not checked. */
const differing = (r: StackResult) => ("report" in r ? `${driftedResources(r.report).length}/${checkedResources(r.report)}` : "-");

function reasonOf(r: StackResult): string {
  if (!("report" in r)) return short(r.reason);
  const { checked, mcpServers } = r.report;
  const drifted = driftedResources(r.report);
  if (drifted.length === 0)
    return `${checked} auth config(s)${mcpServers ? ` and ${mcpServers.checked} MCP server(s)` : ""} match the last up`;
  const names = drifted.map((d) => `${d.resource} (${d.change})`);
  return short(`${names.slice(0, 3).join(", ")}${names.length > 3 ? ` and ${names.length - 3} more` : ""}`);
}

/** One line per stack as it finishes (stderr), so that a long job is not silent. */
export function progressLine(r: StackResult, done: number, total: number): string {
  return `composio-drift: [${done}/${total}] ${r.stack}: ${r.result}${"report" in r ? ` (${differing(r)} differ)` : ""}: ${reasonOf(r)}\n`;
}

/** A stack that was not checked, as its details say it. */
const notCheckedText = (r: Extract<StackResult, { reason: string }>) => `Stack "${r.stack}" not checked (${r.result}): ${r.reason}\n`;

/** The summary table: stack, result, auth configs differing/checked, a short reason. */
export function summaryTable(results: readonly StackResult[]): string {
  const rows = [["STACK", "RESULT", "DIFFERING", "REASON"], ...results.map((r) => [r.stack, r.result, differing(r), reasonOf(r)])];
  const widths = [0, 1, 2].map((col) => Math.max(...rows.map((row) => row[col]!.length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, col) => (col < 3 ? cell.padEnd(widths[col]!) : cell))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + "\n"
  );
}

/** The job as text: each stack's details (drift as for one stack, why a stack was not checked), the table, the verdict. */
export function formatJobText(results: readonly StackResult[]): string {
  const details = results.map((r) => ("report" in r ? formatText(r.report) : notCheckedText(r)));
  const code = jobExitCode(results);
  const counts = (["clean", "drift", "busy", "error", "not-deployed"] as const)
    .map((kind) => `${results.filter((r) => r.result === kind).length} ${kind.replace("-", " ")}`)
    .join(", ");
  return `${details.join("\n")}\n${summaryTable(results)}\n${results.length} stack(s): ${counts}. Exit code ${code}: ${OUTCOME[code]!.verdict}.\n`;
}

/**
 * `{ result, exitCode, stacks: [...] }`: `result` "clean" | "drift" | "unchecked" | "busy" (the exit code's
 * meaning); each stack's entry is its single-stack document (`{ stack, drift, checked, authConfigs }`,
 * `{ stack, busy: true, reason }`, `{ stack, deployed: false, reason }` or `{ stack, error }`) with its `result`
 * ("clean" | "drift" | "busy" | "error" | "not-deployed").
 */
/** A stack's entry in the job's JSON. */
function stackDocument(r: StackResult): object {
  if ("report" in r) return reportDocument(r.report);
  if (r.result === "busy") return busyDocument(r.stack, r.reason);
  if (r.result === "not-deployed") return notDeployedDocument(r.stack, r.reason);
  return errorDocument(r.stack, r.reason);
}

export function formatJobJson(results: readonly StackResult[]): string {
  const exitCode = jobExitCode(results);
  const { result } = OUTCOME[exitCode]!;
  const stacks = results.map((r) => ({
    result: r.result,
    ...stackDocument(r),
  }));
  return `${JSON.stringify({ result, exitCode, stacks }, null, 2)}\n`;
}
