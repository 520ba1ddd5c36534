/**
 * `node toolchain/run-ts.js scripts/reliability/interrupted.ts`: kill -9 of `pulumi up` (the CLI
 * and all its children) with INTERRUPT_N (default 10) creates in flight, half already stored on the
 * server and half not, then three recoveries, each on a fresh stack, with the server/state census:
 *
 *   documented   pulumi cancel; composio-recover; pulumi refresh; pulumi up      (docs/reliability-and-recovery.md)
 *   clear        pulumi cancel; pulumi refresh --clear-pending-creates; pulumi up
 *   import       pulumi cancel; pulumi refresh --import-pending-creates <urn> <id>...; pulumi up
 *
 * Exit code 1 unless the documented recovery converges with 0 orphans.
 */
import { converged, describeCensus, type Census } from "../../testbed/scenarios/census";
import { documentedRecovery, interruptedStack, killUpMidCreate, runIn, type InterruptedStack } from "../../testbed/scenarios/interrupted";
import { pendingCreates } from "../../cli/pendingCreates";

const N = Number(process.env.INTERRUPT_N ?? 10);
const UNSTORED = Math.floor(N / 2);

async function must(stack: InterruptedStack, args: string[]): Promise<string> {
  const r = await runIn(stack, "pulumi", args);
  if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed:\n${r.out}`);
  return r.out;
}

/** The CLI's own options, for comparison: each then runs `pulumi up`. */
const cliRecoveries = {
  async clear(stack: InterruptedStack): Promise<Census> {
    await must(stack, ["cancel", "--yes"]);
    await must(stack, ["refresh", "--yes", "--non-interactive", "--clear-pending-creates"]);
    await must(stack, ["up", "--yes", "--non-interactive"]);
    return stack.census();
  },
  async import(stack: InterruptedStack): Promise<Census> {
    await must(stack, ["cancel", "--yes"]);
    const { creates } = pendingCreates(JSON.parse(await must(stack, ["stack", "export"])));
    const server = await stack.composio.list();
    const pairs = creates.flatMap((create) => {
      const config = server.find((c) => c.name === create.name);
      return config ? ["--import-pending-creates", create.urn, "--import-pending-creates", config.id] : [];
    });
    await must(stack, ["refresh", "--yes", "--non-interactive", ...pairs]);
    await must(stack, ["up", "--yes", "--non-interactive"]);
    return stack.census();
  },
};

async function trial(name: string, recover: (stack: InterruptedStack) => Promise<Census>): Promise<Census> {
  const stack = await interruptedStack(`interrupted-${name}`, N);
  try {
    const started = performance.now();
    const interruption = await killUpMidCreate(stack, UNSTORED);
    console.log(
      `${name.padEnd(10)} killed ${interruption.killed.length} processes (${interruption.killed.map((p) => p.command.split(" ").slice(0, 2).join(" ")).join("; ")})`,
    );
    console.log(`${"".padEnd(10)} after the kill:     ${describeCensus(interruption.census)}`);
    const after = await recover(stack);
    console.log(`${"".padEnd(10)} after the recovery: ${describeCensus(after)} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return after;
  } finally {
    await stack.close();
  }
}

async function main(): Promise<void> {
  console.log(`kill -9 of pulumi up with ${N} creates in flight (${N - UNSTORED} stored on the server, ${UNSTORED} not):`);
  const documented = await trial("documented", async (stack) => (await documentedRecovery(stack)).census);
  await trial("clear", cliRecoveries.clear);
  await trial("import", cliRecoveries.import);
  const good = converged(documented, N);
  console.log(
    good
      ? `PASS: the documented recovery converges: ${N} configs, 0 orphans, 0 duplicates`
      : "FAIL: the documented recovery did not converge",
  );
  process.exitCode = good ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
