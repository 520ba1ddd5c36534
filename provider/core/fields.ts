/**
 * The field table: every property of an auth config, declared once. For each argument: its words (schema.json,
 * the SDK's AuthConfigArgs, docs/reference), its zod schema when every variant takes it alike (schema.ts builds
 * the variants from it), its default, what a change does (replaces the config, updates it, updates state only),
 * which values are secret, which reads hide (a change made outside Pulumi then shows as "changed since the last
 * apply"), and where it goes on the wire. For each output only the server sets: its words, its Pulumi type and
 * where a read has it. Everything else (the diff's compared and replaced properties, the plain fields' create,
 * PATCH and read mapping, the secret and hidden paths, the outputs the SDK declares) is derived from here; a
 * field whose mapping is truly special names the hand-written code in `wire`, and mapping.ts registers it under
 * that name (SPECIAL_MAPPINGS). Pure data and pure functions over it.
 */
import { z } from "zod";
import type { WireAuthConfig } from "./wire";

/** What changing the field in the program does. */
type Change =
  /** a different auth config: the API cannot change it in place */
  | "replaces"
  /** an update that sends it */
  | "updates"
  /** an update with no API call: only state holds it */
  | "updatesStateOnly"
  /** nothing: it is read once (e.g. by create) and never compared */
  | "ignored";

/**
 * Whether a value is secret: `always` (whatever the program did), `ifWrapped` (when the program wrapped it in
 * a Pulumi secret; the provider then fingerprints it in outputs), `never` (it identifies the config and is shown
 * in every preview, wrapped or not), `byName` (credential fields: `always` when the name says secret, else
 * `ifWrapped`).
 */
type Secret = "always" | "ifWrapped" | "never" | "byName";

/**
 * Where the field goes on the wire: `{ plain }` is the same key in the create body's auth_config, in the PATCH
 * body and in a read (mapping.ts derives all three); `{ special }` names the hand-written code (mapping.ts
 * SPECIAL_MAPPINGS has an entry under the field's name); `notSent` never reaches the API.
 */
type Wire = { plain: string } | { special: string } | "notSent";

/** A field of an object argument (toolAccessConfig, proxyConfig). */
interface NestedField {
  description: string;
  secret: Secret;
  /** Reads never return it: it is write-only (visibility.ts). */
  hiddenOnRead?: true;
}

/** The fields of a record argument (credentials, sharedCredentials), whatever their names. */
interface RecordEntries {
  secret: Secret;
  /** Which values reads hide: all, or all but these names on a customer-owned (custom) config. */
  hiddenOnRead: true | { shownOnCustom: readonly string[] };
}

export interface FieldSpec {
  description: string;
  /** The zod schema, when every variant takes the field alike; without one, each variant of schema.ts says. */
  schema?: z.ZodType;
  required?: true;
  /** Filled in by `check` when omitted (and assumed by the diff for a state that lacks it). */
  default?: string | boolean;
  /** What an omission means to the API and the diff, for a field `check` leaves out when omitted. */
  absentMeans?: boolean;
  /** Set in every checked input though optional (check autonames `name`). */
  alwaysSet?: true;
  change: Change;
  /** The rule for the value as a whole; an object's or a record's parts have their own (`fields`, `entries`). */
  secret: Secret;
  fields?: Readonly<Record<string, NestedField>>;
  entries?: RecordEntries;
  wire: Wire;
}

const TOOL_SLUG = "tool slugs must be non-empty strings";
const toolList = (property: string) =>
  z.array(z.string({ error: TOOL_SLUG }).min(1, { error: TOOL_SLUG }), {
    error: `${property} must be a list of tool slugs, e.g. ["GITHUB_CREATE_AN_ISSUE"]`,
  });

export const BLANK_FIELD = "field names must not be blank; use the field names the toolkit lists";

