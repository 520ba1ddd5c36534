/**
 * N auth configs through `pulumi up` (create), `up` (update of all) and `destroy` under the real CLI,
 * while the emulator injects faults into a share of all API requests: 429, 500, 503, dropped
 * connections before and after the change was stored, and latency beyond the request timeout. After
 * each step, faults off, the server must hold exactly what the state holds. Shared by the test
 * (small N) and scripts/reliability/faultRun.ts (N = 50).
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { AuthConfig, type AuthConfigArgs } from "../../sdk";
import { startTestComposio, type TestComposio } from "../emulatorApi";
import { createE2eEnv, destroy, up, type E2eEnv } from "../harness";
import { census, type Census } from "./census";

const API_KEY = "fault-run-key";
/** Each request times out after this; the injected latency is longer, so every latency fault is a timeout. */
const FAULT_REQUEST_TIMEOUT_MS = 1_000;
const FAULT_LATENCY_MS = 1_500;
const FAULT_KINDS = ["429", "500", "503", "drop", "drop-after-commit", "latency"] as const;

export interface FaultStep {
  step: "create" | "update" | "destroy";
  ok: boolean;
  seconds: number;
  requests: number;
  /** Injected faults by kind. */
  faults: Record<string, number>;
  census: Census;
  /** Server configs that do not carry the revision's tool list (an update that did not land). */
  stale: number;
  /** The CLI output when the step failed. */
  output?: string;
}

/** A mix of the seed's cases: autonamed and named, managed and custom (with a secret). */
function spec(i: number, revision: number): AuthConfigArgs {
  const tools = { toolsForConnectedAccountCreation: [`TOOL_R${revision}`] };
  switch (i % 4) {
    case 0:
      return { toolkit: "github", toolAccessConfig: tools };
    case 1:
      return {
        toolkit: "notion",
        type: "use_custom_auth",
        authScheme: "OAUTH2",
        name: `notion-${i} r${revision}`,
        credentials: { client_id: `client-${i}`, client_secret: `fault-run-secret-${i}` },
        toolAccessConfig: tools,
      };
    case 2:
      return { toolkit: "hubspot", credentials: { scopes: revision ? "tickets" : "sales-email-read,tickets" }, toolAccessConfig: tools };
    default:
      return {
        toolkit: "perplexityai",
        type: "use_custom_auth",
        authScheme: "API_KEY",
        name: `perplexity-${i} r${revision}`,
        credentials: {},
        toolAccessConfig: tools,
      };
  }
}

export interface FaultRun {
  env: E2eEnv;
  composio: TestComposio;
  stack: Stack;
  close(): Promise<void>;
}

export async function startFaultRun(n: number, revision: () => number): Promise<FaultRun> {
  const composio = await startTestComposio(API_KEY);
  const env = await createE2eEnv("faults", { env: { COMPOSIO_REQUEST_TIMEOUT_MS: String(FAULT_REQUEST_TIMEOUT_MS) } });
  const stack = await env.inlineStack({
    projectName: "faults",
    program: async () => {
      for (let i = 0; i < n; i++) new AuthConfig(`fault-${i}`, spec(i, revision()));
    },
    config: { "composio:apiKey": { value: API_KEY, secret: true }, "composio:baseUrl": composio.emulator.url },
  });
  return {
    env,
    composio,
    stack,
    async close() {
      await env.cleanup();
      await composio.emulator.close();
    },
  };
}

/** The step's own write: its first two are always answered by a dropped connection after the change was stored. */
const WRITE_ROUTE = { create: "POST /auth_configs", update: "PATCH /auth_configs/{id}", destroy: "DELETE /auth_configs/{id}" };

/**
 * One step under faults on `probability` of the requests (and two certain lost answers to its writes,
 * the ambiguous case); the census is taken with faults off.
 */
export async function stepUnderFaults(
  run: FaultRun,
  step: FaultStep["step"],
  probability: number,
  seed: number,
  revision: number,
): Promise<FaultStep> {
  const { control } = run.composio;
  // The previous step's requests held by a latency fault (its client timed out and moved on) still
  // answer after this clear, into this step's log: only requests that arrived from here on are this step's.
  const since = Date.now();
  await control.clearStats();
  await control.faults({ next: 2, kinds: ["drop-after-commit"], routes: [WRITE_ROUTE[step]] });
  await control.faults({ probability, kinds: [...FAULT_KINDS], latencyMs: FAULT_LATENCY_MS, retryAfterSeconds: 1, seed });
  const started = performance.now();
  const result = await (step === "destroy" ? destroy : up)(run.stack, { allowFailure: true });
  const seconds = (performance.now() - started) / 1000;
  await control.clearFaults();
  const requests = (await control.requests()).filter((entry) => Date.parse(entry.at) >= since);
  const faults: Record<string, number> = {};
  for (const entry of requests) if (entry.fault) faults[entry.fault] = (faults[entry.fault] ?? 0) + 1;
  const tools = `TOOL_R${revision}`;
  const stale = (await run.composio.list()).filter(
    (config) => config.tool_access_config?.tools_for_connected_account_creation?.join() !== tools,
  ).length;
  return {
    step,
    ok: result.ok,
    seconds,
    requests: requests.length,
    faults,
    census: await census(async () => (await run.env.exportStack(run.stack)).deployment, run.composio),
    stale,
    ...(result.ok ? {} : { output: result.output }),
  };
}

export function describeStep(s: FaultStep): string {
  const faults = Object.entries(s.faults)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(", ");
  const injected = Object.values(s.faults).reduce((sum, count) => sum + count, 0);
  const c = s.census;
  return (
    `${s.step.padEnd(7)} ${s.ok ? "ok    " : "FAILED"} ${s.seconds.toFixed(1).padStart(6)} s  ${s.requests} requests, ${injected} faults (${faults}); ` +
    `server ${c.server}, state ${c.state}, duplicates ${c.duplicates}, orphans ${c.orphans}, missing ${c.missing}, renamed ${c.renamed}, not updated ${s.stale}`
  );
}
