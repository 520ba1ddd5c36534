/**
 * Creates against the emulator's rate limit finish with no failure: the client waits out every 429
 * (Retry-After) and shares the pause between its concurrent requests. The time against the floor is
 * measured by scripts/reliability/rateLimit.ts (200 creates at 20 req/s), not asserted here.
 */
import { createsUnderRateLimit } from "../../testbed/scenarios/rateLimit";

jest.setTimeout(60_000);

test.each([8, 60])("60 creates at 20 req/s, %i at a time: 0 failures, all stored, the limit was hit", async (concurrency) => {
  const run = await createsUnderRateLimit(60, 20, concurrency);
  expect(run).toMatchObject({ failures: 0, stored: 60 });
  expect(run.throttled).toBeGreaterThan(0);
  expect(run.requests).toBe(60 + run.throttled);
});
