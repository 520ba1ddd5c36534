/**
 * Pure summaries of the measurements: medians, ratios to the floor, the figures table and the targets,
 * each target printed with the figures it was judged on.
 */
import type { ProcessUsage } from "./providerProcess";

export const OPERATIONS = ["create", "refresh", "preview", "up, no change", "update all", "destroy"] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface Sample {
  seconds: number;
  usage: ProcessUsage;
  /** The emulator's counters for the operation: `"<METHOD> <route>"` -> requests. */
  calls: Record<string, number>;
  /** Toolkit look-ups by slug. */
  toolkitLookups: Record<string, number>;
  /** When the first and the last API request were answered, in seconds after the operation began. */
  requestWindow?: [number, number];
}

export interface OperationResult {
  operation: Operation;
  n: number;
  floor: Sample[];
  authConfig: Sample[];
}

export interface StateSize {
  /** The stack's state file on the file backend, in bytes. */
  fileBytes: number;
  /** Length of one resource's `__provider` text, in bytes. */
  providerBytes: number;
  /** How many times that text is stored per resource (inputs and outputs). */
  providerCopies: number;
}

export interface SizeResult {
  n: number;
  toolkits: number;
  operations: OperationResult[];
  state: { floor: StateSize; authConfig: StateSize };
}

export interface RateLimitResult {
  n: number;
  rps: number;
  seconds: number;
  calls: Record<string, number>;
  /** Requests answered 429. */
  throttled: number;
  requestWindow?: [number, number];
  floorSeconds?: number;
}

export interface Target {
  met: boolean;
  text: string;
  figures: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const ROUTE_NAMES: Record<string, string> = {
  "POST /auth_configs": "POST",
  "GET /auth_configs/{id}": "GET",
  "GET /auth_configs": "LIST",
  "PATCH /auth_configs/{id}": "PATCH",
  "PATCH /auth_configs/{id}/{status}": "PATCH status",
  "DELETE /auth_configs/{id}": "DELETE",
};
const TOOLKIT_LOOKUP = "GET /toolkits/{slug}";

/** Auth-config calls only (toolkit look-ups are counted apart), the highest count of any run per route. */
export function authConfigCalls(runs: Record<string, number>[]): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const run of runs) {
    for (const [route, count] of Object.entries(run)) {
      if (route === TOOLKIT_LOOKUP) continue;
      const name = ROUTE_NAMES[route] ?? route;
      calls[name] = Math.max(calls[name] ?? 0, count);
    }
  }
  return calls;
}

const callsOf = (samples: Sample[]) => authConfigCalls(samples.map((s) => s.calls));

function totalCalls(calls: Record<string, number>): number {
  return Object.values(calls).reduce((sum, count) => sum + count, 0);
}

function formatCalls(calls: Record<string, number>): string {
  const entries = Object.entries(calls).filter(([, count]) => count > 0);
  return entries.length ? entries.map(([name, count]) => `${count} ${name}`).join(", ") : "0";
}

/** Toolkit look-ups of the worst run: the total and the most for any one toolkit. */
function toolkitLookups(samples: Sample[]): { total: number; perToolkit: number } {
  const totals = samples.map((s) => Object.values(s.toolkitLookups));
  return {
    total: Math.max(0, ...totals.map((counts) => counts.reduce((a, b) => a + b, 0))),
    perToolkit: Math.max(0, ...totals.flat()),
  };
}

const seconds = (samples: Sample[]) => median(samples.map((s) => s.seconds));
const ratio = (result: OperationResult) => seconds(result.authConfig) / seconds(result.floor);
const mib = (kib: number) => (kib / 1024).toFixed(0);

function timeCell(samples: Sample[]): string {
  const values = samples.map((s) => s.seconds);
  const mid = median(values).toFixed(2);
  return values.length > 1 ? `${mid} (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})` : mid;
}

function row(cells: (string | number)[]): string {
  return `| ${cells.join(" | ")} |`;
}

/** The figures, one row per size and operation, as a Markdown table. */
export function figuresTable(sizes: SizeResult[], rateLimit?: RateLimitResult): string {
  const lines = [
    row(["N", "operation", "runs", "floor s", "AuthConfig s", "ratio", "auth-config API calls", "toolkit look-ups", "provider peak RSS MiB (floor / AuthConfig)", "provider CPU s (floor / AuthConfig)"]),
    row(Array(10).fill("---")),
  ];
  for (const size of sizes) {
    for (const result of size.operations) {
      const lookups = toolkitLookups(result.authConfig);
      lines.push(
        row([
          size.n,
          result.operation,
          result.authConfig.length,
          timeCell(result.floor),
          timeCell(result.authConfig),
          `${ratio(result).toFixed(2)}x`,
          formatCalls(callsOf(result.authConfig)),
          lookups.total,
          `${mib(Math.max(...result.floor.map((s) => s.usage.peakRssKiB)))} / ${mib(Math.max(...result.authConfig.map((s) => s.usage.peakRssKiB)))}`,
          `${median(result.floor.map((s) => s.usage.cpuSeconds)).toFixed(2)} / ${median(result.authConfig.map((s) => s.usage.cpuSeconds)).toFixed(2)}`,
        ]),
      );
    }
  }
  if (rateLimit) {
    lines.push(
      row([
        rateLimit.n,
        `create at ${rateLimit.rps} req/s`,
        1,
        rateLimit.floorSeconds?.toFixed(2) ?? "-",
        rateLimit.seconds.toFixed(2),
        rateLimit.floorSeconds ? `${(rateLimit.seconds / rateLimit.floorSeconds).toFixed(2)}x` : "-",
        `${formatCalls(authConfigCalls([rateLimit.calls]))} (${rateLimit.throttled} answered 429)`,
        "",
        "",
        "",
      ]),
    );
  }
  return lines.join("\n");
}

