/** The docs runner's report: what CI's log shows per block, the excluded list, and the totals line .ci/run reads. */
import type { ShellBlock } from "../../testbed/docsRunner/markdown";
import { formatDocument, formatSummary, outputTail, totals, type DocumentReport } from "../../testbed/docsRunner/report";

const block = (file: string, line: number): ShellBlock => ({ file, line, language: "sh", text: "x\n" });

const failing: DocumentReport = {
  file: "docs/drift-detection.md",
  ms: 42_000,
  blocks: [
    { block: block("docs/drift-detection.md", 12), outcome: { result: "passed", ms: 30_500 } },
    {
      block: block("docs/drift-detection.md", 30),
      outcome: { result: "failed", ms: 2_000, why: "exit status 2 from `npx composio-drift --stack prod`", at: 33 },
      outputTail: ["composio-drift: no API key"],
    },
    { block: block("docs/drift-detection.md", 40), outcome: { result: "not reached" } },
  ],
  excluded: [{ ...block("docs/drift-detection.md", 50), reason: "needs GitHub Actions" }],
  mistakes: [],
};
const passing: DocumentReport = {
  file: "README.md",
  ms: 1_000,
  blocks: [{ block: block("README.md", 3), outcome: { result: "passed", ms: 900 } }],
  excluded: [{ ...block("README.md", 9), reason: "is CI itself (npm test)" }],
  mistakes: [{ file: "README.md", line: 20, message: "the marker is not on the line right before ..." }],
};

test("a document's section: each block's file:line and outcome, the failing command's line and output tail", () => {
  expect(formatDocument(failing)).toEqual([
    "docs/drift-detection.md: 1 passed, 2 failed of 3 run, 1 excluded (42.0s)",
    "  ok   docs/drift-detection.md:12  (30.5s)",
    "  FAIL docs/drift-detection.md:30  (2.0s): exit status 2 from `npx composio-drift --stack prod` at docs/drift-detection.md:33",
    "       output (last 1 lines):",
    "       | composio-drift: no API key",
    "  --   docs/drift-detection.md:40  not reached (an earlier block failed)",
    "  skip docs/drift-detection.md:50  not run: needs GitHub Actions",
  ]);
});

test("the totals count a not-reached block and a marker mistake as failed; the last line is the plain totals line", () => {
  expect(totals([failing, passing])).toEqual({ passed: 2, failed: 3, notReached: 1, excluded: 2 });
  const summary = formatSummary([failing, passing], 61_000);
  expect(summary).toEqual([
    'Excluded blocks (2), marked "Not run by the docs runner":',
    "  docs/drift-detection.md:50  needs GitHub Actions",
    "  README.md:9  is CI itself (npm test)",
    "Failed blocks (2):",
    "  docs/drift-detection.md:33  exit status 2 from `npx composio-drift --stack prod`",
    "  README.md:20  marker: the marker is not on the line right before ...",
    "docs: 2 document(s), 3 block(s) run, 1 more not reached, 2 excluded; wall time 61.0s",
    "docs: 2 passed, 3 failed",
  ]);
  expect(
    formatSummary(
      [passing].map((d) => ({ ...d, mistakes: [], excluded: [] })),
      1000,
    ).slice(-1),
  ).toEqual(["docs: 1 passed, 0 failed"]);
});

test("the output tail: the last lines, without colours or carriage-return progress, long lines cut", () => {
  const output = ["one", "two", "\u001b[31merror:\u001b[0m red", "progress 10%\rprogress 100%", "x".repeat(500), ""].join("\n");
  expect(outputTail(output, 4, 100)).toEqual(["two", "error: red", "progress 100%", `${"x".repeat(100)}... (400 more characters)`]);
  expect(outputTail("")).toEqual([]);
});
