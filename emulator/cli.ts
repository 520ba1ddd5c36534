#!/usr/bin/env node
/**
 * composio-emulator --port 0 --api-key KEY [--state FILE] [--host H] [--mask-format F] [--quiet]
 * Prints exactly one line on stdout once listening; request log lines go to stderr. Exits on SIGTERM or SIGINT, and
 * when the process that started it (or one of its ancestors) has ended.
 */
import { startEmulator } from "./index";
import { MASK_FORMATS, type MaskFormat } from "./masking";
import { whenParentGone } from "./parentWatch";

const USAGE = `usage: composio-emulator [--port N] [--api-key KEY | env COMPOSIO_API_KEY] [--state FILE] [--host HOST] [--mask-format ${MASK_FORMATS.join("|")}] [--quiet]`;

interface CliOptions {
  port: number;
  apiKey?: string;
  stateFile?: string;
  host?: string;
  maskFormat?: MaskFormat;
  quiet: boolean;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  const opts: CliOptions = { port: 0, quiet: false };
  const apiKeyFromEnv = env.COMPOSIO_API_KEY;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const [flag, inline] = arg.startsWith("--") && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--port": {
        const raw = value();
        const port = Number(raw);
        if (!/^\d+$/.test(raw) || port > 65535) throw new Error(`--port must be 0..65535, got ${raw}`);
        opts.port = port;
        break;
      }
      case "--api-key":
        opts.apiKey = value();
        break;
      case "--state":
        opts.stateFile = value();
        break;
      case "--host":
        opts.host = value();
        break;
      case "--mask-format": {
        const format = value();
        if (!(MASK_FORMATS as readonly string[]).includes(format)) {
          throw new Error(`--mask-format must be one of ${MASK_FORMATS.join(", ")}, got ${format}`);
        }
        opts.maskFormat = format as MaskFormat;
        break;
      }
      case "--quiet":
        opts.quiet = true;
        break;
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  if (opts.apiKey === undefined && apiKeyFromEnv) opts.apiKey = apiKeyFromEnv;
  return opts;
}

async function main(): Promise<void> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let opts: CliOptions;
  try {
    opts = parseArgs(process.argv.slice(2), process.env);
    if (!opts.apiKey) throw new Error("an API key is required (--api-key or COMPOSIO_API_KEY)");
  } catch (err) {
    process.stderr.write(`composio-emulator: ${(err as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const emulator = await startEmulator({
    apiKey: opts.apiKey,
    port: opts.port,
    host: opts.host,
    stateFile: opts.stateFile,
    maskFormat: opts.maskFormat,
    quiet: opts.quiet,
  });
  process.stdout.write(`composio-emulator listening on ${emulator.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // Every change is already on disk before it was acknowledged; closing just stops serving.
    emulator.close().then(
      () => process.exit(0),
      (err: Error) => {
        process.stderr.write(`composio-emulator: error while closing on ${signal}: ${err.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // `npx composio-emulator ... &` then `kill $!` stops npm, not this process (parentWatch.ts).
  whenParentGone(() => stop("SIGTERM"));
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`composio-emulator: ${err.message}\n`);
    process.exit(1);
  });
}
