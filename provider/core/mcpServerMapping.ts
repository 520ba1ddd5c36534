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
const MCP_COMPARED_PROPERTIES = fieldsWhere((field) => field.change !== "ignored");
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

interface McpServerDiff {
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

type SpecialFieldName = {
  [K in McpServerFieldName]: (typeof MCP_SERVER_FIELDS)[K]["wire"] extends { special: string } ? K : never;
}[McpServerFieldName];

/** What a field mapped by hand does: its part of the create body, and what a read says of it. */
interface SpecialMapping {
  create(inputs: McpServerInputs): Partial<WireMcpCreateBody>;
  observe(live: WireMcpServer, prior: Partial<McpServerInputs>): unknown;
}

/**
 * The hand-written mapping of each field the table marks `special`, by the field's name: a field marked special
 * without an entry here does not compile (and fields.ts fieldCoverage names it).
 */
export const MCP_SPECIAL_MAPPINGS = {
  // Reads have only the derived `toolkits`: the prior NO_AUTH apps the server still has (one removed out of band
  // shows as a change). Never in a PATCH: a change replaces the server (the table's `change`).
  noAuthApps: {
    create: (inputs) => (inputs.noAuthApps ? { no_auth_apps: [...new Set(inputs.noAuthApps)] } : {}),
    observe: (live, prior) => prior.noAuthApps?.filter((slug) => live.toolkits.includes(slug)),
  },
} satisfies Record<SpecialFieldName, SpecialMapping>;

const isSpecial = (name: McpServerFieldName): name is SpecialFieldName => name in MCP_SPECIAL_MAPPINGS;

/** The create body: every argument the program sets (an omitted allow-list means every tool: nothing sent). */
export function toMcpCreateBody(inputs: McpServerInputs): WireMcpCreateBody {
  const given = PLAIN_FIELDS.filter(({ name }) => inputs[name] !== undefined);
  const plain = given.map(({ name, wire }) => [wire, wireValue(name, inputs[name])]);
  const special = Object.values(MCP_SPECIAL_MAPPINGS).map((mapping: SpecialMapping) => mapping.create(inputs));
  return Object.assign(Object.fromEntries(plain), ...special) as WireMcpCreateBody;
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

const WIRE_NAMES = Object.fromEntries(PLAIN_FIELDS.map(({ name, wire }) => [name, wire])) as Record<
  McpServerFieldName,
  keyof WireMcpServer
>;

/**
 * A plain field as read: the server's value (a list in the prior order when it is the same set), unless the program
 * never set it and the server holds what an omission means (no allow-list reads back [], no managed auth false).
 */
function observePlain(name: McpServerFieldName, live: WireMcpServer, prior: Partial<McpServerInputs>): unknown {
  const seen = live[WIRE_NAMES[name]];
  if (prior[name] === undefined && isDeepStrictEqual(comparable(name, seen), comparable(name, undefined))) return undefined;
  return isList(seen) ? sameSetOrLive(seen, prior[name] as string[] | undefined) : seen;
}

/**
 * The server in the program's terms: the outputs a refresh or a write records. `prior` is what the program last
 * had (previous outputs, or the inputs just sent); its bookkeeping (check's autoname) is kept.
 */
export function observeMcpServer(live: WireMcpServer, prior: Partial<McpServerInputs>): McpServerOutputs {
  const server = MCP_SERVER_OUTPUT_NAMES.map((name) => [name, MCP_SERVER_OUTPUTS[name].read(live)]);
  const observed = MCP_SERVER_FIELD_NAMES.map((name) => [
    name,
    isSpecial(name) ? MCP_SPECIAL_MAPPINGS[name].observe(live, prior) : observePlain(name, live, prior),
  ]);
  const bookkeeping = Object.entries(prior).filter(([key]) => key.startsWith("__"));
  const defined = [...bookkeeping, ...observed, ...server].filter(([, value]) => value !== undefined);
  return Object.fromEntries(defined) as McpServerOutputs;
}

/** The input half of outputs (what a refresh writes back as the program's): outputs minus the server-set ones. */
function mcpInputsOf(outputs: McpServerOutputs): McpServerInputs {
  return Object.fromEntries(Object.entries(outputs).filter(([key]) => !(key in MCP_SERVER_OUTPUTS))) as McpServerInputs;
}

/**
 * A refresh's read of a live server against the last outputs (none for `pulumi import`): the new outputs and the
 * inputs the engine then records (and the drift check compares with the previous ones).
 */
export function refreshedMcpServer(live: WireMcpServer, prior: McpServerOutputs): { props: McpServerOutputs; inputs: McpServerInputs } {
  const props = observeMcpServer(live, mcpInputsOf(prior));
  return { props, inputs: mcpInputsOf(props) };
}