/** Credential field names that carry secrets in Composio's toolkits (client_secret, api_key, password ...). */
const SECRET_KEY = /secret|password|passwd|passphrase|token|api_?key|private|auth_?key|credential|signing/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** The arguments, in schema.json's order. Bookkeeping keys (`__...`) are the hosts' protocol, not fields: schema.ts. */
export const AUTH_CONFIG_FIELDS = {
  toolkit: {
    description: 'The toolkit slug, e.g. "github" (case-insensitive).',
    schema: z
      .string({ error: 'toolkit is required: the toolkit slug, e.g. "github"' })
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, {
        error: 'toolkit must be a toolkit slug (letters, digits, "_" or "-"), e.g. "github"',
      })
      // Slugs are case-insensitive (Composio's docs write "GITHUB"); one spelling is stored and
      // compared, so changing only the case is no change, and look-ups use the API's own form.
      .transform((slug) => slug.toLowerCase()),
    required: true,
    change: "replaces",
    secret: "never",
    wire: { special: "mapping.ts toCreateBody (the body's toolkit.slug) and observe" },
  },
  name: {
    description: "The auth config's name in Composio. Omit it to get an autonamed config (the resource name plus a random suffix).",
    schema: z
      .string({ error: "name must be a string" })
      .trim()
      .min(1, { error: "name must not be empty; omit it to get an autonamed config" })
      .max(200, { error: "name must be at most 200 characters" }),
    alwaysSet: true,
    change: "updates",
    secret: "ifWrapped",
    wire: { plain: "name" },
  },
  type: {
    description: '"use_composio_managed_auth" (Composio\'s own OAuth app; the default) or "use_custom_auth" (your own app\'s credentials).',
    default: "use_composio_managed_auth",
    change: "replaces",
    secret: "never",
    wire: { special: "mapping.ts toCreateBody and planUpdate (the body's variant) and observe" },
  },
  authScheme: {
    description:
      'The auth scheme, e.g. "OAUTH2" or "API_KEY". Required with "use_custom_auth"; for managed auth the ' +
      "toolkit's scheme is used when omitted.",
    change: "replaces",
    secret: "never",
    wire: { special: "mapping.ts toCreateBody (custom auth only) and serverFields (the server's auth_scheme)" },
  },
  credentials: {
    description:
      "Credential fields of the scheme (see getAuthConfigCreationFields), e.g. { client_id, client_secret }. Values " +
      "are strings; `scopes` and `user_scopes` may also be lists. Secret-named fields are stored as secrets. " +
      "Composio never returns secret fields on reads, so `pulumi import` leaves them out.",
    change: "updates",
    secret: "never",
    entries: { secret: "byName", hiddenOnRead: { shownOnCustom: ["client_id", "consumer_key"] } },
    wire: { special: "mapping.ts wireCredentials, credentialPatch (managed auth: scopes at the top level) and observeCredentials" },
  },
  toolAccessConfig: {
    description: "Which tools connected accounts of this config may use.",
    schema: z.strictObject(
      {
        toolsForConnectedAccountCreation: toolList("toolsForConnectedAccountCreation").optional(),
        toolsAvailableForExecution: toolList("toolsAvailableForExecution").optional(),
      },
      {
        error: (issue) =>
          issue.code === "unrecognized_keys"
            ? `unknown field(s) ${issue.keys.join(", ")}; ` +
              "toolAccessConfig takes toolsForConnectedAccountCreation and toolsAvailableForExecution"
            : "toolAccessConfig must be an object with toolsForConnectedAccountCreation and/or toolsAvailableForExecution",
      },
    ),
    change: "updates",
    secret: "never",
    fields: {
      toolsForConnectedAccountCreation: {
        description: 'Tool slugs a connected account may be created for, e.g. ["GITHUB_CREATE_AN_ISSUE"].',
        secret: "ifWrapped",
      },
      toolsAvailableForExecution: { description: "Tool slugs a connected account of this config may execute.", secret: "ifWrapped" },
    },
    wire: { special: "mapping.ts optionalSettings and planAfterCreate (a create takes one list), toWireToolAccess, observeToolAccess" },
  },
  proxyConfig: {
    description:
      'A proxy for the toolkit\'s API calls (custom auth only), e.g. { proxyUrl: "https://proxy.example.com", ' +
      "proxyAuthKey }; null removes one set earlier.",
    change: "updates",
    secret: "never",
    fields: {
      proxyUrl: { description: 'The proxy\'s http(s) URL, e.g. "https://proxy.example.com".', secret: "ifWrapped" },
      proxyAuthKey: {
        description: "The key the proxy expects. Stored as a secret; Composio never returns it on reads.",
        secret: "always",
        hiddenOnRead: true,
      },
    },
    wire: { special: "mapping.ts toWireProxy and observeProxy" },
  },
  isEnabledForToolRouter: {
    description: "Whether Composio's tool router may use this auth config.",
    schema: z.boolean({ error: "isEnabledForToolRouter must be true or false" }),
    absentMeans: false,
    change: "updates",
    secret: "never",
    wire: { plain: "is_enabled_for_tool_router" },
  },
  sharedCredentials: {
    description: "Credential fields shared by every connected account of this config. Stored as secrets.",
    schema: z
      .record(z.string(), z.unknown(), { error: "sharedCredentials must be an object of credential fields" })
      .superRefine((value, ctx) => {
        for (const key of Object.keys(value)) if (key.trim() === "") ctx.addIssue({ code: "custom", path: [key], message: BLANK_FIELD });
      }),
    change: "updates",
    secret: "never",
    // Values are hidden on reads; keys can be seen, so a key added or removed on the server shows.
    entries: { secret: "always", hiddenOnRead: true },
    wire: { special: "mapping.ts optionalSettings, planUpdate and observeSharedCredentials" },
  },
  enabled: {
    description: "Whether the auth config is enabled (default true). A disabled config keeps its connections but cannot make new ones.",
    schema: z.boolean({ error: "enabled must be true or false" }),
    default: true,
    change: "updates",
    secret: "never",
    wire: { special: "mapping.ts planAfterCreate and planUpdate (the status route) and observe (status)" },
  },
  revokeOnDelete: {
    description: "On delete, also revoke the connected accounts' credentials at the provider (default false).",
    schema: z.boolean({ error: "revokeOnDelete must be true or false" }),
    default: false,
    change: "updatesStateOnly",
    secret: "never",
    wire: "notSent",
  },
  allowReplaceWithConnections: {
    description:
      "Let a replace or delete of this auth config go ahead although it has connected accounts (default false). " +
      "Without it, a change that replaces the config fails `pulumi preview` and `up`, and a delete (destroy, or the " +
      "resource removed from the program) fails before its API call, naming how many accounts it would cut off. " +
      "Never sent to Composio: setting or removing it changes nothing there. For a delete, run `up` with it set " +
      "first.",
    schema: z.boolean({ error: "allowReplaceWithConnections must be true or false" }),
    // No default filled in: a stack from before the guard keeps inputs without it, so upgrading changes nothing.
    absentMeans: false,
    change: "updatesStateOnly",
    secret: "never",
    wire: "notSent",
  },
  adoptId: {
    description:
      "The id of an existing auth config (ac_...) to take over instead of creating one; the next up makes it match " +
      "the program. With this package, `pulumi import` does the same and writes the code.",
    schema: z
      .string({ error: 'adoptId must be an auth config id, e.g. "ac_1234abcd"' })
      .regex(/^ac_[A-Za-z0-9_-]{1,64}$/, { error: 'adoptId must be an auth config id, e.g. "ac_1234abcd"' }),
    change: "ignored",
    secret: "ifWrapped",
    // Create reads it (provider/hooks): it says which config to take over, and is never sent as a field.
    wire: "notSent",
  },
} as const satisfies Record<string, FieldSpec>;

