/**
 * Pure summaries of the measurements: medians, ratios to the floors, the tables and the targets, each
 * target printed with the figures it was judged on.
 *
 * Three stacks run each operation: `floor`, the workload's property bags on a no-op dynamic provider
 * (the engine's floor); `shape`, AuthConfig resources (the SDK class, its property bag) served by that
 * no-op provider; `authConfig`, the real thing. floor -> shape is what the resource's shape costs in
 * Pulumi's SDK and engine; shape -> authConfig is what the provider adds.
 */
import { driftJobTable, type DriftJobResult } from "./driftJob";
import type { ProcessUsage } from "./processes";

export const STACKS = ["floor", "shape", "authConfig"] as const;
export type StackKind = (typeof STACKS)[number];

export type Operation = "create" | "refresh" | "preview" | "up, no change" | "update all" | "destroy";

/** BENCH_OPERATIONS names: the operations above, and `ratelimit` for the creates under a rate limit. */
export const OPERATION_KEYS = ["create", "refresh", "preview", "up", "update", "destroy", "ratelimit"] as const;
export type OperationKey = (typeof OPERATION_KEYS)[number];

/** BENCH_BACKENDS names: Pulumi's file backend, its PostgreSQL DIY backend. */
export const BACKENDS = ["file", "postgres"] as const;
export type Backend = (typeof BACKENDS)[number];

/** CPU seconds of one operation, by process. */
interface CpuSplit {
  /** The `pulumi` CLI (the engine) and the plugins it started, the provider excepted. */
  cli: number;
  /** This process: the inline program, the Automation API, the sampling. */
  program: number;
  /** The dynamic-provider process. */
  provider: number;
  /** The emulator (a remote API's work; not on the user's machine). */
  emulator: number;
}

export interface Sample {
  seconds: number;
  /** The dynamic-provider process. */
  usage: ProcessUsage;
  cpu: CpuSplit;
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
  samples: Record<StackKind, Sample[]>;
}

export interface StateSize {
  /** The stack's state as the backend stores it, in bytes: the file, or PostgreSQL's row (base64 in JSON). */
  bytes: number;
  /** Input properties stored per resource (mean, `__provider` included; undefined values are not stored). */
  properties: number;
  /** Length of one resource's `__provider` text, in bytes. */
  providerBytes: number;
  /** How many times that text is stored per resource (inputs and outputs). */
  providerCopies: number;
}

export interface SizeResult {
  n: number;
  toolkits: number;
  operations: OperationResult[];
  state: Record<StackKind, StateSize>;
}

export interface BackendResult {
  backend: Backend;
  sizes: SizeResult[];
  rateLimit?: RateLimitResult;
  driftJob?: DriftJobResult;
  packageCase?: PackageCaseResult;
  mcpCase?: McpCaseResult;
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

interface Target {
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

/**
 * The highest count of any run per route, toolkit look-ups left out (they are counted apart); auth-config routes by
 * their short names ("POST", "LIST") unless `fullRoutes`.
 */
function worstCalls(runs: Record<string, number>[], fullRoutes = false): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const run of runs) {
    for (const [route, count] of Object.entries(run)) {
      if (route === TOOLKIT_LOOKUP) continue;
      const name = fullRoutes ? route : (ROUTE_NAMES[route] ?? route);
      calls[name] = Math.max(calls[name] ?? 0, count);
    }
  }
  return calls;
}
const authConfigCalls = (runs: Record<string, number>[]) => worstCalls(runs);

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
const ratio = (result: OperationResult, of: StackKind, to: StackKind) => seconds(result.samples[of]) / seconds(result.samples[to]);
const times = (value: number) => `${value.toFixed(2)}x`;

/** "1.19x (shape 1.13x, provider 1.05x)": the ratio to the floor and its two factors. */
function ratioWithSplit(result: OperationResult): string {
  return `${times(ratio(result, "authConfig", "floor"))} (shape ${times(ratio(result, "shape", "floor"))}, provider ${times(ratio(result, "authConfig", "shape"))})`;
}

function timeCell(samples: Sample[]): string {
  const values = samples.map((s) => s.seconds);
  const mid = median(values).toFixed(2);
  return values.length > 1 ? `${mid} (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})` : mid;
}

/** "a / b / c" over the three stacks. */
function perStack(format: (samples: Sample[], kind: StackKind) => string, result: OperationResult): string {
  return STACKS.map((kind) => format(result.samples[kind], kind)).join(" / ");
}

