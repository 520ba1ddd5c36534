/**
 * composio-drift's MCP servers, without I/O: the checkpoint's McpServer resources read against their live form with
 * the provider's own refresh (core/mcpServerMapping.ts refreshedMcpServer), reported beside the auth configs in text
 * and JSON; a stack without servers reports as before; the engine path (--engine) reads the servers' refresh steps.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { checked } from "../../cli/driftJob";
import { formatJson, formatText } from "../../cli/driftFormat";
import { checkpointMcpServers, checkpointReport, configReads, type ExportedState } from "../../cli/driftPlan";
import { driftReport } from "../../cli/driftReport";
import type { WireMcpServer } from "../../provider/core/mcpServer";
import { observeMcpServer, type McpServerOutputs } from "../../provider/core/mcpServerMapping";
import { MCP_SERVER_TYPE } from "../../provider/engineProtocol";

const ID = "3f0c8f9e-4a7b-4c1d-9e2f-0a1b2c3d4e5f";
const URN = `urn:pulumi:dev::p::${MCP_SERVER_TYPE}::agent`;
const ALLOWED = ["GITHUB_CREATE_AN_ISSUE", "GITHUB_LIST_REPOSITORY_ISSUES"];

function liveServer(changes: Partial<WireMcpServer> = {}): WireMcpServer {
  const url = `https://backend.composio.dev/v3/mcp/${ID}`;
  return {
    id: ID,
    name: "github-agent",
    auth_config_ids: ["ac_github1"],
    allowed_tools: ALLOWED,
    toolkits: ["github"],
    commands: { claude: `npx claude ${url}`, cursor: `npx cursor ${url}`, windsurf: `npx windsurf ${url}` },
    mcp_url: url,
    managed_auth_via_composio: false,
    server_instance_count: 0,
    created_at: "2026-12-07T09:00:00.000Z",
    updated_at: "2026-12-07T09:00:00.000Z",
    ...changes,
  };
}

/** The server as `up` left it in state (the program's inputs, the outputs its create answered). */
function exported(): ExportedState {
  const inputs = { name: "github-agent", authConfigIds: ["ac_github1"], allowedTools: ALLOWED, __resourceName: "agent" };
  const outputs: McpServerOutputs = observeMcpServer(liveServer(), inputs);
  return {
    deployment: {
      resources: [
        { urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev", type: "pulumi:pulumi:Stack" },
        { urn: URN, type: MCP_SERVER_TYPE, id: ID, inputs, outputs },
      ],
    },
  };
}

const reportWith = (live: WireMcpServer | undefined) => {
  const servers = checkpointMcpServers(exported());
  return checkpointReport("dev", [], configReads([], new Map()), servers, new Map([[ID, live]]));
};

test("the checkpoint's MCP servers are its McpServer resources", () => {
  expect(checkpointMcpServers(exported()).map(({ urn, id }) => ({ urn, id }))).toEqual([{ urn: URN, id: ID }]);
});

test("a tool added in the dashboard is drift of allowedTools, desired and live, in text and JSON", () => {
  const report = reportWith(liveServer({ allowed_tools: [...ALLOWED, "GITHUB_STAR_A_REPOSITORY"] }));
  expect(checked(report).result).toBe("drift");
  const drift = { path: "allowedTools", desired: ALLOWED, live: [...ALLOWED, "GITHUB_STAR_A_REPOSITORY"] };
  expect(report.mcpServers).toEqual({
    checked: 1,
    drifted: [{ resource: "agent", urn: URN, id: ID, change: "changed", properties: [drift] }],
  });

  const text = formatText(report);
  expect(text).toContain('Drift in stack "dev": 0 of 0 auth config(s) and 1 of 1 MCP server(s) differ from the last `pulumi up`.');
  expect(text).toContain(`  ~ agent (${ID}, MCP server):\n`);
  expect(text).toContain(`    allowedTools: desired ${JSON.stringify(ALLOWED)}, live ${JSON.stringify(drift.live)}\n`);
  expect(JSON.parse(formatJson(report))).toMatchObject({ drift: true, mcpServers: { checked: 1, drifted: [{ properties: [drift] }] } });
});

test("the same tools in another order, and server-set outputs that moved, are no drift", () => {
  const report = reportWith(liveServer({ allowed_tools: [...ALLOWED].reverse(), updated_at: "2026-12-07T10:00:00.000Z" }));
  expect(report.mcpServers).toEqual({ checked: 1, drifted: [] });
  expect(checked(report).result).toBe("clean");
  expect(formatText(report)).toBe('No drift: the 0 auth config(s) and 1 MCP server(s) of stack "dev" match the last `pulumi up`.\n');
});

test("a server deleted in the dashboard is reported deleted", () => {
  const report = reportWith(undefined);
  expect(report.mcpServers?.drifted).toEqual([{ resource: "agent", urn: URN, id: ID, change: "deleted", properties: [] }]);
  expect(formatText(report)).toContain(`  - agent (${ID}, MCP server): deleted in Composio`);
});

test("a stack without MCP servers reports as before: no mcpServers in the report or its JSON", () => {
  const report = checkpointReport("dev", [], configReads([], new Map()));
  expect(report).not.toHaveProperty("mcpServers");
  expect(JSON.parse(formatJson(report))).not.toHaveProperty("mcpServers");
  expect(formatText(report)).toBe('No drift: the 0 auth config(s) of stack "dev" match the last `pulumi up`.\n');
});

test("--engine's report has the MCP servers' refresh steps too", () => {
  const state = (allowedTools: string[]) => ({ type: MCP_SERVER_TYPE, urn: URN, id: ID, inputs: { name: "github-agent", allowedTools } });
  const metadata = { op: "update", urn: URN, type: MCP_SERVER_TYPE, provider: "", old: state(ALLOWED), new: state([...ALLOWED, "X"]) };
  const event = { sequence: 1, timestamp: 0, resOutputsEvent: { metadata } } as unknown as EngineEvent;
  expect(driftReport("dev", [event]).mcpServers).toEqual({
    checked: 1,
    drifted: [
      {
        resource: "agent",
        urn: URN,
        id: ID,
        change: "changed",
        properties: [{ path: "allowedTools", desired: ALLOWED, live: [...ALLOWED, "X"] }],
      },
    ],
  });
});
