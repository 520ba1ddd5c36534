/**
 * McpServer between the program and the API, both ways, and its diff. Pure. What each field does comes from the
 * table (mcpServer.ts): `change` says what the diff compares and what replaces, `wire` where a field goes. Lists are
 * sets: the order a program (or the dashboard) writes them in is no change, and each entry is sent once.
 */
import { isDeepStrictEqual } from "node:util";
import {
  MCP_SERVER_FIELD_NAMES,
  MCP_SERVER_FIELDS,
  MCP_SERVER_OUTPUT_NAMES,
  MCP_SERVER_OUTPUTS,
  type McpServerFieldName,
  type McpServerInputs,
  type WireMcpCreateBody,
  type WireMcpServer,
  type WireMcpUpdateBody,
} from "./mcpServer";
import type { FieldSpec } from "./fields";

/** The outputs: the arguments as the server holds them, and what only the server sets. */
export type McpServerOutputs = McpServerInputs & {
  mcpServerId: string;
  mcpUrl: string;
  toolkits: string[];
  commands: WireMcpServer["commands"];
  serverInstanceCount: number;
  createdAt: string;
  updatedAt: string;
};

const fieldsWhere = (keep: (field: FieldSpec) => boolean) => MCP_SERVER_FIELD_NAMES.filter((name) => keep(MCP_SERVER_FIELDS[name]));

/** The properties the diff compares (every argument: none is state-only or read once). */
export const MCP_COMPARED_PROPERTIES = fieldsWhere((field) => field.change !== "ignored");
/** Changing these makes a new server: the API's update cannot change them. */
export const MCP_REPLACE_PROPERTIES = fieldsWhere((field) => field.change === "replaces");

/** The fields with one wire name for create, PATCH and read. */
const PLAIN_FIELDS = MCP_SERVER_FIELD_NAMES.flatMap((name) => {
  const wire: { plain?: string } | { special: string } = MCP_SERVER_FIELDS[name].wire;
  return "plain" in wire && wire.plain ? [{ name, wire: wire.plain }] : [];
});

const isList = (value: unknown): value is string[] => Array.isArray(value);
/** A list as a set: each entry once, sorted. */
const asSet = (list: readonly string[]): string[] => [...new Set(list)].sort();

/** One value in the diff's terms: lists as sets, an omission as what it means to the API ([] lists, false). */
function comparable(name: McpServerFieldName, value: unknown): unknown {
  if (value === undefined) return name === "managedAuthViaComposio" ? false : name === "name" ? undefined : [];
  return isList(value) ? asSet(value) : value;
}

export interface McpServerDiff {
  changes: boolean;
  /** The differing arguments, in the table's order. */
  changed: McpServerFieldName[];
  /** The changed ones that make a new server. */
  replaces: McpServerFieldName[];
}

/** `olds`: the previous outputs (or inputs); `news`: checked inputs. */
export function diffMcpServer(olds: Partial<McpServerInputs>, news: McpServerInputs): McpServerDiff {
  const changed = MCP_COMPARED_PROPERTIES.filter((name) => !isDeepStrictEqual(comparable(name, olds[name]), comparable(name, news[name])));
  const replaces = changed.filter((name) => MCP_REPLACE_PROPERTIES.includes(name));
  return { changes: changed.length > 0, changed, replaces };
}

/** A field's value as the wire takes it: lists once each (the API refuses repeats), an omitted list as []. */
function wireValue(name: McpServerFieldName, value: unknown): unknown {
  if (isList(value)) return [...new Set(value)];
  return value === undefined && isList(comparable(name, value)) ? [] : value;
}

/** The create body: every argument the program sets (an omitted allow-list means every tool: nothing sent). */
export function toMcpCreateBody(inputs: McpServerInputs): WireMcpCreateBody {
  const plain = PLAIN_FIELDS.filter(({ name }) => inputs[name] !== undefined).map(({ name, wire }) => [wire, wireValue(name, inputs[name])]);
  return {
    ...(Object.fromEntries(plain) as Omit<WireMcpCreateBody, "no_auth_apps">),
    ...(inputs.noAuthApps ? { no_auth_apps: [...new Set(inputs.noAuthApps)] } : {}),
  };
}

/**
 * The PATCH body: only the changed fields (the API leaves the others as they are), an omitted one as what its
 * omission means (an allow-list removed from the program is [], every tool). Undefined when nothing is to be sent.
 */
export function toMcpUpdateBody(news: McpServerInputs, changed: readonly McpServerFieldName[]): WireMcpUpdateBody | undefined {
  const sent = PLAIN_FIELDS.filter(({ name }) => changed.includes(name)).map(({ name, wire }) => [
    wire,
    wireValue(name, news[name]) ?? comparable(name, undefined),
  ]);
  return sent.length === 0 ? undefined : (Object.fromEntries(sent) as WireMcpUpdateBody);
}

/** The live list, unless it is the same set as the prior one: then the program's own order is kept. */
function sameSetOrLive(live: string[], prior: string[] | undefined): string[] {
  return prior !== undefined && isDeepStrictEqual(asSet(live), asSet(prior)) ? prior : live;
}

/**
 * The server in the program's terms: the outputs a refresh or a write records. `prior` is what the program last
 * had (previous outputs, or the inputs just sent). An omission the server holds as its meaning stays an omission
 * (no allow-list reads back [], no managed auth reads back false); NO_AUTH apps are not read back on their own, so
 * the prior ones the server's toolkits still have are kept (one removed out of band shows as a change).
 */
export function observeMcpServer(live: WireMcpServer, prior: Partial<McpServerInputs>): McpServerOutputs {
  const server = Object.fromEntries(MCP_SERVER_OUTPUT_NAMES.map((name) => [name, MCP_SERVER_OUTPUTS[name].read(live)]));
  const allowedTools = live.allowed_tools.length === 0 && prior.allowedTools === undefined ? undefined : sameSetOrLive(live.allowed_tools, prior.allowedTools);
  const observed = {
    name: live.name,
    authConfigIds: sameSetOrLive(live.auth_config_ids, prior.authConfigIds),
    allowedTools,
    noAuthApps: prior.noAuthApps?.filter((slug) => live.toolkits.includes(slug)),
    managedAuthViaComposio: !live.managed_auth_via_composio && prior.managedAuthViaComposio === undefined ? undefined : live.managed_auth_via_composio,
  } satisfies { [K in McpServerFieldName]: unknown };
  const bookkeeping = Object.fromEntries(Object.entries(prior).filter(([key]) => key.startsWith("__")));
  const defined = Object.entries({ ...observed, ...server }).filter(([, value]) => value !== undefined);
  return { ...bookkeeping, ...Object.fromEntries(defined) } as unknown as McpServerOutputs;
}

/** The input half of outputs (what a refresh writes back as the program's): outputs minus the server-set ones. */
export function mcpInputsOf(outputs: McpServerOutputs): McpServerInputs {
  return Object.fromEntries(Object.entries(outputs).filter(([key]) => !(key in MCP_SERVER_OUTPUTS))) as McpServerInputs;
}