export type Fields = typeof AUTH_CONFIG_FIELDS;
export type FieldName = keyof Fields;
export const FIELD_NAMES = Object.keys(AUTH_CONFIG_FIELDS) as FieldName[];
const spec = (name: string): FieldSpec | undefined => (AUTH_CONFIG_FIELDS as Record<string, FieldSpec>)[name];

/**
 * An output only the server sets: its Pulumi type, and what a read (`Live`: the resource's wire shape) holds for it
 * (undefined: left out). `array` is a list of strings and `object` an object of strings (McpServer's `commands`).
 */
export interface ServerOutputSpec<Live = WireAuthConfig> {
  description: string;
  pulumiType: "string" | "boolean" | "integer" | "array" | "object";
  read: (live: Live) => unknown;
  /** A read may lack it (then outputs leave it out). */
  mayBeAbsent?: true;
}

/** The outputs only the server sets, taken from every read so outputs show the server's view. */
export const SERVER_OUTPUTS = {
  authConfigId: {
    description: "The auth config's id in Composio (ac_...), also the resource's id.",
    pulumiType: "string",
    read: (live: WireAuthConfig) => live.id,
  },
  status: {
    description: '"ENABLED" or "DISABLED", as the server reports it.',
    pulumiType: "string",
    read: (live: WireAuthConfig) => live.status,
  },
  isComposioManaged: {
    description: "Whether the config uses Composio's managed app.",
    pulumiType: "boolean",
    read: (live: WireAuthConfig) => live.is_composio_managed ?? live.type === "default",
  },
  noOfConnections: {
    description: "How many connected accounts use this config.",
    pulumiType: "integer",
    read: (live: WireAuthConfig) => live.no_of_connections ?? 0,
  },
  createdAt: {
    description: "When the config was created (ISO 8601).",
    pulumiType: "string",
    read: (live: WireAuthConfig) => live.created_at || undefined,
    mayBeAbsent: true,
  },
  /** After a write, the baseline that tells whether fields reads hide changed since (visibility.ts). */
  lastUpdatedAt: {
    description: "When the config was last changed on the server (ISO 8601).",
    pulumiType: "string",
    read: (live: WireAuthConfig) => live.last_updated_at || undefined,
    mayBeAbsent: true,
  },
} as const satisfies Record<string, ServerOutputSpec>;

