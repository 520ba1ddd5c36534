/**
 * McpServer's field table and its check: every property of a Composio MCP server, declared once in the same terms as
 * AuthConfig's (fields.ts FieldSpec: words, zod schema, what a change does, secrecy, where it goes on the wire), and
 * the outputs only the server sets (fields.ts ServerOutputSpec over the MCP wire shape). The schema `check` parses is
 * built from the table; the diff and the wire mapping (mcpServerMapping.ts) read the table's `change` and `wire`.
 * Pure. The API's facts: shared/composio-api.md "MCP servers".
 */
import { randomBytes } from "node:crypto";
import type { McpCreateParams, McpRetrieveResponse, McpUpdateParams } from "@composio/client/resources/mcp/mcp";
import { z } from "zod";
import { UNKNOWN } from "../engineProtocol";
import { formatPath, type CheckFailure, type SuffixSource } from "./check";
import type { FieldSpec, ServerOutputSpec } from "./fields";

/** An MCP server as retrieve returns it (list items, the create and the update answers have the same fields). */
export type WireMcpServer = Omit<McpRetrieveResponse, "deleted" | "toolkit_icons"> & { deleted?: boolean };
export type WireMcpCreateBody = McpCreateParams;
export type WireMcpUpdateBody = McpUpdateParams;

/** The documented name rule: 4-30 characters, letters, digits, spaces and hyphens only. */
const NAME_RULE = /^[A-Za-z0-9 -]{4,30}$/;
const NAME_MESSAGE =
  'name must be 4-30 characters of letters, digits, spaces and hyphens (Composio\'s rule), e.g. "github-agent"; ' +
  "omit it to get an autonamed server";
const AUTH_CONFIG_ID = /^ac_[A-Za-z0-9_-]{1,64}$/;
const AUTH_CONFIG_IDS_MESSAGE = 'authConfigIds must be a non-empty list of auth config ids, e.g. [github.authConfigId] or ["ac_1234abcd"]';
const TOOL_SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const TOOLKIT_SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

const slugList = (property: string, slug: RegExp, example: string) => {
  const entry = `${property} entries must be slugs, e.g. ${example}`;
  return z.array(z.string({ error: entry }).regex(slug, { error: entry }), { error: `${property} must be a list, e.g. [${example}]` });
};

/** The arguments, in the order documentation lists them. */
export const MCP_SERVER_FIELDS = {
  name: {
    description:
      "The server's name in Composio: 4-30 characters, letters, digits, spaces and hyphens, unique in the project. Omit it to get " +
      "an autonamed server (the resource name, made to fit the rule, plus a random suffix).",
    schema: z.string({ error: NAME_MESSAGE }).regex(NAME_RULE, { error: NAME_MESSAGE }),
    alwaysSet: true,
    change: "updates",
    secret: "never",
    wire: { plain: "name" },
  },
  authConfigIds: {
    description:
      "The auth configs whose toolkits the server exposes (one per toolkit), e.g. [github.authConfigId]: passing AuthConfig " +
      "outputs makes Pulumi create them before the server and delete them after it. Compared as a set.",
    schema: z
      .array(z.string({ error: AUTH_CONFIG_IDS_MESSAGE }).regex(AUTH_CONFIG_ID, { error: AUTH_CONFIG_IDS_MESSAGE }), {
        error: AUTH_CONFIG_IDS_MESSAGE,
      })
      .min(1, { error: AUTH_CONFIG_IDS_MESSAGE }),
    required: true,
    change: "updates",
    secret: "never",
    wire: { plain: "auth_config_ids" },
  },
  allowedTools: {
    description:
      'The tools agents may call, e.g. ["GITHUB_CREATE_AN_ISSUE"]; omitted (or []), every tool of the server\'s toolkits. ' +
      "Compared as a set.",
    schema: slugList("allowedTools", TOOL_SLUG, '"GITHUB_CREATE_AN_ISSUE"'),
    change: "updates",
    secret: "never",
    wire: { plain: "allowed_tools" },
  },
  noAuthApps: {
    description:
      'Toolkits that need no auth (NO_AUTH) to expose beside the auth configs\' ones, e.g. ["hackernews"]. Compared as a set. ' +
      "The API's update takes no such field, so a change makes a new server (with a new URL).",
    schema: slugList("noAuthApps", TOOLKIT_SLUG, '"hackernews"').transform((slugs) => slugs.map((slug) => slug.toLowerCase())),
    change: "replaces",
    secret: "never",
    wire: { special: "mcpServerMapping.ts toMcpCreateBody and observeMcpServer (reads have only the derived toolkits)" },
  },
  managedAuthViaComposio: {
    description: "Whether Composio manages the connections of the server's users (default false).",
    schema: z.boolean({ error: "managedAuthViaComposio must be true or false" }),
    absentMeans: false,
    change: "updates",
    secret: "never",
    wire: { plain: "managed_auth_via_composio" },
  },
} as const satisfies Record<string, FieldSpec>;

export type McpServerFieldName = keyof typeof MCP_SERVER_FIELDS;
export const MCP_SERVER_FIELD_NAMES = Object.keys(MCP_SERVER_FIELDS) as McpServerFieldName[];

