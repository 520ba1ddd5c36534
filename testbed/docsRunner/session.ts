/**
 * One document's bash session: the script that runs its blocks in order in one shell, the status lines that
 * script writes while it runs, and what they mean for each block. Pure: main.ts writes the files, starts bash,
 * watches the clock and reads the status file back.
 *
 * The session `source`s each block from its own file, so `cd`, `export` and functions carry over to the next
 * block while bash's LINENO in an error still points into the block (and so at a line of the document). Under
 * `set -eE` the first failing command ends the shell; the ERR trap first writes which command failed, where, and
 * its exit status. Each block's output (stdout and stderr) goes to its own file.
 */
import type { ShellBlock } from "./markdown";

export interface SessionPaths {
  /** The status lines go here (appended). */
  statusFile: string;
  /** Block i's text is `${blocksDir}/block-<i>.sh`, its output `${blocksDir}/block-<i>.out`. */
  blocksDir: string;
}

export const blockScriptFile = (blocksDir: string, index: number) => `${blocksDir}/block-${index}.sh`;
export const blockOutputFile = (blocksDir: string, index: number) => `${blocksDir}/block-${index}.out`;

/** Single quotes for bash: the text exactly, whatever it holds. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function sessionScript(blocks: ShellBlock[], { statusFile, blocksDir }: SessionPaths): string {
  const steps = blocks.map((block, i) =>
    [
      `# ${block.file}:${block.line}`,
      `printf 'begin ${i} %s\\n' "$EPOCHREALTIME" >&"$__docs_runner_fd"`,
      `source ${shellQuote(blockScriptFile(blocksDir, i))} >${shellQuote(blockOutputFile(blocksDir, i))} 2>&1 </dev/null`,
      `printf 'end ${i} %s\\n' "$EPOCHREALTIME" >&"$__docs_runner_fd"`,
    ].join("\n"),
  );
  return [
    "# The docs runner's session for one document (testbed/docsRunner/session.ts): its shell blocks, in order, in this shell.",
    `exec {__docs_runner_fd}>>${shellQuote(statusFile)}`,
    "__docs_runner_error() { # status, file, line, command: one status line (the command's newlines as spaces)",
    `  printf 'error %s %s %s\\t%s\\n' "$1" "$3" "$2" "\${4//$'\\n'/ }" >&"$__docs_runner_fd"`,
    "}",
    `trap '__docs_runner_error "$?" "\${BASH_SOURCE[0]-}" "$LINENO" "$BASH_COMMAND"' ERR`,
    "set -eE",
    ...steps,
    `printf 'done\\n' >&"$__docs_runner_fd"`,
    "",
  ].join("\n");
}

export type StatusEvent =
  | { kind: "begin" | "end"; block: number; at: number }
  | { kind: "error"; status: number; line: number; sourceFile: string; command: string }
  | { kind: "done" };

/** The status lines the session wrote so far (a last line still being written is left out). */
export function parseStatus(text: string): StatusEvent[] {
  const complete = text.slice(0, text.lastIndexOf("\n") + 1);
  return complete
    .split("\n")
    .filter(Boolean)
    .flatMap((line): StatusEvent[] => {
      const step = /^(begin|end) (\d+) (\d+(?:\.\d+)?)$/.exec(line);
      if (step) return [{ kind: step[1] as "begin" | "end", block: Number(step[2]), at: Math.round(Number(step[3]) * 1000) }];
      const error = /^error (\d+) (\d+) (.*?)\t(.*)$/.exec(line);
      if (error) return [{ kind: "error", status: Number(error[1]), line: Number(error[2]), sourceFile: error[3], command: error[4] }];
      return line === "done" ? [{ kind: "done" }] : [];
    });
}

/** The block that began last and has not ended (the one a clock should be running for), with its start (ms). */
export function runningBlock(events: StatusEvent[]): { block: number; since: number } | undefined {
  let running: { block: number; since: number } | undefined;
  for (const event of events) {
    if (event.kind === "begin") running = { block: event.block, since: event.at };
    if (event.kind === "end" && running?.block === event.block) running = undefined;
  }
  return running;
}

export type BlockOutcome =
  { result: "passed"; ms: number } | { result: "failed"; ms?: number; why: string; at?: number } | { result: "not reached" };

