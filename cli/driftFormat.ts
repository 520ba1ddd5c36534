/** The drift report as people read it in a CI log, and as JSON for tools. Pure. */
import { driftedResources, type AuthConfigDrift, type DriftReport, type PropertyDrift } from "./driftReport";

const show = (value: unknown) => (value === undefined ? "(not set)" : JSON.stringify(value));

function propertyLine({ path, desired, live }: PropertyDrift): string {
  return `    ${path}: desired ${show(desired)}, live ${show(live)}`;
}

/** A drifted resource's lines: its name, id and kind (the toolkit of a config), then each property that differs. */
function driftLines(drift: AuthConfigDrift, kind: string | undefined): string[] {
  const what = [drift.id, kind].filter(Boolean).join(", ");
  if (drift.change === "deleted") return [`  - ${drift.resource} (${what}): deleted in Composio`];
  return [`  ~ ${drift.resource} (${what}):`, ...drift.properties.map(propertyLine)];
}

export function formatText(report: DriftReport): string {
  const { stack, checked, drifted, mcpServers } = report;
  // MCP servers are named only in the reports of stacks that have some: the others read as they always did.
  const andServers = (count: string | undefined) => (mcpServers ? ` and ${count} MCP server(s)` : "");
  if (driftedResources(report).length === 0) {
    return `No drift: the ${checked} auth config(s)${andServers(`${mcpServers?.checked}`)} of stack "${stack}" match the last \`pulumi up\`.\n`;
  }
  const counts = `${drifted.length} of ${checked} auth config(s)${andServers(`${mcpServers?.drifted.length} of ${mcpServers?.checked}`)}`;
  const lines = [`Drift in stack "${stack}": ${counts} differ from the last \`pulumi up\`.`];
  for (const drift of drifted) lines.push(...driftLines(drift, drift.toolkit ? `toolkit ${drift.toolkit}` : undefined));
  for (const drift of mcpServers?.drifted ?? []) lines.push(...driftLines(drift, "MCP server"));
  lines.push(
    "Run `pulumi up --refresh` to restore the program's settings (a plain `pulumi up` works from the stale state and changes nothing), or change the program to keep the live ones.",
  );
  return `${lines.join("\n")}\n`;
}

/**
 * `{ stack, drift, checked, authConfigs: [...], connections: [{ resource, id, noOfConnections }] }`, and
 * `mcpServers: { checked, drifted: [...] }` when the stack has MCP servers; absent values are left out, secrets are
 * "[secret]".
 */
export const reportDocument = (report: DriftReport) => ({
  stack: report.stack,
  drift: driftedResources(report).length > 0,
  checked: report.checked,
  authConfigs: report.drifted,
  connections: report.connections,
  ...(report.mcpServers ? { mcpServers: report.mcpServers } : {}),
});

/** `{ stack, error }` (`stack` left out when the arguments named none). */
export const errorDocument = (stack: string | undefined, message: string) => ({ ...(stack ? { stack } : {}), error: message });

/** `{ stack, busy: true, reason }`: not checked, another operation runs on the stack (exit code 3). */
export const busyDocument = (stack: string, reason: string) => ({ stack, busy: true, reason });

/** `{ stack, deployed: false, reason }`: not checked, nothing was ever deployed to compare with (exit code 4). */
export const notDeployedDocument = (stack: string, reason: string) => ({ stack, deployed: false, reason });

const json = (document: object) => `${JSON.stringify(document, null, 2)}\n`;

export const formatJson = (report: DriftReport) => json(reportDocument(report));
export const formatJsonError = (stack: string | undefined, message: string) => json(errorDocument(stack, message));
export const formatJsonBusy = (stack: string, reason: string) => json(busyDocument(stack, reason));
export const formatJsonNotDeployed = (stack: string, reason: string) => json(notDeployedDocument(stack, reason));
