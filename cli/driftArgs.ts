/** The drift command's arguments. Pure. */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { COMMON_OPTIONS } from "./cliIo";
import { parseDuration } from "./driftBusy";

export const USAGE =
  "usage: composio-drift --stack <name> [--cwd <program dir>] [--json] [--wait <duration>]\n" +
  "  Refreshes the stack in preview mode (nothing is written) and reports auth configs changed outside Pulumi.\n" +
  "  While another Pulumi operation runs on the stack it does not check (exit 3), or with --wait (e.g. 10m)\n" +
  "  waits up to that long for it to finish.\n" +
  "  Exit code: 0 no drift, 1 drift, 2 error, 3 busy (another operation is running on the stack; try later).";

export interface DriftArgs {
  stack: string;
  /** The directory of the program's Pulumi.yaml. */
  cwd: string;
  json: boolean;
  /** How long to wait for another operation on the stack to finish; 0: do not wait. */
  waitMs: number;
}

export type ParsedDriftArgs = { kind: "run"; args: DriftArgs } | { kind: "help" } | { kind: "error"; message: string; json: boolean };

export function parseDriftArgs(argv: readonly string[], workingDir: string): ParsedDriftArgs {
  const json = argv.includes("--json");
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        ...COMMON_OPTIONS,
        json: { type: "boolean" },
        wait: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) return { kind: "help" };
    if (!values.stack || values.stack.trim() === "") return { kind: "error", message: "--stack is required, e.g. --stack dev", json };
    const waitMs = values.wait === undefined ? 0 : parseDuration(values.wait);
    if (waitMs === undefined) return { kind: "error", message: `--wait ${values.wait} is not a duration; use e.g. 90s, 10m or 1h`, json };
    return { kind: "run", args: { stack: values.stack, cwd: path.resolve(workingDir, values.cwd ?? "."), json, waitMs } };
  } catch (error) {
    return { kind: "error", message: (error as Error).message, json };
  }
}
