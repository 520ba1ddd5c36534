/**
 * The shell blocks of one Markdown document, as the docs runner sees them: every fenced block tagged sh, bash,
 * shell or console, in document order, each either run or excluded by the marker line right before its fence:
 *
 *   _Not run by the docs runner: <reason>._
 *   ```sh
 *
 * A marker anywhere else (not right before a shell block's fence, or without a reason) is a mistake in the
 * document, reported as such: a typo in a marker must not turn into a silently skipped or silently run block.
 */

const SHELL_LANGUAGES = ["sh", "bash", "shell", "console"] as const;

export interface ShellBlock {
  /** The document's path, as the runner reports it (relative to the tree's root). */
  file: string;
  /** 1-based line of the opening fence; the block's first line of text is `line + 1`. */
  line: number;
  language: string;
  /** What the shell runs, one line per line of the block (so a line of `text` is line `line + i + 1` of the file). */
  text: string;
}

export interface ExcludedBlock extends ShellBlock {
  reason: string;
}

/** A mistake in the document's markers, at a line of the file. */
export interface MarkerMistake {
  file: string;
  line: number;
  message: string;
}

export interface DocumentBlocks {
  run: ShellBlock[];
  excluded: ExcludedBlock[];
  mistakes: MarkerMistake[];
}

const MARKER = /^\s*_Not run by the docs runner: (.*\S)\._\s*$/;
const MARKER_WORDS = /not run by the docs runner/i;
/**
 * An opening fence: any indentation (a fence inside a list item), 3+ backticks or tildes, an info string whose first
 * word is the language (CommonMark: a backtick fence's info string has no backtick, else it is inline code).
 */
const OPENING_FENCE = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)(.*)$/;

export function extractShellBlocks(file: string, markdown: string): DocumentBlocks {
  const lines = markdown.split("\n");
  const result: DocumentBlocks = { run: [], excluded: [], mistakes: [] };
  let pendingMarker: { line: number; reason: string } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const opening = OPENING_FENCE.exec(lines[i]);
    if (!opening || (opening[2][0] === "`" && opening[4].includes("`"))) {
      if (pendingMarker) result.mistakes.push(markerNotBeforeBlock(file, pendingMarker.line));
      pendingMarker = undefined;
      const marker = MARKER.exec(lines[i]);
      if (marker) pendingMarker = { line: i + 1, reason: marker[1] };
      else if (MARKER_WORDS.test(lines[i]) && !isInsideInlineCode(lines[i])) {
        result.mistakes.push({
          file,
          line: i + 1,
          message: `this line mentions the docs runner's marker but is not one: write it alone on its line as "_Not run by the docs runner: <reason>._"`,
        });
      }
      continue;
    }
    const [, indent, fence, info] = opening;
    const end = closingFenceIndex(lines, i + 1, indent.length, fence);
    const content = lines.slice(i + 1, end).map((line) => stripIndent(line, indent.length));
    const language = info.toLowerCase();
    const isShell = (SHELL_LANGUAGES as readonly string[]).includes(language);
    if (isShell) {
      const block: ShellBlock = { file, line: i + 1, language, text: toScript(language, content) };
      if (pendingMarker) result.excluded.push({ ...block, reason: pendingMarker.reason });
      else result.run.push(block);
    } else if (pendingMarker) {
      result.mistakes.push({
        file,
        line: pendingMarker.line,
        message: `the marker is before a \`${info || "untagged"}\` block, which the runner does not run anyway: remove the marker`,
      });
    }
    pendingMarker = undefined;
    i = end; // the closing fence (or the end of the document, for a block never closed)
  }
  if (pendingMarker) result.mistakes.push(markerNotBeforeBlock(file, pendingMarker.line));
  return result;
}

function markerNotBeforeBlock(file: string, line: number): MarkerMistake {
  return {
    file,
    line,
    message: "the marker is not on the line right before a shell block's opening fence (```sh, bash, shell or console)",
  };
}

/** Prose that quotes the marker in backticks (as the docs that explain it do) is not a marker. */
function isInsideInlineCode(line: string): boolean {
  const at = line.search(MARKER_WORDS);
  return (line.slice(0, at).match(/`/g) ?? []).length % 2 === 1;
}

/** The index of the line closing a fence opened with `fence` (same character, at least as long), or lines.length. */
function closingFenceIndex(lines: string[], from: number, indent: number, fence: string): number {
  const closing = new RegExp(`^\\s{0,${Math.max(indent, 3)}}${fence[0] === "`" ? "`" : "~"}{${fence.length},}\\s*$`);
  for (let i = from; i < lines.length; i++) if (closing.test(lines[i])) return i;
  return lines.length;
}

/** A block inside a list item is indented like its fence; its lines lose that indentation (at most). */
function stripIndent(line: string, indent: number): string {
  const leading = /^ */.exec(line)![0].length;
  return line.slice(Math.min(leading, indent));
}

/**
 * A `console` block is a transcript: the commands are the lines after a `$ ` prompt (and the lines a trailing
 * backslash continues), the other lines are output. Output lines become empty lines, so every command keeps its
 * line number. A console block with no prompt at all is run as a plain shell block.
 */
function toScript(language: string, content: string[]): string {
  const lines = (list: string[]) => list.map((line) => `${line}\n`).join("");
  if (language !== "console" || !content.some((line) => /^\$ /.test(line))) return lines(content);
  let continued = false;
  const script = content.map((line) => {
    const command = continued ? line : /^\$ /.test(line) ? line.slice(2) : undefined;
    continued = command !== undefined && /\\$/.test(command);
    return command ?? "";
  });
  return lines(script);
}