export type ServerOutputName = keyof typeof SERVER_OUTPUTS;
/** The outputs only the server sets, by name (the SDK registers them as outputs, the hooks take them from reads). */
export const SERVER_FIELDS = Object.keys(SERVER_OUTPUTS) as ServerOutputName[];

/** What a read gives for each server-set output: optional where the read may leave it out. */
type ReadResults = { [K in ServerOutputName]: ReturnType<(typeof SERVER_OUTPUTS)[K]["read"]> };
type MayBeAbsent = { [K in ServerOutputName]: (typeof SERVER_OUTPUTS)[K] extends { mayBeAbsent: true } ? K : never }[ServerOutputName];
export type ServerOutputs = { [K in Exclude<ServerOutputName, MayBeAbsent>]: ReadResults[K] } & {
  [K in MayBeAbsent]?: Exclude<ReadResults[K], undefined>;
};

// ---- Derived: defaults, the diff's lists, the wire's plain fields ----

type WithDefault = { [K in FieldName]: Fields[K] extends { default: unknown } ? K : never }[FieldName];
/** The defaults `check` fills in (and the diff assumes for a state that lacks them). */
export const DEFAULTS = Object.fromEntries(
  FIELD_NAMES.flatMap((name) => (spec(name)!.default === undefined ? [] : [[name, spec(name)!.default]])),
) as { readonly [K in WithDefault]: Fields[K] extends { default: infer D } ? D : never };

/** What an omitted field means when compared or sent: its default, or what the API takes an omission for. */
export function omittedValue(name: string): unknown {
  const field = spec(name);
  return field?.default ?? field?.absentMeans;
}

const named = (change: (field: FieldSpec) => boolean) => FIELD_NAMES.filter((name) => change(spec(name)!));

/** Changing these means a different auth config on the server: the API cannot change them in place. */
export const REPLACE_PROPERTIES = named((field) => field.change === "replaces");

