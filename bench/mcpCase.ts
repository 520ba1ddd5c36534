/**
 * MCP servers (issue 22): N auth configs and N `McpServer`s over them (one server per config, its toolkit's first
 * tool allowed) through the dynamic provider, beside the floor: the same 2N property bags on the no-op provider,
 * each server's bag given its config's id, so the engine orders the same dependencies. Create, refresh (served by
 * the two listings), no-change preview and up, destroy.
 */
import { mcpFloorProgram, mcpServerProgram, mcpSpecs } from "./workload";
import { MCP_STACKS, type McpCaseResult, type OperationKey } from "./report";
import { parseCaseSize, runStackCase, type CaseHarness } from "./stackCase";

/** `BENCH_MCP`: the number of servers (and auth configs), or "0" to skip the case. */
export const parseMcpSize = (text: string): number | undefined => parseCaseSize("BENCH_MCP", "MCP servers", text);

export async function benchMcp(
  harness: CaseHarness,
  n: number,
  selected: (key: OperationKey) => boolean,
  runs: number,
  log: (line: string) => void,
): Promise<McpCaseResult> {
  const specs = mcpSpecs(n);
  const operations = await runStackCase(
    harness,
    {
      label: "mcp",
      n,
      kinds: MCP_STACKS,
      programs: () => ({ floor: mcpFloorProgram(specs), mcpServer: mcpServerProgram(specs) }),
      resources: 2 * n + 1, // the configs, the servers and the stack
    },
    selected,
    runs,
    log,
  );
  return { n, operations };
}
