#!/usr/bin/env node
/**
 * `composio-drift --stack <name> [--cwd DIR] [--json]`: the drift check for pipelines. Selects the
 * stack of the program in DIR, runs `pulumi refresh --preview-only` through the Automation API (the
 * program is not run and nothing is written), reads the engine's structured events and reports each
 * auth config whose live settings differ from the last `pulumi up`.
 *
 * Exit code 0: no drift; 1: drift; 2: error (bad arguments, no such stack or program, the Pulumi CLI
 * missing, the API failing). Uses the `pulumi` on PATH and the environment's backend and passphrase,
 * like the Pulumi CLI itself.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CommandError, LocalWorkspace, StackNotFoundError, type EngineEvent, type Stack } from "@pulumi/pulumi/automation";
import { parseDriftArgs, USAGE, type DriftArgs } from "./driftArgs";
import { formatJson, formatJsonError, formatText } from "./driftFormat";
import { driftReport, errorMessages, type DriftReport } from "./driftReport";

export const EXIT_CLEAN = 0;
export const EXIT_DRIFT = 1;
export const EXIT_ERROR = 2;

export interface DriftIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Where a relative --cwd starts. */
  workingDir: string;
}

const processIo: DriftIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  workingDir: process.cwd(),
};

/** A failure with the message to print; anything else is unexpected and printed as is. */
class DriftError extends Error {}

/** The last lines of the CLI's stderr: its own error message, without the usage noise before it. */
function cliMessage(error: unknown): string {
  if (error instanceof CommandError) {
    // The Automation API keeps the CLI's result in a private field; its stderr holds the CLI's message.
    const stderr = (error as unknown as { commandResult?: { stderr?: string } }).commandResult?.stderr?.trim();
    if (stderr) return stderr.split("\n").slice(-5).join("\n");
  }
  return error instanceof Error ? error.message : String(error);
}

async function selectStack({ stack, cwd }: DriftArgs): Promise<Stack> {
  if (!["Pulumi.yaml", "Pulumi.yml"].some((file) => fs.existsSync(path.join(cwd, file)))) {
    throw new DriftError(`no Pulumi.yaml in ${cwd}; run in the program's directory or pass --cwd <program dir>`);
  }
  try {
    return await LocalWorkspace.selectStack({ stackName: stack, workDir: cwd });
  } catch (error) {
    if (error instanceof StackNotFoundError) {
      throw new DriftError(`stack "${stack}" does not exist for the program in ${cwd} (\`pulumi stack ls\` lists its stacks)`);
    }
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new DriftError("the Pulumi CLI (`pulumi`) was not found on PATH; install it or put it on PATH");
    }
    throw new DriftError(`could not select stack "${stack}": ${cliMessage(error)}`);
  }
}

async function refreshPreview(stack: Stack): Promise<DriftReport> {
  const events: EngineEvent[] = [];
  try {
    await stack.previewRefresh({ onEvent: (event) => events.push(event), color: "never" });
  } catch (error) {
    const messages = errorMessages(events);
    throw new DriftError(`refresh of stack "${stack.name}" failed: ${messages.length > 0 ? messages.join("\n") : cliMessage(error)}`);
  }
  return driftReport(stack.name, events);
}

/** Runs the command; returns the exit code (the bin sets it). */
export async function main(argv: readonly string[], io: DriftIo = processIo): Promise<number> {
  const parsed = parseDriftArgs(argv, io.workingDir);
  if (parsed.kind === "help") {
    io.stdout(`${USAGE}\n`);
    return EXIT_CLEAN;
  }
  if (parsed.kind === "error") {
    io.stderr(`composio-drift: ${parsed.message}\n${USAGE}\n`);
    if (parsed.json) io.stdout(formatJsonError(undefined, parsed.message));
    return EXIT_ERROR;
  }
  const { args } = parsed;
  try {
    const report = await refreshPreview(await selectStack(args));
    io.stdout(args.json ? formatJson(report) : formatText(report));
    return report.drifted.length > 0 ? EXIT_DRIFT : EXIT_CLEAN;
  } catch (error) {
    const message = error instanceof DriftError ? error.message : `unexpected failure: ${(error as Error)?.stack ?? String(error)}`;
    io.stderr(`composio-drift: ${message}\n`);
    if (args.json) io.stdout(formatJsonError(args.stack, message));
    return EXIT_ERROR;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