/** A property the diff compares: every field but those whose change is ignored. */
export type ComparedName = { [K in FieldName]: Fields[K]["change"] extends "ignored" ? never : K }[FieldName];

/** The properties the diff compares: the replacing ones first (they decide the step), then the table's order. */
export const COMPARED_PROPERTIES = [
  ...REPLACE_PROPERTIES,
  ...named((field) => field.change === "updates" || field.change === "updatesStateOnly"),
] as ComparedName[];

/** The fields mapped by their wire name alone (create body, PATCH body and read), with that name. */
export const PLAIN_WIRE_FIELDS = FIELD_NAMES.flatMap((name) => {
  const wire = spec(name)!.wire;
  return typeof wire === "object" && "plain" in wire ? [{ name, wire: wire.plain }] : [];
});

/** The fields a read observes (the others a refresh keeps from the prior state). */
export const OBSERVED_FIELDS = named((field) => field.wire !== "notSent");

/** A resource's outputs every run sets: required and defaulted arguments, autonamed ones, and what every read has. */
export function alwaysSetOutputs(
  table: Readonly<Record<string, FieldSpec>>,
  outputs: Readonly<Record<string, Pick<ServerOutputSpec<never>, "pulumiType" | "mayBeAbsent">>>,
): string[] {
  const fields = Object.entries(table).filter(([, field]) => field.required === true || field.default !== undefined || field.alwaysSet);
  return [...fields.map(([name]) => name), ...Object.keys(outputs).filter((name) => outputs[name].mayBeAbsent !== true)];
}

/** AuthConfig's outputs every run sets. */
export const ALWAYS_SET_OUTPUTS = alwaysSetOutputs(AUTH_CONFIG_FIELDS, SERVER_OUTPUTS);

/** A field's description as documentation shows it, with the consequence of a change when it replaces the config. */
export function fieldDescription(name: string): string | undefined {
  const field = spec(name);
  if (!field) return undefined;
  return field.change === "replaces" ? `${field.description} Changing it replaces the auth config.` : field.description;
}

// ---- Derived: secret paths and paths reads hide ----

/** A property path's field and the rest of it (`proxyConfig.proxyAuthKey`: proxyConfig, proxyAuthKey; none for `name`). */
function split(path: string): { field: FieldSpec | undefined; name: string; inner?: string } {
  const dot = path.indexOf(".");
  if (dot < 0) return { field: spec(path), name: path };
  return { field: spec(path.slice(0, dot)), name: path.slice(0, dot), inner: path.slice(dot + 1) };
}

/** The secret rule of a property path, or undefined when the path is no field's. */
function secretOf(path: string): Secret | undefined {
  const { field, inner } = split(path);
  if (!field) return undefined;
  if (inner === undefined) return field.secret;
  if (field.fields) return field.fields[inner]?.secret;
  if (field.entries?.secret !== "byName") return field.entries?.secret;
  // By name: the credential field's own name (a path inside one is no credential field).
  if (inner.includes(".")) return undefined;
  return isSecretKey(inner) ? "always" : "ifWrapped";
}

/** Whether the value at `path` is secret whatever the program did (secret-named credentials, the proxy key, shared credentials). */
export function isAlwaysSecretPath(path: string): boolean {
  return secretOf(path) === "always";
}

/**
 * The properties that hold secrets of their own, whatever the program wrapped: outputs keep each secret
 * as a whole once the server's view is merged in (the SDK's additionalSecretOutputs), and stack config
 * entries set with `--secret` wrap them whole (sdk/stackConfig.ts).
 */
export const SECRET_BEARING_PROPERTIES = named(
  (field) =>
    field.entries?.secret === "always" ||
    field.entries?.secret === "byName" ||
    Object.values(field.fields ?? {}).some((nested) => nested.secret === "always"),
);

/** The record fields whose entries a program may wrap one by one or whole (`credentials.*`). */
const WRAPPABLE_RECORDS = named((field) => field.entries?.secret === "byName" || field.entries?.secret === "ifWrapped");

