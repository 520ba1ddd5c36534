/**
 * Drift from the engine's structured events of `pulumi refresh --preview-only`: for each auth config and each
 * MCP server, the inputs recorded by the last `up` (desired) against the inputs the provider's read reports (live).
 * Pure: events in, report out.
 *
 * Inputs, not outputs, are compared: outputs also move when nothing drifted (`lastUpdatedAt`,
 * `noOfConnections`), while the read only rewrites an input when the server's value really differs
 * (masked secrets never do). Secret values arrive from the engine as `[secret]` and are never
 * decrypted here, so two secrets compare equal and a secret is reported as `[secret]`.
 */
import { isDeepStrictEqual } from "node:util";
import type { EngineEvent, StepEventMetadata } from "@pulumi/pulumi/automation";
import { AUTH_CONFIG_TYPE, isBookkeepingKey, MCP_SERVER_TYPE } from "../provider/engineProtocol";

/** How the engine marks a secret value in events (the signature key and value of the wire format). */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SECRET_MASK = "[secret]";

export interface PropertyDrift {
  /** e.g. `name`, `credentials.scopes`. */
  path: string;
  /** Absent when the property was not set on that side. Secrets as `[secret]`. */
  desired?: unknown;
  live?: unknown;
}

/** One drifted resource: an auth config, or an MCP server (which has no `toolkit`). */
export interface AuthConfigDrift {
  /** The Pulumi resource name. */
  resource: string;
  urn: string;
  id?: string;
  toolkit?: string;
  /** "changed": properties differ; "deleted": the resource is gone from Composio. */
  change: "changed" | "deleted";
  properties: PropertyDrift[];
}

/** A checked config's connected accounts, as the refresh read them: what a replace or delete would cut off. */
export interface AuthConfigConnections {
  resource: string;
  id?: string;
  noOfConnections: number;
}

export interface DriftReport {
  stack: string;
  /** Auth configs the refresh looked at. */
  checked: number;
  drifted: AuthConfigDrift[];
  /** Every checked config still on the server, with its live count of connected accounts. */
  connections: AuthConfigConnections[];
  /** The MCP servers the check looked at, and those that differ; present when the stack has MCP servers. */
  mcpServers?: { checked: number; drifted: AuthConfigDrift[] };
}

/** Every drifted resource of the report: the auth configs, then the MCP servers. */
export const driftedResources = (report: DriftReport): AuthConfigDrift[] => [...report.drifted, ...(report.mcpServers?.drifted ?? [])];

/** How many resources the report looked at: auth configs and MCP servers. */
export const checkedResources = (report: DriftReport): number => report.checked + (report.mcpServers?.checked ?? 0);

/**
 * Whether the value is a secret in the engine's wire format (events; a state export, its value encrypted or, with
 * --show-secrets, in `plaintext`).
 */
export function isSecret(value: unknown): boolean {
  return value !== null && typeof value === "object" && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

/** Secrets replaced by the mask, at any depth. */
export function masked(value: unknown): unknown {
  if (isSecret(value)) return SECRET_MASK;
  if (Array.isArray(value)) return value.map(masked);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, masked(child)]));
  }
  return value;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) && !isSecret(value);

/** Leaf-level differences; objects are walked, lists and scalars compared whole. */
export function diffValues(desired: unknown, live: unknown, path = ""): PropertyDrift[] {
  if (isObject(desired) && isObject(live)) {
    const keys = [...new Set([...Object.keys(desired), ...Object.keys(live)])].sort();
    return keys.flatMap((key) => diffValues(desired[key], live[key], path === "" ? key : `${path}.${key}`));
  }
  const [d, l] = [masked(desired), masked(live)];
  if (isDeepStrictEqual(d, l)) return [];
  return [{ path, ...(d === undefined ? {} : { desired: d }), ...(l === undefined ? {} : { live: l }) }];
}

/** The program's properties: the engine's and the provider's bookkeeping (`__provider`, `__autoname`, ...) left out. */
function programInputs(inputs: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs ?? {}).filter(([key]) => !isBookkeepingKey(key)));
}

/**
 * What the report needs of one config's refresh step: the engine's step event (StepEventMetadata), or the same
 * made from the last checkpoint and a live read (driftPlan.ts). `old`: the state before, `new`: after the read.
 */