function row(cells: (string | number)[]): string {
  return `| ${cells.join(" | ")} |`;
}

function table(header: string[], rows: (string | number)[][]): string {
  return [row(header), row(header.map(() => "---")), ...rows.map(row)].join("\n");
}

/** Wall times, ratios, API calls and provider memory, one row per size and operation. */
function figuresTable(sizes: SizeResult[], rateLimit?: RateLimitResult): string {
  const rows = sizes.flatMap((size) =>
    size.operations.map((result) => [
      size.n,
      result.operation,
      result.samples.authConfig.length,
      timeCell(result.samples.floor),
      timeCell(result.samples.shape),
      timeCell(result.samples.authConfig),
      ratioWithSplit(result),
      formatCalls(callsOf(result.samples.authConfig)),
      toolkitLookups(result.samples.authConfig).total,
      perStack((samples) => (Math.max(...samples.map((s) => s.usage.peakRssKiB)) / 1024).toFixed(0), result),
    ]),
  );
  if (rateLimit) {
    rows.push([
      rateLimit.n,
      `create at ${rateLimit.rps} req/s`,
      1,
      rateLimit.floorSeconds?.toFixed(2) ?? "-",
      "-",
      rateLimit.seconds.toFixed(2),
      rateLimit.floorSeconds ? times(rateLimit.seconds / rateLimit.floorSeconds) : "-",
      `${formatCalls(authConfigCalls([rateLimit.calls]))} (${rateLimit.throttled} answered 429)`,
      rateLimit.calls[TOOLKIT_LOOKUP] ?? 0,
      "",
    ]);
  }
  return table(
    [
      "N",
      "operation",
      "runs",
      "floor s",
      "same-shape floor s",
      "AuthConfig s",
      "ratio to the floor",
      "auth-config API calls",
      "toolkit look-ups",
      "provider peak RSS MiB (floor / shape / AuthConfig)",
    ],
    rows,
  );
}

/** Where the CPU goes: medians per process and stack. */
function cpuTable(sizes: SizeResult[]): string {
  const cpu = (part: keyof CpuSplit) => (samples: Sample[]) => median(samples.map((s) => s.cpu[part])).toFixed(2);
  const rows = sizes.flatMap((size) =>
    size.operations.map((result) => [
      size.n,
      result.operation,
      perStack(cpu("cli"), result),
      perStack(cpu("program"), result),
      perStack(cpu("provider"), result),
      cpu("emulator")(result.samples.authConfig),
    ]),
  );
  return table(
    ["N", "operation", "CLI (engine) CPU s", "program CPU s", "provider CPU s", "emulator CPU s (AuthConfig)"].map((h, i) =>
      i >= 2 && i <= 4 ? `${h} (floor / shape / AuthConfig)` : h,
    ),
    rows,
  );
}

/** State size per stack and size, measured after the create. */
function stateTable(sizes: SizeResult[]): string {
  const each = (state: Record<StackKind, StateSize>, format: (s: StateSize) => string | number) =>
    STACKS.map((kind) => format(state[kind])).join(" / ");
  const copies = (s: StateSize) => (s.providerCopies > 1 ? ` ×${s.providerCopies}` : "");
  const rows = sizes.map(({ n, state }) => [
    n,
    each(state, (s) => s.bytes),
    each(state, (s) => Math.round(s.bytes / n)),
    each(state, (s) => s.properties.toFixed(1)),
    each(state, (s) => `${s.providerBytes}${copies(s)}`),
  ]);
  return table(
    ["N", "state bytes", "bytes per resource", "stored input properties per resource", "`__provider` bytes per resource"].map((h, i) =>
      i ? `${h} (floor / shape / AuthConfig)` : h,
    ),
    rows,
  );
}

function find(size: SizeResult, operation: Operation): OperationResult {
  return size.operations.find((r) => r.operation === operation)!;
}

/**
 * Each target with the figures it was judged on, for every size that ran its operation (BENCH_OPERATIONS
 * may leave some out; a target no size ran is not listed).
 */
