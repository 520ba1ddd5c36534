/** What the package's bins (composio-drift, composio-recover) share: where they write, and their common options. */

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Where a relative --cwd starts. */
  workingDir: string;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  workingDir: process.cwd(),
};

/** `--stack`, `--cwd` (the program's directory) and `--help`, for node:util's parseArgs. */
export const COMMON_OPTIONS = {
  stack: { type: "string", short: "s" },
  cwd: { type: "string", short: "C" },
  help: { type: "boolean", short: "h" },
} as const;

/** How a bin's arguments parsed: run with them, print the usage, or say what is wrong (`E`: what else the error carries). */
export type ParsedArgs<A, E = unknown> = { kind: "run"; args: A } | { kind: "help" } | ({ kind: "error"; message: string } & E);

/**
 * The start every bin's `main` shares: `--help` prints the usage (exit `exits.help`); bad arguments print
 * what is wrong and the usage on stderr (exit `exits.usage`), after `onError` (drift's JSON answer). Else
 * the arguments to run with.
 */
export function startCommand<A, E>(
  command: string,
  usage: string,
  parsed: ParsedArgs<A, E>,
  io: CliIo,
  exits: { help: number; usage: number },
  onError: (parsed: { message: string } & E) => void = () => {},
): { args: A } | { exit: number } {
  if (parsed.kind === "run") return { args: parsed.args };
  if (parsed.kind === "help") {
    io.stdout(`${usage}\n`);
    return { exit: exits.help };
  }
  io.stderr(`${command}: ${parsed.message}\n${usage}\n`);
  onError(parsed);
  return { exit: exits.usage };
}

/** Runs `main` with the process's arguments when `module` is the program Node started, and sets the exit code. */
export function runAsBin(module: NodeModule, main: (argv: readonly string[]) => Promise<number>): void {
  if (require.main !== module) return;
  // `main` reports its own failures and returns the exit code: a rejection is a bug, which Node reports as an
  // unhandled rejection (its stack, exit code 1).
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
