/**
 * Creates against the emulator's rate limit finish with no failure: the client waits out every 429
 * (Retry-After) and shares the pause between its concurrent requests. The time against the floor is
 * measured by scripts/reliability/rateLimit.ts (200 creates at 20 req/s), not asserted here.
 *
 * The limit is hit however slow the machine is: the first `concurrency` creates leave together, and
 * the bucket holds 2 tokens refilled at 2 a second, so only a 3-second gap inside that first burst
 * could let all of them through. (At 20 req/s a busy machine sent fewer than 20 a second and was
 * never refused, which proved nothing about 429s.)
 */
import { createsUnderRateLimit } from "../../testbed/scenarios/rateLimit";

jest.setTimeout(60_000);

const CREATES = 10;
const REQUESTS_PER_SECOND = 2;

test.each([8, CREATES])(
  `${CREATES} creates at ${REQUESTS_PER_SECOND} req/s, %i at a time: 0 failures, all stored, the limit was hit`,
  async (concurrency) => {
    const run = await createsUnderRateLimit(CREATES, REQUESTS_PER_SECOND, concurrency);
    expect(run).toMatchObject({ failures: 0, stored: CREATES });
    expect(run.throttled).toBeGreaterThan(0);
    expect(run.requests).toBe(CREATES + run.throttled);
  },
);