function targets(sizes: SizeResult[], rateLimit?: RateLimitResult): Target[] {
  const ran = (operation: Operation) => sizes.filter((size) => size.operations.some((r) => r.operation === operation));
  const each = (judge: (size: SizeResult) => { met: boolean; figures: string }, on: SizeResult[] = sizes) => {
    const judged = on.map((size) => ({ n: size.n, ...judge(size) }));
    return { met: judged.every((j) => j.met), figures: judged.map((j) => `N=${j.n}: ${j.figures}`).join("; "), judged: judged.length };
  };
  const noChange = (operation: Operation) =>
    each((size) => {
      const result = find(size, operation);
      // Every API call counts here, toolkit look-ups included.
      const calls = totalCalls(callsOf(result.samples.authConfig)) + toolkitLookups(result.samples.authConfig).total;
      return { met: ratio(result, "authConfig", "floor") <= 1.1 && calls === 0, figures: `${ratioWithSplit(result)}, ${calls} calls` };
    }, ran(operation));
  const list: (Target & { judged?: number })[] = [
    { text: "preview with no change within 1.10x the floor and 0 API calls", ...noChange("preview") },
    { text: "up with no change within 1.10x the floor and 0 API calls", ...noChange("up, no change") },
    {
      text: "create: 1 POST plus at most 1 GET per config",
      ...each((size) => {
        const calls = callsOf(find(size, "create").samples.authConfig);
        const { POST = 0, GET = 0 } = calls;
        return { met: POST === size.n && GET <= size.n && totalCalls(calls) === POST + GET, figures: formatCalls(calls) };
      }, ran("create")),
    },
    {
      text: "refresh: one listing request per 200 configs (none is missing here, so no GET)",
      ...each((size) => {
        const calls = callsOf(find(size, "refresh").samples.authConfig);
        const lists = calls.LIST ?? 0;
        return { met: lists <= Math.ceil(size.n / 200) && totalCalls(calls) === lists, figures: formatCalls(calls) };
      }, ran("refresh")),
    },
    {
      text: "toolkit look-ups: at most one per toolkit per run",
      ...each((size) => {
        const worst = toolkitLookups(size.operations.flatMap((r) => r.samples.authConfig));
        return {
          met: worst.perToolkit <= 1,
          figures: `at most ${worst.total} per run over ${size.toolkits} toolkits, at most ${worst.perToolkit} for one toolkit`,
        };
      }),
    },
    {
      text: "`__provider` under 2 KB (2,048 bytes)",
      ...each(({ state }) => ({ met: state.authConfig.providerBytes < 2048, figures: `${state.authConfig.providerBytes} bytes` })),
    },
  ];
  if (rateLimit) {
    list.push({
      // Each create is a POST and the read-back that records its baseline: the limit alone takes 2n/rps.
      text: `${rateLimit.n} creates under a ${rateLimit.rps} req/s rate limit within 1.2x the limit's own ${(2 * rateLimit.n) / rateLimit.rps} s`,
      met: rateLimit.seconds < 1.2 * ((2 * rateLimit.n) / rateLimit.rps),
      figures:
        `${rateLimit.seconds.toFixed(2)} s, ${totalCalls(rateLimit.calls)} requests, ${rateLimit.throttled} answered 429` +
        (rateLimit.requestWindow
          ? `, answered from +${rateLimit.requestWindow[0].toFixed(1)} s to +${rateLimit.requestWindow[1].toFixed(1)} s`
          : "") +
        (rateLimit.floorSeconds ? `; the floor's ${rateLimit.n} creates without a limit: ${rateLimit.floorSeconds.toFixed(2)} s` : ""),
    });
  }
  return list.filter((t) => t.judged !== 0).map(({ met, text, figures }) => ({ met, text, figures }));
}

function targetLines(list: Target[]): string {
  return list.map((t) => `- ${t.met ? "met   " : "MISSED"}  ${t.text}: ${t.figures}`).join("\n");
}

/** The dynamic provider vs package case (packageCase.ts): the floor, AuthConfig, the `composio` plugin's resource. */
export const PACKAGE_STACKS = ["floor", "dynamic", "package"] as const;
export type PackageStack = (typeof PACKAGE_STACKS)[number];

const STACK_NAMES: Record<PackageStack, string> = {
  floor: "floor (no-op dynamic)",
  dynamic: "AuthConfig (dynamic provider)",
  package: "composio package (plugin)",
};

export interface PackageState {
  /** `pulumi stack export`'s text. */
  exportBytes: number;
  /** What the backend stores and rewrites after each step (the file, or PostgreSQL's row). */
  storedBytes: number;
  /** One config's entry in the export (compact JSON), mean over the N. */
  resourceBytes: number;
  /** Of which the `__provider` text, inputs and outputs together. */
  providerBytes: number;
}

/** One operation of a case (stackCase.ts): the samples of each of its stacks. */
export interface CaseOperation<K extends string> {
  operation: Operation;
  samples: Record<K, Sample[]>;
}

