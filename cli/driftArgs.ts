/** The drift command's arguments. Pure. */
import * as path from "node:path";
import { parseArgs } from "node:util";

export const USAGE =
  "usage: composio-drift --stack <name> [--cwd <program dir>] [--json]\n" +
  "  Refreshes the stack in preview mode (nothing is written) and reports auth configs changed outside Pulumi.\n" +
  "  Exit code: 0 no drift, 1 drift, 2 error.";

export interface DriftArgs {
  stack: string;
  /** The directory of the program's Pulumi.yaml. */
  cwd: string;
  json: boolean;
}

export type ParsedDriftArgs = { kind: "run"; args: DriftArgs } | { kind: "help" } | { kind: "error"; message: string; json: boolean };

export function parseDriftArgs(argv: readonly string[], workingDir: string): ParsedDriftArgs {
  const json = argv.includes("--json");
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        stack: { type: "string", short: "s" },
        cwd: { type: "string", short: "C" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) return { kind: "help" };
    if (!values.stack || values.stack.trim() === "") return { kind: "error", message: "--stack is required, e.g. --stack dev", json };
    return { kind: "run", args: { stack: values.stack, cwd: path.resolve(workingDir, values.cwd ?? "."), json } };
  } catch (error) {
    return { kind: "error", message: (error as Error).message, json };
  }
}
