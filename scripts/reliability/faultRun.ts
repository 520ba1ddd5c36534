/**
 * `node toolchain/run-ts.js scripts/reliability/faultRun.ts`: create, update of all and destroy
 * of FAULT_N (default 50) auth configs under the real CLI with FAULT_PROBABILITY (default 0.2) of all
 * API requests faulted, printing per step the time, requests, faults by kind and the server/state
 * census. Exit code 1 unless every step succeeded with server and state identical (0 duplicates).
 */
import { converged } from "../../testbed/scenarios/census";
import { describeStep, startFaultRun, stepUnderFaults, type FaultStep } from "../../testbed/scenarios/faultRun";

async function main(): Promise<void> {
  const n = Number(process.env.FAULT_N ?? 50);
  const probability = Number(process.env.FAULT_PROBABILITY ?? 0.2);
  let revision = 0;
  const run = await startFaultRun(n, () => revision);
  const results: FaultStep[] = [];
  try {
    console.log(`fault run: ${n} auth configs, ${probability * 100}% of API requests faulted, real Pulumi CLI`);
    for (const [step, seed] of [
      ["create", 1],
      ["update", 2],
      ["destroy", 3],
    ] as const) {
      if (step === "update") revision = 1;
      const result = await stepUnderFaults(run, step, probability, seed, revision);
      results.push(result);
      console.log(describeStep(result));
      if (!result.ok) console.log(result.output);
    }
  } finally {
    await run.close();
  }
  const [create, update, destroyed] = results;
  const good =
    results.length === 3 &&
    results.every((r) => r.ok) &&
    converged(create.census, n) &&
    converged(update.census, n) &&
    create.stale + update.stale === 0 &&
    converged(destroyed.census, 0);
  console.log(good ? "PASS: server and state identical after every step, 0 duplicates, 0 orphans" : "FAIL");
  process.exitCode = good ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