type PackageOperation = CaseOperation<PackageStack>;

export interface PackageCaseResult {
  n: number;
  operations: PackageOperation[];
  state: Record<PackageStack, PackageState>;
}

const medianRatio = (a: Sample[], b: Sample[]) => `${(median(a.map((s) => s.seconds)) / median(b.map((s) => s.seconds))).toFixed(2)}x`;

/** Times, API calls and the provider process, one row per operation; then the state sizes. Pure. */
function packageTables(result: PackageCaseResult): string {
  const { n, operations, state } = result;
  const perStack = (format: (samples: Sample[]) => string, op: PackageOperation) =>
    PACKAGE_STACKS.map((kind) => format(op.samples[kind])).join(" / ");
  const calls = (samples: Sample[]) => {
    const lookups = Math.max(0, ...samples.map((s) => s.calls[TOOLKIT_LOOKUP] ?? 0));
    return `${formatCalls(callsOf(samples))}${lookups ? ` + ${lookups} toolkit` : ""}`;
  };
  const rss = (samples: Sample[]) => (Math.max(0, ...samples.map((s) => s.usage.peakRssKiB)) / 1024).toFixed(0);
  const cpu = (part: "cli" | "provider") => (samples: Sample[]) => median(samples.map((s) => s.cpu[part])).toFixed(2);
  const times = table(
    [
      `N=${n}`,
      "runs",
      ...PACKAGE_STACKS.map((kind) => `${STACK_NAMES[kind]} s`),
      "package / dynamic",
      "dynamic / floor",
      "package / floor",
      "API calls (dynamic / package)",
      "CLI CPU s (floor / dynamic / package)",
      "provider CPU s (floor / dynamic / package)",
      "provider peak RSS MiB (floor / dynamic / package)",
    ],
    operations.map((op) => {
      const { floor, dynamic, package: pkg } = op.samples;
      return [
        op.operation,
        pkg.length,
        timeCell(floor),
        timeCell(dynamic),
        timeCell(pkg),
        medianRatio(pkg, dynamic),
        medianRatio(dynamic, floor),
        medianRatio(pkg, floor),
        `${calls(dynamic)} / ${calls(pkg)}`,
        perStack(cpu("cli"), op),
        perStack(cpu("provider"), op),
        perStack(rss, op),
      ];
    }),
  );
  const sizes = table(
    [
      `N=${n}`,
      "`pulumi stack export` bytes",
      "export bytes per config",
      "stored bytes (what each step rewrites)",
      "one config's entry, bytes",
      "of which `__provider`",
    ],
    PACKAGE_STACKS.map((kind) => {
      const s = state[kind];
      return [
        STACK_NAMES[kind],
        s.exportBytes,
        Math.round(s.exportBytes / n),
        s.storedBytes,
        Math.round(s.resourceBytes),
        Math.round(s.providerBytes),
      ];
    }),
  );
  return [
    `Dynamic provider vs package (\`BENCH_PACKAGE=${n}\`): the same specs, each host's own stack, beside the floor.`,
    "",
    times,
    "",
    sizes,
  ].join("\n");
}

/** The MCP case (mcpCase.ts): N auth configs and N MCP servers over them, beside the same 2N bags on the floor. */
export const MCP_STACKS = ["floor", "mcpServer"] as const;
export type McpStack = (typeof MCP_STACKS)[number];

export interface McpCaseResult {
  /** Servers (and auth configs, one each). */
  n: number;
  operations: CaseOperation<McpStack>[];
}

/** Every route the MCP stack called in the worst run of `operation` ("GET /mcp/servers": 1), toolkit look-ups apart. */
function mcpRoutes(result: McpCaseResult, operation: Operation): Record<string, number> | undefined {
  const op = result.operations.find((o) => o.operation === operation);
  return (
    op &&
    worstCalls(
      op.samples.mcpServer.map((s) => s.calls),
      true,
    )
  );
}

const LISTINGS = ["GET /auth_configs", "GET /mcp/servers"];