/** How the shell ended: its exit code or signal, and whether the runner killed it for running past the limit. */
export interface SessionEnd {
  exitCode: number | null;
  signal: string | null;
  timedOutAfterSeconds?: number;
  /** When the shell ended (ms since the epoch): the failing block's duration ends there. */
  at: number;
}

/**
 * Each block's outcome from the status events and the way the shell ended. The failing block's `at` is the line of
 * the document holding the failing command when bash named one inside a block (for a command inside a function,
 * the function's line); `why` says what happened in words.
 */
export function blockOutcomes(blocks: ShellBlock[], events: StatusEvent[], end: SessionEnd, blocksDir: string): BlockOutcome[] {
  const begun = new Map<number, number>();
  const ended = new Map<number, number>();
  let lastError: Extract<StatusEvent, { kind: "error" }> | undefined;
  for (const event of events) {
    if (event.kind === "begin") begun.set(event.block, event.at);
    if (event.kind === "end") ended.set(event.block, event.at);
    if (event.kind === "error") lastError = event;
  }
  return blocks.map((_, i): BlockOutcome => {
    const start = begun.get(i);
    const finish = ended.get(i);
    if (start !== undefined && finish !== undefined) return { result: "passed", ms: finish - start };
    if (start === undefined) return { result: "not reached" };
    const ms = Math.max(0, end.at - start);
    if (end.timedOutAfterSeconds !== undefined) {
      return {
        result: "failed",
        ms,
        why: `timed out: still running after ${end.timedOutAfterSeconds}s, the per-block limit (--block-timeout), so the runner killed the document's processes`,
      };
    }
    if (lastError) {
      const where = locateError(blocks, lastError, blocksDir);
      return {
        result: "failed",
        ms,
        why: `exit status ${lastError.status} from \`${lastError.command}\``,
        ...(where !== undefined ? { at: where } : {}),
      };
    }
    return { result: "failed", ms, why: shellEndedEarly(end) };
  });
}

/** The document line of an error bash reported inside a block's file; undefined when it was outside every block. */
function locateError(blocks: ShellBlock[], error: Extract<StatusEvent, { kind: "error" }>, blocksDir: string): number | undefined {
  const index = blocks.findIndex((_, i) => error.sourceFile === blockScriptFile(blocksDir, i));
  return index < 0 ? undefined : blocks[index].line + error.line;
}

function shellEndedEarly({ exitCode, signal }: SessionEnd): string {
  if (signal) return `the shell was killed by ${signal} during this block`;
  return `the shell ended (exit status ${exitCode}) with no failing command: a syntax error in the block, or an \`exit\` or \`exec\` (see the output)`;
}

export interface Isolation {
  /** The user's home directory as the system knows it (getpwuid): what `~` is to Go programs such as the Pulumi CLI. */
  realHome: string;
  /** The document's fresh home, mounted over realHome for the document's processes only. */
  freshHome: string;
  /** Paths under realHome the document still needs at the same place (the npm cache, the tools): mounted back. */
  keep: string[];
  /** A scratch directory for keep's temporary mount points. */
  keepDir: string;
  sessionFile: string;
}

/**
 * The script that runs the session in a private mount namespace (`unshare --mount`) where the user's home IS the
 * fresh one. A fresh $HOME alone is not enough: the Pulumi CLI resolves `~` (in `file://~`, `pulumi login --local`)
 * and its own ~/.pulumi from the system's user database, not from $HOME, so documents would share (and change) the
 * real ~/.pulumi, its stacks and its current login. Paths in `keep` that lie under the real home are bound aside
 * first and mounted back at their own path over the fresh home.
 */
export function isolationScript({ realHome, freshHome, keep, keepDir, sessionFile }: Isolation): string {
  const under = keep.filter((dir) => dir === realHome || dir.startsWith(`${realHome}/`));
  return [
    "set -e",
    ...under.map(
      (dir, i) => `mkdir -p ${shellQuote(`${keepDir}/${i}`)} && mount --bind ${shellQuote(dir)} ${shellQuote(`${keepDir}/${i}`)}`,
    ),
    `mount --bind ${shellQuote(freshHome)} ${shellQuote(realHome)}`,
    ...under.map((dir, i) => `mkdir -p ${shellQuote(dir)} && mount --bind ${shellQuote(`${keepDir}/${i}`)} ${shellQuote(dir)}`),
    "set +e",
    `exec bash --noprofile --norc ${shellQuote(sessionFile)}`,
    "",
  ].join("\n");
}
