/**
 * `composio-recover` (cli/recover.ts) from the sources, for this repository before a build:
 *
 *   node toolchain/run-ts.js scripts/reliability/recoverPendingCreates.ts [--stack NAME] [--cwd DIR] [--dry-run]
 *
 * Installed users run `npx composio-recover` (the package's bin); see docs/reliability-and-recovery.md, "After an interrupted run".
 */
import { main } from "../../cli/recover";

// A rejection is a bug, which Node reports as an unhandled rejection (its stack, exit code 1).
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
