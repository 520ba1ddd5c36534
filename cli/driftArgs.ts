/** The drift command's arguments. Pure. */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { COMMON_OPTIONS, type ParsedArgs } from "./cliIo";
import { parseDuration } from "./driftBusy";

/**
 * How many stacks are checked at once by default when each check runs `pulumi` processes. With --engine each check is
 * a `pulumi` process plus the provider's Node.js process (about 250-300 MB resident together: 130 MB and 115-155 MB
 * measured for small stacks) and its own stream of Composio reads: 4 keeps a 2-core CI runner busy without swapping
 * it (GitHub's runners have 7-16 GB), and a platform's many stacks from tripping Composio's rate limit all at once.
 * From the checkpoint of a backend other than file://, each check exports the state (`pulumi stack export`): 4 keeps
 * those commands from queueing on a 2-core runner.
 */
const PROCESS_PARALLEL = 4;
/**
 * From the checkpoint of a file:// backend a check runs no process: the checkpoint is read and its secrets opened in
 * this process, each key derived on one of libuv's 4 threads (Pulumi's passphrase provider: one PBKDF2 of 1,000,000
 * rounds per stack), and the stacks of a project share one listing. Checked 4 at a time, a fifth stack's derivation
 * waited for a whole check where it could have run beside the others' comparisons (5 stacks x 200 configs: 0.97 s
 * against 0.80 s all at once, Node 22). Each stack in flight holds its parsed checkpoint (a few MB for 200 configs).
 */
const IN_PROCESS_PARALLEL = 16;
/** More would only queue on the machine's cores and on the API's rate limit. */
const MAX_PARALLEL = 32;

export const USAGE =
  "usage: composio-drift (--stack <name or glob>)... | --all-stacks [--cwd <program dir>] [--json] [--wait <duration>] [--parallel <n>] [--engine]\n" +
  "  Compares each stack's last checkpoint (its state, as `pulumi stack export` gives it) with Composio's live auth\n" +
  "  configs, read once per Composio project, and reports auth configs changed outside Pulumi (nothing is written).\n" +
  "  --engine runs `pulumi refresh --preview-only` per stack instead (the provider's read in the engine): the same\n" +
  "  verdict, slower.\n" +
  "  --stack may be repeated; a value with * or ? is a glob over the program's stacks on the current backend\n" +
  "  (quote it: --stack 'prod-*'); --all-stacks checks every stack of the program. Several stacks are checked\n" +
  `  --parallel at a time (default ${PROCESS_PARALLEL}; ${IN_PROCESS_PARALLEL} from a file:// backend's checkpoints, read in this process),\n` +
  "  each reported on stderr as it finishes, then a summary table.\n" +
  "  While another Pulumi operation runs on a stack it is not checked (busy), or with --wait (e.g. 10m) waits up\n" +
  "  to that long for it to finish.\n" +
  "  Exit code: 0 no drift, 1 drift (in any stack), 2 error (bad arguments, no program, no API key for a stack:\n" +
  "  neither its composio:apiKey nor COMPOSIO_API_KEY; with one --stack <name> also that stack's check failing),\n" +
  "  3 busy (some stack busy, every other one clean), 4 some stacks could not be checked (their checks failed, or\n" +
  "  they are not deployed: no `pulumi up` yet; none drifted). Drift wins over 4 and 3, and 4 over 3.";

/**
 * Which stacks to check. `single`: one `--stack <name>` (no glob), reported as a single stack always was (its
 * text and JSON, exit 2 when its check fails). Anything else is a job over several stacks: its output shape
 * depends on these arguments only, never on how many stacks a glob happens to match.
 */
export type StackSelection = { kind: "single"; name: string } | { kind: "job"; names: string[]; patterns: string[]; all: boolean };

export interface DriftArgs {
  stacks: StackSelection;
  /** The directory of the program's Pulumi.yaml. */
  cwd: string;
  json: boolean;
  /** How long to wait for another operation on a stack to finish; 0: do not wait. */
  waitMs: number;
  /** How many stacks are checked at once; undefined: the default of the way they are checked (`stacksAtOnce`). */
  parallel?: number;
  /** Check through the engine (`pulumi refresh --preview-only`) instead of from the checkpoint. */
  engine: boolean;
}

export type ParsedDriftArgs = ParsedArgs<DriftArgs, { json: boolean }>;

/** Pulumi's stack names never hold these, so a value with one is a pattern. */
const isGlob = (value: string) => /[*?]/.test(value);

export function parseDriftArgs(argv: readonly string[], workingDir: string): ParsedDriftArgs {
  const json = argv.includes("--json");
  const error = (message: string): ParsedDriftArgs => ({ kind: "error", message, json });
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        ...COMMON_OPTIONS,
        stack: { ...COMMON_OPTIONS.stack, multiple: true },
        "all-stacks": { type: "boolean" },
        json: { type: "boolean" },
        wait: { type: "string" },
        parallel: { type: "string" },
        engine: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) return { kind: "help" };
    const given = (values.stack ?? []).map((value) => value.trim());
    const all = values["all-stacks"] ?? false;
    if (given.some((value) => value === "")) return error("--stack needs a stack name or a glob, e.g. --stack dev or --stack 'prod-*'");
    if (all && given.length > 0) return error("--all-stacks checks every stack already; leave out --stack, or --all-stacks");
    if (!all && given.length === 0) return error("--stack is required, e.g. --stack dev, --stack 'prod-*' or --all-stacks");
    const waitMs = values.wait === undefined ? 0 : parseDuration(values.wait);
    if (waitMs === undefined) return error(`--wait ${values.wait} is not a duration; use e.g. 90s, 10m or 1h`);
    const parallel = values.parallel === undefined ? undefined : Number(values.parallel);
    if (parallel !== undefined && (!Number.isInteger(parallel) || parallel < 1 || parallel > MAX_PARALLEL)) {
      return error(`--parallel ${values.parallel} is not a number of stacks from 1 to ${MAX_PARALLEL}`);
    }
    const unique = [...new Set(given)];
    const stacks: StackSelection =
      !all && unique.length === 1 && !isGlob(unique[0]!)
        ? { kind: "single", name: unique[0]! }
        : { kind: "job", names: unique.filter((value) => !isGlob(value)), patterns: unique.filter(isGlob), all };
    return {
      kind: "run",
      args: {
        stacks,
        cwd: path.resolve(workingDir, values.cwd ?? "."),
        json,
        waitMs,
        ...(parallel === undefined ? {} : { parallel }),
        engine: values.engine ?? false,
      },
    };
  } catch (caught) {
    return error((caught as Error).message);
  }
}

/**
 * How many stacks a run checks at once: `--parallel` as given, else 16 when the checks run no process (from the
 * checkpoint of a file:// backend), else 4.
 */
export function stacksAtOnce({ parallel, engine }: Pick<DriftArgs, "parallel" | "engine">, fileBackend: boolean): number {
  return parallel ?? (!engine && fileBackend ? IN_PROCESS_PARALLEL : PROCESS_PARALLEL);
}
