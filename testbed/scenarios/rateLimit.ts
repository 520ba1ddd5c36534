/**
 * N creates while the emulator allows `rps` requests a second, through the provider's client or a
 * whole `pulumi up`: how long they take against the floor (N / rps seconds), how many failed, how
 * many requests the server refused with 429. Shared by the test (small N) and
 * scripts/reliability/rateLimit.ts (N = 200).
 */
import { EmulatorControl, startEmulator } from "../../emulator";
import { ComposioApi } from "../../provider/api/client";
import { AuthConfig } from "../../sdk";
import { startTestComposio } from "../emulatorApi";
import { createE2eEnv, destroy, up } from "../harness";
import { census, converged } from "./census";

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
        await api
          .createAuthConfig({ toolkit: { slug: "github" }, auth_config: { type: "use_composio_managed_auth", name: `rate-${i}` } })
          .catch(() => failures++);
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

/** `pulumi up` of N auth configs (Pulumi's default parallelism) under the limit; `concurrency` is reported as 8. */
export async function pulumiUpUnderRateLimit(n: number, rps: number): Promise<RateLimitRun & { converged: boolean }> {
  const apiKey = "rate-limit-up-key";
  const composio = await startTestComposio(apiKey);
  const env = await createE2eEnv("rate-limit");
  try {
    const stack = await env.inlineStack({
      projectName: "rate-limit",
      program: async () => {
        for (let i = 0; i < n; i++) new AuthConfig(`rate-${i}`, { toolkit: "github" });
      },
      config: { "composio:apiKey": { value: apiKey, secret: true }, "composio:baseUrl": composio.emulator.url },
    });
    await composio.control.rateLimit(rps);
    const started = performance.now();
    const result = await up(stack, { allowFailure: true });
    const seconds = (performance.now() - started) / 1000;
    await composio.control.rateLimit(null);
    const log = await composio.control.requests();
    const counted = await census(async () => (await env.exportStack(stack)).deployment, composio);
    await destroy(stack);
    return {
      n,
      rps,
      concurrency: 8,
      seconds,
      floorSeconds: n / rps,
      failures: result.ok ? n - counted.state : n,
      requests: log.length,
      throttled: log.filter((entry) => entry.status === 429).length,
      stored: counted.server,
      converged: result.ok && converged(counted, n),
    };
  } finally {
    await env.cleanup();
    await composio.emulator.close();
  }
}

export function describeRun(run: RateLimitRun): string {
  return (
    `${run.n} creates, ${run.concurrency} at a time, at ${run.rps} req/s: ${run.seconds.toFixed(2)} s ` +
    `(floor ${run.floorSeconds.toFixed(1)} s, ${(run.seconds / run.floorSeconds).toFixed(2)}x; ` +
    `${((run.n - run.rps) / run.rps).toFixed(1)} s counting the server's one-second burst), ${run.failures} failures, ` +
    `${run.stored} stored, ${run.requests} requests of which ${run.throttled} answered 429`
  );
}
