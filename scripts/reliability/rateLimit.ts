/**
 * `node toolchain/run-ts.js scripts/reliability/rateLimit.ts`: 200 creates against a 20 req/s
 * limit through the provider's client, 8 at a time (Pulumi's default parallelism) and all at once,
 * then as one `pulumi up` of 200 auth configs under the real CLI; printing the time against the 10 s
 * floor, the failures (target: 0) and the 429s.
 */
import { createsUnderRateLimit, describeRun, pulumiUpUnderRateLimit } from "../../testbed/scenarios/rateLimit";

async function main(): Promise<void> {
  const n = Number(process.env.RATE_N ?? 200);
  const rps = Number(process.env.RATE_RPS ?? 20);
  let failed = false;
  for (const concurrency of [8, n]) {
    const run = await createsUnderRateLimit(n, rps, concurrency);
    console.log(`client:     ${describeRun(run)}`);
    failed ||= run.failures > 0 || run.stored !== n;
  }
  const whole = await pulumiUpUnderRateLimit(n, rps);
  console.log(`pulumi up:  ${describeRun(whole)}; server == state: ${whole.converged}`);
  failed ||= !whole.converged;
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