/** State size per stack and size. */
export function stateTable(sizes: SizeResult[]): string {
  const lines = [row(["N", "state file bytes (floor / AuthConfig)", "bytes per resource (floor / AuthConfig)", "`__provider` bytes per resource (floor / AuthConfig)"]), row(Array(4).fill("---"))];
  for (const { n, state } of sizes) {
    const copies = (s: StateSize) => (s.providerCopies > 1 ? ` ×${s.providerCopies}` : "");
    lines.push(
      row([
        n,
        `${state.floor.fileBytes} / ${state.authConfig.fileBytes}`,
        `${Math.round(state.floor.fileBytes / n)} / ${Math.round(state.authConfig.fileBytes / n)}`,
        `${state.floor.providerBytes}${copies(state.floor)} / ${state.authConfig.providerBytes}${copies(state.authConfig)}`,
      ]),
    );
  }
  return lines.join("\n");
}

function find(size: SizeResult, operation: Operation): OperationResult {
  return size.operations.find((r) => r.operation === operation)!;
}

/** Each target with the figures it was judged on, for every size. */
export function targets(sizes: SizeResult[], rateLimit?: RateLimitResult): Target[] {
  const each = (judge: (size: SizeResult) => { met: boolean; figures: string }) => {
    const judged = sizes.map((size) => ({ n: size.n, ...judge(size) }));
    return { met: judged.every((j) => j.met), figures: judged.map((j) => `N=${j.n}: ${j.figures}`).join("; ") };
  };
  const noChange = (operation: Operation) =>
    each((size) => {
      const result = find(size, operation);
      // Every API call counts here, toolkit look-ups included.
      const calls = totalCalls(callsOf(result.authConfig)) + toolkitLookups(result.authConfig).total;
      return { met: ratio(result) <= 1.1 && calls === 0, figures: `${ratio(result).toFixed(2)}x, ${calls} calls` };
    });
  const list: Target[] = [
    { text: "preview with no change within 1.10x the floor and 0 API calls", ...noChange("preview") },
    { text: "up with no change within 1.10x the floor and 0 API calls", ...noChange("up, no change") },
    {
      text: "create: 1 POST plus at most 1 GET per config",
      ...each((size) => {
        const calls = callsOf(find(size, "create").authConfig);
        const { POST = 0, GET = 0 } = calls;
        return { met: POST === size.n && GET <= size.n && totalCalls(calls) === POST + GET, figures: formatCalls(calls) };
      }),
    },
    {
      text: "refresh: at most 1 GET per config",
      ...each((size) => {
        const calls = callsOf(find(size, "refresh").authConfig);
        return { met: (calls.GET ?? 0) <= size.n && totalCalls(calls) === (calls.GET ?? 0), figures: formatCalls(calls) };
      }),
    },
    {
      text: "toolkit look-ups: at most one per toolkit per run",
      ...each((size) => {
        const worst = toolkitLookups(size.operations.flatMap((r) => r.authConfig));
        return { met: worst.perToolkit <= 1, figures: `at most ${worst.total} per run over ${size.toolkits} toolkits, at most ${worst.perToolkit} for one toolkit` };
      }),
    },
    {
      text: "`__provider` under 2 KB (2,048 bytes)",
      ...each(({ state }) => ({ met: state.authConfig.providerBytes < 2048, figures: `${state.authConfig.providerBytes} bytes` })),
    },
  ];
  if (rateLimit) {
    list.push({
      text: `${rateLimit.n} creates under a ${rateLimit.rps} req/s rate limit in under 12 s`,
      met: rateLimit.seconds < 12,
      figures:
        `${rateLimit.seconds.toFixed(2)} s, ${totalCalls(rateLimit.calls)} requests, ${rateLimit.throttled} answered 429` +
        (rateLimit.requestWindow ? `, answered from +${rateLimit.requestWindow[0].toFixed(1)} s to +${rateLimit.requestWindow[1].toFixed(1)} s` : ""),
    });
  }
  return list;
}

export function targetLines(list: Target[]): string {
  return list.map((t) => `- ${t.met ? "met   " : "MISSED"}  ${t.text}: ${t.figures}`).join("\n");
}