/** The MCP case's targets, for the operations it ran. Pure. */
export function mcpTargets(result: McpCaseResult): Target[] {
  const list: Target[] = [];
  const { n } = result;
  const create = mcpRoutes(result, "create");
  if (create) {
    const { "POST /mcp/servers": servers = 0, "POST /auth_configs": configs = 0, "GET /auth_configs/{id}": reads = 0 } = create;
    list.push({
      // The reads: each config's read-back after its create, and the server's check that its config exists.
      text: "create: 1 POST per server and per auth config, at most 2 GETs per auth config (its read-back, the server's check of its id)",
      met: servers === n && configs === n && reads <= 2 * n && totalCalls(create) === servers + configs + reads,
      figures: formatCalls(create),
    });
  }
  const refresh = mcpRoutes(result, "refresh");
  if (refresh) {
    const lists = LISTINGS.reduce((sum, route) => sum + (refresh[route] ?? 0), 0);
    list.push({
      text: `refresh: listing requests only (${LISTINGS.join(", ")}), one page of 200 at most per ${n} resources of a kind`,
      met: totalCalls(refresh) === lists && LISTINGS.every((route) => (refresh[route] ?? 0) <= Math.ceil(n / 200)),
      figures: formatCalls(refresh),
    });
  }
  for (const operation of ["preview", "up, no change"] as const) {
    const op = result.operations.find((o) => o.operation === operation);
    if (!op) continue;
    const samples = op.samples.mcpServer;
    const calls = totalCalls(worstCalls(samples.map((s) => s.calls))) + toolkitLookups(samples).total;
    const toFloor = seconds(samples) / seconds(op.samples.floor);
    list.push({
      text: `${operation === "preview" ? "preview" : "up"} with no change within 1.10x the floor and 0 API calls`,
      met: toFloor <= 1.1 && calls === 0,
      figures: `${times(toFloor)}, ${calls} calls`,
    });
  }
  return list;
}

/** Times, API calls by route, CPU and the provider process, one row per operation. Pure. */
function mcpTable(result: McpCaseResult): string {
  const perStack = (format: (samples: Sample[]) => string, op: CaseOperation<McpStack>) =>
    MCP_STACKS.map((kind) => format(op.samples[kind])).join(" / ");
  const cpu = (part: "cli" | "provider") => (samples: Sample[]) => median(samples.map((s) => s.cpu[part])).toFixed(2);
  const rss = (samples: Sample[]) => (Math.max(0, ...samples.map((s) => s.usage.peakRssKiB)) / 1024).toFixed(0);
  return table(
    [
      `N=${result.n}`,
      "runs",
      "floor s",
      "AuthConfig + McpServer s",
      "ratio to the floor",
      "API calls (worst run)",
      "CLI CPU s (floor / McpServer)",
      "provider CPU s (floor / McpServer)",
      "provider peak RSS MiB (floor / McpServer)",
    ],
    result.operations.map((op) => {
      const lookups = toolkitLookups(op.samples.mcpServer).total;
      return [
        op.operation,
        op.samples.mcpServer.length,
        timeCell(op.samples.floor),
        timeCell(op.samples.mcpServer),
        medianRatio(op.samples.mcpServer, op.samples.floor),
        `${formatCalls(
          worstCalls(
            op.samples.mcpServer.map((s) => s.calls),
            true,
          ),
        )}${lookups ? ` + ${lookups} toolkit` : ""}`,
        perStack(cpu("cli"), op),
        perStack(cpu("provider"), op),
        perStack(rss, op),
      ];
    }),
  );
}

function mcpSection(result: McpCaseResult): string {
  return [
    `MCP servers (\`BENCH_MCP=${result.n}\`): ${result.n} auth configs and ${result.n} McpServers over them (one each, an allow-list of one tool), ` +
      `beside the same ${2 * result.n} property bags on the no-op provider.`,
    "",
    mcpTable(result),
    "",
    "MCP targets:",
    targetLines(mcpTargets(result)),
  ].join("\n");
}

const BACKEND_NAMES: Record<Backend, string> = { file: "File backend (`file://`)", postgres: "PostgreSQL backend (`postgres://`)" };

/** One backend's tables and targets, under a heading naming it. */
export function backendSection({ backend, sizes, rateLimit, driftJob, packageCase, mcpCase }: BackendResult): string {
  const list = targets(sizes, rateLimit);
  return [
    `## ${BACKEND_NAMES[backend]}`,
    "",
    // BENCH_SIZES=0 runs none of the sizes: no tables for them.
    ...(sizes.length ? [figuresTable(sizes, rateLimit), "", cpuTable(sizes), "", stateTable(sizes), ""] : []),
    ...(driftJob ? [driftJobTable(driftJob), ""] : []),
    ...(packageCase ? [packageTables(packageCase), ""] : []),
    ...(mcpCase ? [mcpSection(mcpCase), ""] : []),
    ...(list.length ? ["Targets:", targetLines(list), ""] : []),
  ].join("\n");
}
