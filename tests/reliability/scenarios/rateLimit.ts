/**
 * N creates through the provider's client while the emulator allows `rps` requests a second: how long
 * they take against the floor (N / rps seconds), how many failed, how many requests the server
 * refused with 429. Shared by the test (small N) and scripts/reliability/rateLimit.ts (N = 200).
 */
import { EmulatorControl, startEmulator } from "../../../emulator";
import { ComposioApi } from "../../../provider/client";

export interface RateLimitRun {
  n: number;
  rps: number;
  /** Creates in flight at once (Pulumi's default `--parallel` is 8). */
  concurrency: number;
  seconds: number;
  floorSeconds: number;
  failures: number;
  requests: number;
  throttled: number;
  /** Configs on the server afterwards. */
  stored: number;
}

export async function createsUnderRateLimit(n: number, rps: number, concurrency: number): Promise<RateLimitRun> {
  const apiKey = "rate-limit-key";
  const emulator = await startEmulator({ apiKey, quiet: true });
  try {
    const control = new EmulatorControl(emulator.url, apiKey);
    await control.rateLimit(rps);
    // One client, as in one provider process: its requests share the 429 pause.
    const api = new ComposioApi({ apiKey, baseUrl: emulator.url });
    let next = 0;
    let failures = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < n) {
        const i = next++;
        await api.createAuthConfig({ toolkit: { slug: "github" }, auth_config: { type: "use_composio_managed_auth", name: `rate-${i}` } }).catch(() => failures++);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
    const seconds = (performance.now() - started) / 1000;
    const log = await control.requests();
    await control.rateLimit(null);
    const stored = (await api.listAuthConfigs({ show_disabled: true })).length;
    return {
      n,
      rps,
      concurrency,
      seconds,
      floorSeconds: n / rps,
      failures,
      requests: log.length,
      throttled: log.filter((entry) => entry.status === 429).length,
      stored,
    };
  } finally {
    await emulator.close();
  }
}

export function describeRun(run: RateLimitRun): string {
  return (
    `${run.n} creates, ${run.concurrency} at a time, at ${run.rps} req/s: ${run.seconds.toFixed(2)} s ` +
    `(floor ${run.floorSeconds.toFixed(1)} s, ${(run.seconds / run.floorSeconds).toFixed(2)}x), ${run.failures} failures, ` +
    `${run.stored} stored, ${run.requests} requests of which ${run.throttled} answered 429`
  );
}
