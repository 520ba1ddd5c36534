/** The rate limit over HTTP and the token bucket itself, both on a clock the test moves. */
import { TokenBucket } from "../../emulator/rateLimit";
import { expectError, startTestEmulator, type TestEmulator } from "./helpers";

describe("rate limit over HTTP", () => {
  let t: TestEmulator;
  // The bucket's clock stands still unless a test moves it: on a busy machine, requests a few hundred ms apart would
  // otherwise refill it, and the answers would depend on the machine's speed.
  let now = 0;
  beforeAll(async () => {
    t = await startTestEmulator({ rateLimitClock: () => now });
  });
  afterAll(() => t.emu.close());
  beforeEach(() => t.control.reset());

  it("answers 429 with Retry-After past the limit, and counts the refused requests", async () => {
    await t.control.rateLimit(3);
    const statuses: number[] = [];
    let refused;
    for (let i = 0; i < 6; i++) {
      const res = await t.api("GET", "/toolkits");
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    const err = expectError(refused!, 429);
    expect(err.message).toMatch(/rate limit/i);
    const retryAfter = Number(refused!.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
    expect((await t.control.stats()).total).toBe(6);
  });

  it("null removes the limit, and reset clears it; time refills the bucket", async () => {
    await t.control.rateLimit(1);
    await t.api("GET", "/toolkits");
    expect((await t.api("GET", "/toolkits")).status).toBe(429);
    now += 1000; // one second: one token
    expect((await t.api("GET", "/toolkits")).status).toBe(200);
    expect((await t.api("GET", "/toolkits")).status).toBe(429);
    await t.control.rateLimit(null);
    expect((await t.api("GET", "/toolkits")).status).toBe(200);
    await t.control.rateLimit(1);
    await t.control.reset();
    for (let i = 0; i < 3; i++) expect((await t.api("GET", "/toolkits")).status).toBe(200);
  });

  it("400s an invalid rps", async () => {
    await expect(t.control.rateLimit(0)).rejects.toMatchObject({ status: 400 });
    await expect(t.control.rateLimit(-1)).rejects.toMatchObject({ status: 400 });
  });
});

describe("TokenBucket", () => {
  it("allows a burst of rps, then refills at rps per second", () => {
    let now = 0;
    const bucket = new TokenBucket(() => now);
    bucket.setRate(2);
    expect(bucket.take().allowed).toBe(true);
    expect(bucket.take().allowed).toBe(true);
    expect(bucket.take()).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 500; // half a second → one token
    expect(bucket.take().allowed).toBe(true);
    expect(bucket.take().allowed).toBe(false);
    now += 10_000; // a long idle time refills only up to the burst size
    expect([bucket.take(), bucket.take(), bucket.take()].map((d) => d.allowed)).toEqual([true, true, false]);
  });

  it("rounds Retry-After up to whole seconds for slow rates", () => {
    let now = 0;
    const bucket = new TokenBucket(() => now);
    bucket.setRate(0.25); // one request per 4 s, bucket of 1
    expect(bucket.take().allowed).toBe(true);
    expect(bucket.take()).toEqual({ allowed: false, retryAfterSeconds: 4 });
    now += 1500;
    expect(bucket.take()).toEqual({ allowed: false, retryAfterSeconds: 3 });
  });

  it("allows everything when off", () => {
    const bucket = new TokenBucket(() => 0);
    for (let i = 0; i < 100; i++) expect(bucket.take().allowed).toBe(true);
  });
});