/** The outputs only the server sets, taken from every read (and from the create and update answers). */
export const MCP_SERVER_OUTPUTS = {
  mcpServerId: {
    description: "The server's id in Composio (a UUID), also the resource's id.",
    pulumiType: "string",
    read: (live) => live.id,
  },
  mcpUrl: { description: "The URL agents connect to.", pulumiType: "string", read: (live) => live.mcp_url },
  toolkits: {
    description: "The toolkits the server exposes: its auth configs' toolkits and its NO_AUTH apps, as the server derives them.",
    pulumiType: "array",
    read: (live) => live.toolkits,
  },
  commands: {
    description: "Install commands for MCP clients, by client (claude, cursor, windsurf).",
    pulumiType: "object",
    read: (live) => live.commands,
  },
  serverInstanceCount: {
    description: "How many per-user instances of the server exist.",
    pulumiType: "integer",
    read: (live) => live.server_instance_count,
  },
  createdAt: { description: "When the server was created (ISO 8601).", pulumiType: "string", read: (live) => live.created_at },
  updatedAt: {
    description: "When the server was last changed (ISO 8601); every write moves it.",
    pulumiType: "string",
    read: (live) => live.updated_at,
  },
} as const satisfies Record<string, ServerOutputSpec<WireMcpServer>>;

type McpServerOutputName = keyof typeof MCP_SERVER_OUTPUTS;
export const MCP_SERVER_OUTPUT_NAMES = Object.keys(MCP_SERVER_OUTPUTS) as McpServerOutputName[];

const spec = (name: McpServerFieldName): FieldSpec => MCP_SERVER_FIELDS[name];
const tableSchema = (name: McpServerFieldName): z.ZodType => (spec(name).required ? spec(name).schema! : spec(name).schema!.optional());

/** The arguments: every field of the table, then the hosts' bookkeeping (the resource's name, check's autoname). */
export const mcpServerInputSchema = z.strictObject(
  {
    ...(Object.fromEntries(MCP_SERVER_FIELD_NAMES.map((name) => [name, tableSchema(name)])) as {
      [K in McpServerFieldName]: (typeof MCP_SERVER_FIELDS)[K] extends { required: true }
        ? (typeof MCP_SERVER_FIELDS)[K]["schema"]
        : z.ZodOptional<(typeof MCP_SERVER_FIELDS)[K]["schema"]>;
    }),
    __resourceName: z.string().optional(),
    __autoname: z.string().optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown argument(s) ${issue.keys.join(", ")}; McpServer takes ${MCP_SERVER_FIELD_NAMES.join(", ")}`
        : "the McpServer arguments must be an object",
  },
);

/** What `check` returns and every later hook receives: parsed arguments, always with a name. */
export type McpServerInputs = Omit<z.output<typeof mcpServerInputSchema>, "name"> & { name: string };
export type McpServerArgsShape = z.input<typeof mcpServerInputSchema>;

type McpServerCheck =
  { ok: true; inputs: McpServerInputs; failures: [] } | { ok: false; inputs: Record<string, unknown>; failures: CheckFailure[] };

const randomSuffix: SuffixSource = () => randomBytes(4).toString("hex").slice(0, 7);
const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const usableName = (value: unknown): value is string => typeof value === "string" && value !== UNKNOWN && NAME_RULE.test(value);

/**
 * The generated name, within the rule: the resource name with every other character made a hyphen, cut so that
 * "-" and a 7-character suffix fit in 30. Kept across runs (in `__autoname`), as AuthConfig's: a new one would be a
 * rename, and a refresh writes a rename made in the dashboard into `name`, which is drift to revert.
 */
export function mcpServerAutoname(olds: unknown, resourceName: unknown, suffix: SuffixSource = randomSuffix): string {
  const previous = asRecord(olds);
  if (usableName(previous.__autoname)) return previous.__autoname;
  const base = typeof resourceName === "string" ? resourceName.replace(/[^A-Za-z0-9 -]/g, "-").slice(0, 22) : "";
  return `${base === "" ? "mcp-server" : base}-${suffix()}`;
}

/** Whether the value at `path` (or one it sits in) is still unknown: its failures wait for the real run. */
function isUnknownAt(value: unknown, path: ReadonlyArray<PropertyKey>): boolean {
  let current = value;
  for (const segment of path) {
    if (current === UNKNOWN) return true;
    current = (current as Record<PropertyKey, unknown> | undefined)?.[segment];
  }
  return current === UNKNOWN;
}

/** Raw program arguments checked, the name autonamed when omitted. Total: it never throws. */
export function checkMcpServer(olds: unknown, rawNews: unknown, suffix: SuffixSource = randomSuffix): McpServerCheck {
  const { __provider: _provider, ...news } = asRecord(rawNews);
  const input = rawNews !== null && typeof rawNews === "object" && !Array.isArray(rawNews) ? news : rawNews;
  const parsed = mcpServerInputSchema.safeParse(input);
  const failures = (parsed.error?.issues ?? [])
    .filter((issue) => !isUnknownAt(input, issue.path))
    .map((issue) => {
      const keys = issue.code === "unrecognized_keys" ? [issue.keys[0]] : [];
      return { property: formatPath([...issue.path, ...keys]) || "args", reason: issue.message };
    });
  if (failures.length > 0) return { ok: false, inputs: news, failures };
  // Parsed, or failing only where values are unknown (a preview): then the raw values stand until the real run.
  const value = (parsed.success ? parsed.data : news) as Record<string, unknown>;
  if (value.name !== undefined) return { ok: true, inputs: value as McpServerInputs, failures: [] };
  const autoname = mcpServerAutoname(olds, value.__resourceName, suffix);
  return { ok: true, inputs: { ...value, name: autoname, __autoname: autoname } as McpServerInputs, failures: [] };
}
