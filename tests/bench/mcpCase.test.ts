/**
 * The benchmark's pure parts for the MCP case: its knob, the servers it declares, and how its targets judge the
 * figures (refresh by the two listings only, no-change runs with no API call within 1.10x the floor).
 */
import { parseMcpSize } from "../../bench/mcpCase";
import { mcpTargets, type CaseOperation, type McpStack, type Operation, type Sample } from "../../bench/report";
import { mcpSpecs } from "../../bench/workload";

const sample = (seconds: number, calls: Record<string, number> = {}): Sample => ({
  seconds,
  usage: { processes: 1, peakRssKiB: 150 * 1024, cpuSeconds: 1 },
  cpu: { cli: 1, program: 1, provider: 1, emulator: 0 },
  calls,
  toolkitLookups: {},
});

/** One operation whose every run of the MCP stack took `seconds` with `calls`, the floor's 1 s. */
const operation = (op: Operation, seconds: number, calls: Record<string, number> = {}): CaseOperation<McpStack> => ({
  operation: op,
  samples: {
    floor: [sample(1), sample(1), sample(1)],
    mcpServer: [sample(seconds, calls), sample(seconds, calls), sample(seconds, calls)],
  },
});

const judged = (operations: CaseOperation<McpStack>[]) =>
  Object.fromEntries(mcpTargets({ n: 50, operations }).map((t) => [t.text.split(":")[0].split(" with")[0], t.met]));

test("BENCH_MCP is a number of servers, 0 skips the case, anything else fails naming the knob", () => {
  expect(parseMcpSize("50")).toBe(50);
  expect(parseMcpSize("0")).toBeUndefined();
  for (const bad of ["yes", "-1", ""]) expect(() => parseMcpSize(bad)).toThrow(/BENCH_MCP must be the number of MCP servers/);
});

test("one server per auth config, each allowed one tool of its config's toolkit", () => {
  const specs = mcpSpecs(10);
  expect(specs.map((s) => s.name)).toEqual(Array.from({ length: 10 }, (_, i) => `mcp-${i}`));
  expect(new Set(specs.map((s) => s.authConfig.name)).size).toBe(10);
  for (const { authConfig, allowedTools } of specs) {
    expect(allowedTools).toHaveLength(1);
    expect(allowedTools[0].startsWith(String(authConfig.args.toolkit).toUpperCase())).toBe(true);
  }
});

test("the targets: create one POST per resource and no call beyond its reads, refresh by the two listings only, no-change runs with no call within 1.10x", () => {
  const met = judged([
    operation("create", 3, { "POST /auth_configs": 50, "GET /auth_configs/{id}": 100, "POST /mcp/servers": 50 }),
    operation("refresh", 1.3, { "GET /auth_configs": 1, "GET /mcp/servers": 1 }),
    operation("preview", 1.05),
    operation("up, no change", 1.1),
  ]);
  expect(met).toEqual({ create: true, refresh: true, preview: true, up: true });

  const missed = judged([
    operation("create", 3, { "POST /auth_configs": 50, "GET /auth_configs/{id}": 100, "POST /mcp/servers": 50, "GET /mcp/servers": 1 }),
    // A server read one by one is not a listing.
    operation("refresh", 1.3, { "GET /auth_configs": 1, "GET /mcp/servers": 1, "GET /mcp/{id}": 1 }),
    operation("preview", 1.05, { "GET /mcp/servers": 1 }),
    operation("up, no change", 1.2),
  ]);
  expect(missed).toEqual({ create: false, refresh: false, preview: false, up: false });
});

test("a target is judged only for the operations that ran", () => {
  expect(judged([operation("create", 3, { "POST /auth_configs": 50, "POST /mcp/servers": 50 })])).toEqual({ create: true });
});
