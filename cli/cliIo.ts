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