/**
 * The paths a program may wrap whose values the provider would otherwise echo in outputs. `credentials.*`
 * stands for every credential field (a credentials object wrapped whole). The toolkit, type, scheme and
 * switches are not among them: they identify the config and are shown in every preview, wrapped or not.
 */
export const WRAPPABLE_PATHS: readonly string[] = FIELD_NAMES.flatMap((name) => {
  const field = spec(name)!;
  if (WRAPPABLE_RECORDS.includes(name)) return [`${name}.*`];
  const nested = Object.entries(field.fields ?? {}).filter(([, inner]) => inner.secret === "ifWrapped");
  return [...(field.secret === "ifWrapped" ? [name] : []), ...nested.map(([inner]) => `${name}.${inner}`)];
});

/** The entry of a wrappable record at `path` (`credentials.client_id`), whose record may be wrapped whole. */
export function wrappableRecordOf(path: string): string | undefined {
  const { name, inner } = split(path);
  return inner !== undefined && !inner.includes(".") && WRAPPABLE_RECORDS.includes(name as FieldName) ? name : undefined;
}

export function isWrappablePath(path: string): boolean {
  return WRAPPABLE_PATHS.includes(path) || wrappableRecordOf(path) !== undefined;
}

/** Whether reads hide the value at `path` on a config of this kind (Composio-managed or customer-owned). */
export function isHiddenOnRead(path: string, composioManaged: boolean): boolean {
  const { field, inner } = split(path);
  if (!field || inner === undefined) return false;
  if (field.fields) return field.fields[inner]?.hiddenOnRead === true;
  const hidden = field.entries?.hiddenOnRead;
  if (hidden === undefined) return false;
  return hidden === true || composioManaged || !hidden.shownOnCustom.includes(inner);
}

// ---- Coverage: a field the provider would silently ignore ----

/** What the provider implements per field, for fieldCoverage. */
interface FieldImplementations {
  /** The fields every variant of the zod schema takes (schema.ts). */
  schemaFields: readonly string[];
  /** The fields mapping.ts maps by hand (SPECIAL_MAPPINGS). */
  specialMappings: readonly string[];
}

const isSpecialWire = (field: FieldSpec) => typeof field.wire === "object" && "special" in field.wire;

/**
 * Every way a field of `table` would be taken and then ignored (never validated, sent, read or documented), each
 * naming the field and the fix; empty when there is none. The census test holds the provider's own table to it.
 */
export function fieldCoverage(table: Readonly<Record<string, FieldSpec>>, implemented: FieldImplementations): string[] {
  const problems: string[] = [];
  for (const [name, field] of Object.entries(table)) {
    if (field.description.trim() === "") problems.push(`${name}: no description; write the words schema.json and the SDK show`);
    if (!implemented.schemaFields.includes(name)) {
      const fix = "give it a schema in the field table (or one in each variant, schema.ts)";
      problems.push(`${name}: not in every variant of the zod schema; ${fix}`);
    }
    if (isSpecialWire(field) && !implemented.specialMappings.includes(name)) {
      const fix = "add one, or give it a plain wire name";
      problems.push(`${name}: its wire mapping is special, but mapping.ts SPECIAL_MAPPINGS has no entry for it; ${fix}`);
    }
    if (field.wire === "notSent" && (field.change === "updates" || field.change === "replaces")) {
      const fix = "give it a wire name, or make it state-only";
      problems.push(`${name}: a change of it ${field.change} the config, but it is never sent; ${fix}`);
    }
    if (field.wire !== "notSent" && (field.change === "updatesStateOnly" || field.change === "ignored")) {
      const kind = field.change === "ignored" ? "ignored" : "state-only";
      problems.push(`${name}: sent to the API, yet a change of it is ${kind}; say "updates"`);
    }
  }
  for (const name of implemented.specialMappings) {
    if (table[name] && isSpecialWire(table[name])) continue;
    problems.push(`${name}: mapped by hand in mapping.ts, but the field table does not say so`);
  }
  return problems;
}
