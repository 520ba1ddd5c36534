/**
 * The docs runner's report: per document, per block `file:line` and its outcome (with the output's tail under a
 * failure), the excluded blocks with their reasons, and the closing totals line `docs: N passed, N failed` that
 * .ci/run adds to the legs' totals. A block not reached (an earlier block of its document failed) counts as failed,
 * as jest counts the tests of a file whose set-up failed: it is a documented command nobody saw work.
 */
import type { ExcludedBlock, MarkerMistake, ShellBlock } from "./markdown";
import type { BlockOutcome } from "./session";

interface BlockReport {
  block: ShellBlock;
  outcome: BlockOutcome;
  /** The last lines of the block's output (only read for a failed block). */
  outputTail?: string[];
}

export interface DocumentReport {
  file: string;
  blocks: BlockReport[];
  excluded: ExcludedBlock[];
  mistakes: MarkerMistake[];
  /** The document could not be set up (copy, emulator, database): every block counts as failed. */
  setupError?: string;
  ms: number;
}

export interface Totals {
  passed: number;
  failed: number;
  notReached: number;
  excluded: number;
}

export function totals(documents: DocumentReport[]): Totals {
  const count = (result: BlockOutcome["result"]) =>
    documents.reduce((sum, doc) => sum + doc.blocks.filter(({ outcome }) => outcome.result === result).length, 0);
  const failedBlocks = count("failed");
  const mistakes = documents.reduce((sum, doc) => sum + doc.mistakes.length, 0);
  const notReached = count("not reached");
  return {
    passed: count("passed"),
    failed: failedBlocks + mistakes + notReached,
    notReached,
    excluded: documents.reduce((sum, doc) => sum + doc.excluded.length, 0),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** One document's section of the report. */
export function formatDocument(doc: DocumentReport): string[] {
  const run = doc.blocks.length;
  const { passed, failed } = totals([doc]);
  const lines = [`${doc.file}: ${passed} passed, ${failed} failed of ${run} run, ${doc.excluded.length} excluded (${seconds(doc.ms)})`];
  if (doc.setupError) lines.push(`  could not set the document up: ${doc.setupError}`);
  for (const mistake of doc.mistakes) lines.push(`  FAIL ${mistake.file}:${mistake.line}  marker: ${mistake.message}`);
  for (const { block, outcome, outputTail } of doc.blocks) {
    const where = `${block.file}:${block.line}`;
    if (outcome.result === "passed") lines.push(`  ok   ${where}  (${seconds(outcome.ms)})`);
    else if (outcome.result === "not reached") lines.push(`  --   ${where}  not reached (an earlier block failed)`);
    else {
      const at = outcome.at !== undefined ? ` at ${block.file}:${outcome.at}` : "";
      lines.push(`  FAIL ${where}${outcome.ms !== undefined ? `  (${seconds(outcome.ms)})` : ""}: ${outcome.why}${at}`);
      if (outputTail?.length)
        lines.push(`       output (last ${outputTail.length} lines):`, ...outputTail.map((line) => `       | ${line}`));
      else if (outputTail) lines.push("       (no output)");
    }
  }
  for (const block of doc.excluded) lines.push(`  skip ${block.file}:${block.line}  not run: ${block.reason}`);
  return lines;
}

/** Every excluded block with its reason, in one list (what CI's log shows at the end). */
function formatExcluded(documents: DocumentReport[]): string[] {
  const excluded = documents.flatMap((doc) => doc.excluded);
  if (excluded.length === 0) return ["Excluded blocks: none"];
  return [
    `Excluded blocks (${excluded.length}), marked "Not run by the docs runner":`,
    ...excluded.map((b) => `  ${b.file}:${b.line}  ${b.reason}`),
  ];
}

/** The failures again, one line each, file:line first: the lines to look at when CI fails. */
function formatFailures(documents: DocumentReport[]): string[] {
  const failures = documents.flatMap((doc) => [
    ...doc.mistakes.map((m) => `  ${m.file}:${m.line}  marker: ${m.message}`),
    ...doc.blocks.flatMap(({ block, outcome }) =>
      outcome.result === "failed" ? [`  ${block.file}:${outcome.at ?? block.line}  ${outcome.why}`] : [],
    ),
  ]);
  return failures.length === 0 ? [] : [`Failed blocks (${failures.length}):`, ...failures];
}

/** The report's last lines; the very last is the plain totals line .ci/run reads. */
export function formatSummary(documents: DocumentReport[], wallMs: number): string[] {
  const t = totals(documents);
  const ran = documents.reduce((sum, doc) => sum + doc.blocks.filter(({ outcome }) => outcome.result !== "not reached").length, 0);
  return [
    ...formatExcluded(documents),
    ...formatFailures(documents),
    `docs: ${documents.length} document(s), ${ran} block(s) run, ${t.notReached} more not reached, ${t.excluded} excluded; wall time ${seconds(wallMs)}`,
    `docs: ${t.passed} passed, ${t.failed} failed`,
  ];
}

/**
 * The last `count` lines of a block's output as a log shows them: without terminal colours, a line rewritten with
 * carriage returns (a progress bar) as its last version, each cut to `width` characters.
 */
export function outputTail(output: string, count = 30, width = 400): string[] {
  const lines = output
    // eslint-disable-next-line no-control-regex -- ESC starts the terminal's colour codes, which this removes
    .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "")
    .replace(/\n+$/, "")
    .split("\n")
    .map((line) => line.replace(/\r+$/, "").split("\r").pop()!);
  return (lines.length === 1 && lines[0] === "" ? [] : lines.slice(-count)).map((line) =>
    line.length > width ? `${line.slice(0, width)}... (${line.length - width} more characters)` : line,
  );
}
