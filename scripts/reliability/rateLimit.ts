/**
 * `node scripts/reliability/run.js scripts/reliability/rateLimit.ts`: 200 creates against a 20 req/s
 * limit, at Pulumi's default parallelism (8) and all at once (200), printing the time against the
 * 10 s floor and the failures (target: 0).
 */
import { createsUnderRateLimit, describeRun } from "../../tests/reliability/scenarios/rateLimit";

async function main(): Promise<void> {
  const n = Number(process.env.RATE_N ?? 200);
  const rps = Number(process.env.RATE_RPS ?? 20);
  let failed = false;
  for (const concurrency of [8, n]) {
    const run = await createsUnderRateLimit(n, rps, concurrency);
    console.log(describeRun(run));
    failed ||= run.failures > 0 || run.stored !== n;
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