export interface RefreshStep {
  urn: string;
  op: string;
  old?: { id?: string; inputs?: Record<string, unknown> };
  new?: { id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
}

function driftOf(step: RefreshStep): AuthConfigDrift | undefined {
  const state = step.old ?? step.new;
  const base = {
    resource: step.urn.slice(step.urn.lastIndexOf("::") + 2),
    urn: step.urn,
    ...(state?.id ? { id: state.id } : {}),
    ...(typeof state?.inputs?.toolkit === "string" ? { toolkit: state.inputs.toolkit } : {}),
  };
  if (step.op === "delete") return { ...base, change: "deleted", properties: [] };
  if (step.op !== "update") return undefined;
  const marked = newlyChangedOnServer(step);
  const properties = [
    ...diffValues(programInputs(step.old?.inputs), programInputs(step.new?.inputs)).filter(
      (drift) => !marked.some((m) => m.path === drift.path),
    ),
    ...marked,
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return properties.length === 0 ? undefined : { ...base, change: "changed", properties };
}

/**
 * Hidden fields the refresh marked as changed on the server (the provider's `__changedOnServer`, path
 * to marker). Listed from there because a marker in a secret field reaches events as [secret], equal
 * to the desired [secret]. A mark the last state already had is not new drift, as for any field.
 */
function newlyChangedOnServer(step: RefreshStep): PropertyDrift[] {
  const marks = (inputs: Record<string, unknown> | undefined) => (isObject(inputs?.__changedOnServer) ? inputs.__changedOnServer : {});
  const before = marks(step.old?.inputs);
  return Object.entries(marks(step.new?.inputs))
    .filter(([path, marker]) => before[path] !== marker)
    .map(([path, marker]) => {
      const [property, ...key] = path.split(".");
      const desired = masked(step.old?.inputs?.[property!]);
      const value = desired === SECRET_MASK ? desired : isObject(desired) ? desired[key.join(".")] : undefined;
      return { path, ...(value === undefined ? {} : { desired: value }), live: marker };
    });
}

/** The auth configs' and MCP servers' last step events of a refresh preview, as a drift report. */
export function driftReport(stack: string, events: readonly EngineEvent[]): DriftReport {
  const steps = new Map<string, StepEventMetadata>();
  const serverSteps = new Map<string, StepEventMetadata>();
  for (const event of events) {
    const metadata = event.resOutputsEvent?.metadata ?? event.resourcePreEvent?.metadata;
    if (metadata?.type === AUTH_CONFIG_TYPE) steps.set(metadata.urn, metadata);
    if (metadata?.type === MCP_SERVER_TYPE) serverSteps.set(metadata.urn, metadata);
  }
  return stepsReport(stack, [...steps.values()], [...serverSteps.values()]);
}

const driftsOf = (steps: readonly RefreshStep[]) => steps.map(driftOf).filter((drift): drift is AuthConfigDrift => drift !== undefined);

/**
 * Each auth config's and each MCP server's refresh step (one per resource), as a drift report: the engine's and the
 * checkpoint's alike.
 */
export function stepsReport(stack: string, steps: readonly RefreshStep[], serverSteps: readonly RefreshStep[] = []): DriftReport {
  const drifted = driftsOf(steps);
  const connections = steps.flatMap(({ urn, new: live }): AuthConfigConnections[] =>
    typeof live?.outputs?.noOfConnections === "number"
      ? [
          {
            resource: urn.slice(urn.lastIndexOf("::") + 2),
            ...(live.id ? { id: live.id } : {}),
            noOfConnections: live.outputs.noOfConnections,
          },
        ]
      : [],
  );
  const mcpServers = serverSteps.length > 0 ? { mcpServers: { checked: serverSteps.length, drifted: driftsOf(serverSteps) } } : {};
  return { stack, checked: steps.length, drifted, connections, ...mcpServers };
}

/** How the provider names one config in an API error: `auth config ac_... (toolkit "notion")`. */
const CONFIG_IN_MESSAGE = /auth config (ac_\w+)(?: \(toolkit "[^"]*"\))?/;

/**
 * One message per cause. A refresh's reads share one listing (coalescedReads.ts), so a refused key fails every
 * config with the same answer, each in a message naming its own config: said once, naming the configs it stopped.
 */
export function oncePerCause(messages: readonly string[]): string[] {
  const groups = new Map<string, { message: string; ids: string[] }>();
  for (const message of messages) {
    const id = CONFIG_IN_MESSAGE.exec(message)?.[1];
    // Not the request id either: reads that were not coalesced got the same answer in requests of their own.
    const key = message.replace(CONFIG_IN_MESSAGE, "auth config").replace(/request id \S+?([,)])/, "request id$1");
    const group = groups.get(key);
    if (!group) groups.set(key, { message, ids: id ? [id] : [] });
    else if (id && !group.ids.includes(id)) group.ids.push(id);
  }
  return [...groups.values()].map(({ message, ids }) =>
    ids.length > 1 ? message.replace(CONFIG_IN_MESSAGE, `${ids.length} auth configs (${ids.join(", ")})`) : message,
  );
}

/** The engine's error diagnostics (the provider's own messages, e.g. an API failure), once per cause, for exit code 2. */
export function errorMessages(events: readonly EngineEvent[]): string[] {
  return oncePerCause(
    events
      .map((event) => event.diagnosticEvent)
      .filter((diagnostic) => diagnostic?.severity === "error")
      .map((diagnostic) => diagnostic!.message.trim())
      .filter((message) => message !== ""),
  );
}
