/**
 * The Pulumi package schema (schema.json) of the `composio` plugin, written from the zod schemas
 * (provider/core/schema.ts for AuthConfig, provider/core/mcpServer.ts for McpServer) by z.toJSONSchema and from
 * the field tables' words, so each resource's shape has one source. Pure: the
 * schema.json at the package root is this function's output (`npm run gen-schema`; a test holds the
 * checked-in file to it).
 *
 * JSON Schema to Pulumi types: strings, booleans and lists map one to one (enums stay strings, their
 * values in the description, so a new scheme needs no SDK change); an object with fixed properties
 * becomes a named type; a record (credentials) an object of Any, since a value may be a string or a
 * list; `T | null` becomes T (Pulumi types are all optional-or-null). Bookkeeping keys (`__...`) are
 * left out: they are the hosts' protocol, not arguments.
 */
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { AUTH_CONFIG_TOKEN, isBookkeepingKey, MCP_SERVER_TOKEN } from "../engineProtocol";
import { isSecretPath } from "../core/secrets";
import { AUTH_CONFIG_TYPES, AUTH_SCHEMES, authConfigInputSchema } from "../core/schema";
import {
  ALWAYS_SET_OUTPUTS,
  alwaysSetOutputs,
  AUTH_CONFIG_FIELDS,
  fieldDescription,
  PLAIN_WIRE_FIELDS,
  REPLACE_PROPERTIES,
  SERVER_OUTPUTS,
  type FieldSpec,
  type ServerOutputSpec,
} from "../core/fields";
import { MCP_SERVER_FIELDS, MCP_SERVER_OUTPUTS, mcpServerInputSchema } from "../core/mcpServer";
import { MCP_REPLACE_PROPERTIES } from "../core/mcpServerMapping";

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: string[];
  default?: unknown;
  additionalProperties?: JsonSchema | boolean;
};
type PulumiProperty = Record<string, unknown>;
type ObjectType = { type: "object"; description?: string; properties: Record<string, PulumiProperty>; required?: string[] };

const PKG = "composio";
const token = (name: string) => `${PKG}:index:${name}`;

/** Per resource, the inputs whose change replaces it (the field tables say it; docs/reference shows it). */
export const REPLACED_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
  [AUTH_CONFIG_TOKEN]: REPLACE_PROPERTIES,
  [MCP_SERVER_TOKEN]: MCP_REPLACE_PROPERTIES,
};

/** What toProperty takes from a resource's field table: the words of object fields, and which paths hold secrets. */
interface FieldSource {
  fields: Readonly<Record<string, FieldSpec>>;
  isSecret: (path: string) => boolean;
}
const AUTH_CONFIG_SOURCE: FieldSource = {
  fields: AUTH_CONFIG_FIELDS,
  isSecret: (path) => isSecretPath(path) || isSecretPath(`${path}.*`),
};
const MCP_SERVER_SOURCE: FieldSource = {
  fields: MCP_SERVER_FIELDS,
  isSecret: (path) => (MCP_SERVER_FIELDS as Record<string, FieldSpec>)[path]?.secret === "always",
};
const ANY = { $ref: "pulumi.json#/Any" };
const capitalized = (name: string) => name[0].toUpperCase() + name.slice(1);

function described(description: string | undefined, where: string): string {
  if (!description) throw new Error(`packageSchema: ${where} has no description; add one to the field table (provider/core/fields.ts)`);
  return description;
}

function toProperty(schema: JsonSchema, path: string, types: Record<string, ObjectType>, source: FieldSource): PulumiProperty {
  const members = schema.anyOf?.filter((member) => member.type !== "null");
  if (members?.length) {
    // `T | null` is T; the variants' `type` constants are one string, with the default one of them has.
    const withDefault = members.find((member) => member.default !== undefined);
    return toProperty({ ...members[0], ...(withDefault ? { default: withDefault.default } : {}) }, path, types, source);
  }
  const secret = source.isSecret(path) ? { secret: true } : {};
  const withDefault = schema.default !== undefined ? { default: schema.default } : {};
  switch (schema.type) {
    case "string":
    case "boolean":
      return { type: schema.type, ...withDefault, ...secret };
    case "array":
      return { type: "array", items: toProperty(schema.items ?? {}, `${path}.0`, types, source), ...secret };
    case "object": {
      if (!schema.properties) return { type: "object", additionalProperties: ANY, ...secret };
      const name = capitalized(path.split(".").pop()!);
      const nested = source.fields[path]?.fields ?? {};
      const properties = Object.fromEntries(
        Object.entries(schema.properties).map(([key, value]) => [
          key,
          { ...toProperty(value, `${path}.${key}`, types, source), description: described(nested[key]?.description, `${name}.${key}`) },
        ]),
      );
      types[token(name)] = { type: "object", properties, ...(schema.required?.length ? { required: schema.required } : {}) };
      return { $ref: `#/types/${token(name)}`, ...secret };
    }
    default:
      return { ...ANY, ...secret };
  }
}

/**
 * The arguments' variants (one per `type`, a oneOf) as the one set of input properties a Pulumi resource
 * has: each property any variant takes, as anyOf its variants' schemas where they differ; required, what
 * every variant requires. Pulumi's schema has no unions of objects: which fields go with which type is
 * said in the descriptions, and check enforces it.
 */
function mergedVariants(json: JsonSchema): JsonSchema {
  const variants = json.oneOf ?? [json];
  const properties: Record<string, JsonSchema> = {};
  for (const variant of variants) {
    for (const [key, value] of Object.entries(variant.properties ?? {})) {
      const before = properties[key];
      const same = before === undefined || isDeepStrictEqual(before, value);
      properties[key] = same ? value : { anyOf: [...(before.anyOf ?? [before]), value] };
    }
  }
  const required = variants.map((variant) => variant.required ?? []).reduce((all, some) => all.filter((key) => some.includes(key)));
  return { type: "object", properties, required };
}

const TOOLKIT_OUTPUT_PROPERTIES = {
  slug: { type: "string" },
  name: { type: "string" },
  enabled: { type: "boolean" },
  auth_guide_url: { type: "string" },
  auth_hint_url: { type: "string" },
  composio_managed_auth_schemes: { type: "array", items: { type: "string" } },
  composio_managed_auth: { type: "array", items: ANY },
  auth_config_details: { type: "array", items: ANY },
  meta: ANY,
};

/** The outputs only the server sets, as Pulumi properties: their lists and maps hold strings (fields.ts ServerOutputSpec). */
function serverOutputProperties(outputs: Readonly<Record<string, Pick<ServerOutputSpec<never>, "pulumiType" | "description">>>) {
  const property = ({ pulumiType, description }: Pick<ServerOutputSpec<never>, "pulumiType" | "description">): PulumiProperty => {
    if (pulumiType === "array") return { type: "array", items: { type: "string" }, description };
    if (pulumiType === "object") return { type: "object", additionalProperties: { type: "string" }, description };
    return { type: pulumiType, description };
  };
  return Object.fromEntries(Object.entries(outputs).map(([key, spec]) => [key, property(spec)]));
}

/**
 * McpServer from its field table (provider/core/mcpServer.ts): its arguments as the zod schema built from the table
 * takes them, with the table's words; its outputs, every argument and what only the server sets.
 */
function mcpServerResource(types: Record<string, ObjectType>): Record<string, unknown> {
  const json = z.toJSONSchema(mcpServerInputSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const fields = MCP_SERVER_FIELDS as Record<string, FieldSpec>;
  const inputProperties = Object.fromEntries(
    Object.entries(json.properties ?? {})
      .filter(([key]) => !isBookkeepingKey(key))
      .map(([key, value]) => [
        key,
        {
          ...toProperty(value, key, types, MCP_SERVER_SOURCE),
          description: described(fields[key]?.description, `McpServer argument ${key}`),
        },
      ]),
  );
  return {
    description:
      "A Composio MCP server: the toolkits of given auth configs exposed to agents at `mcpUrl`, limited to an allow-list of tools.",
    inputProperties,
    requiredInputs: (json.required ?? []).filter((key) => !isBookkeepingKey(key)),
    properties: { ...inputProperties, ...serverOutputProperties(MCP_SERVER_OUTPUTS) },
    required: alwaysSetOutputs(MCP_SERVER_FIELDS, MCP_SERVER_OUTPUTS),
  };
}

const settingDescriptions = {
  apiKey: { type: "string", secret: true, description: "The Composio API key. Default: the COMPOSIO_API_KEY environment variable." },
  baseUrl: {
    type: "string",
    description:
      "The Composio API's root, https://backend.composio.dev by default (COMPOSIO_BASE_URL); plain http only for a local emulator.",
  },
};

export function packageSchema(version: string): Record<string, unknown> {
  const json = mergedVariants(z.toJSONSchema(authConfigInputSchema, { io: "input", unrepresentable: "any" }) as JsonSchema);
  const types: Record<string, ObjectType> = {};
  const inputProperties: Record<string, PulumiProperty> = {};
  for (const [key, value] of Object.entries(json.properties ?? {})) {
    if (isBookkeepingKey(key)) continue;
    let description = described(fieldDescription(key), `argument ${key}`);
    if (key === "type") description += ` One of: ${AUTH_CONFIG_TYPES.join(", ")}.`;
    if (key === "authScheme") description += ` One of: ${AUTH_SCHEMES.join(", ")}.`;
    inputProperties[key] = { ...toProperty(value, key, types, AUTH_CONFIG_SOURCE), description };
  }
  // getAuthConfig returns the read as the API gives it: the plain fields under their wire names, typed as the arguments.
  const plainWireOutputs = Object.fromEntries(PLAIN_WIRE_FIELDS.map(({ name, wire }) => [wire, { type: inputProperties[name].type }]));
  return {
    name: PKG,
    displayName: "Composio",
    version,
    description:
      "Composio auth configs and MCP servers as Pulumi resources: the same provider as the pulumi-composio dynamic provider, " +
      "for every Pulumi language and `pulumi import`.",
    keywords: ["pulumi", "composio", "category/utility", "kind/native"],
    license: "Apache-2.0",
    config: { variables: settingDescriptions },
    provider: { description: "The Composio provider: its API key and base URL.", inputProperties: settingDescriptions },
    types,
    resources: {
      [AUTH_CONFIG_TOKEN]: {
        description:
          "A Composio auth config: how connected accounts of a toolkit authenticate (Composio's managed app, or your own credentials).",
        inputProperties,
        requiredInputs: json.required ?? [],
        properties: { ...inputProperties, ...serverOutputProperties(SERVER_OUTPUTS) },
        required: ALWAYS_SET_OUTPUTS,
      },
      [MCP_SERVER_TOKEN]: mcpServerResource(types),
    },
    functions: {
      [token("getToolkit")]: {
        description: "A toolkit's definition (GET /toolkits/{slug}): its auth schemes, managed auth and the fields each scheme takes.",
        inputs: { properties: { slug: { type: "string", description: 'The toolkit slug, e.g. "github".' } }, required: ["slug"] },
        outputs: { properties: TOOLKIT_OUTPUT_PROPERTIES, required: ["slug", "name"] },
      },
      [token("getAuthConfigCreationFields")]: {
        description:
          "The fields an auth config of a toolkit and scheme takes, required ones first; fails, listing the offered schemes, for a scheme the toolkit does not offer.",
        inputs: {
          properties: {
            toolkit: { type: "string", description: 'The toolkit slug, e.g. "github".' },
            authScheme: { type: "string", description: `The auth scheme, one of: ${AUTH_SCHEMES.join(", ")}.` },
            requiredOnly: { type: "boolean", description: "Only the fields an auth config of this scheme must be given." },
          },
          required: ["toolkit", "authScheme"],
        },
        outputs: {
          properties: {
            fields: { type: "array", items: ANY, description: "The fields: name, display name, type, description, required, default." },
          },
          required: ["fields"],
        },
      },
      [token("getAuthConfig")]: {
        description: "An existing auth config, read without managing it (secret values stay masked, as Composio returns them).",
        inputs: { properties: { id: { type: "string", description: "The auth config's id (ac_...)." } }, required: ["id"] },
        outputs: {
          properties: {
            id: { type: "string" },
            ...plainWireOutputs,
            status: { type: "string" },
            type: { type: "string" },
            auth_scheme: { type: "string" },
            toolkit: ANY,
            credentials: ANY,
            tool_access_config: ANY,
            proxy_config: ANY,
            shared_credentials: ANY,
            is_composio_managed: { type: "boolean" },
            no_of_connections: { type: "integer" },
            created_at: { type: "string" },
            last_updated_at: { type: "string" },
          },
          required: ["id", "name", "status", "type"],
        },
      },
    },
  };
}

/** The schema as schema.json holds it (two-space JSON and a final newline). */
export const packageSchemaText = (version: string): string => `${JSON.stringify(packageSchema(version), null, 2)}\n`;

const argsName = (typeToken: string) => `${typeToken.slice(typeToken.lastIndexOf(":") + 1)}Args`;
const docComment = (text: string, indent: string) => `${indent}/** ${text.replace(/\*\//g, "*\\/")} */\n`;

/**
 * sdk/authConfigArgs.ts: the SDK's AuthConfigArgs (and the Args of its object arguments), written from
 * the same properties and descriptions as schema.json, so the editor shows the words the other languages'
 * SDKs get. The types come from the zod schema at compile time (sdk/argumentTypes.ts); this only lists
 * the arguments, which are optional, and their documentation. A test holds the checked-in file to it.
 */
export function sdkArgsText(version: string): string {
  const schema = packageSchema(version);
  const resource = (schema.resources as Record<string, { inputProperties: Record<string, PulumiProperty>; requiredInputs: string[] }>)[
    AUTH_CONFIG_TOKEN
  ];
  const types = schema.types as Record<string, ObjectType>;
  const refOf = (property: PulumiProperty) => (typeof property.$ref === "string" ? property.$ref.slice("#/types/".length) : undefined);
  const lines = [
    "// Generated by `npm run gen-schema` from the field table (provider/core/fields.ts) and the zod schema built from it; do not edit.",
    'import type { Argument, FieldArgument, ObjectArgument } from "./argumentTypes";',
    "",
  ];
  const nested: string[] = [];
  let body = "";
  for (const [key, property] of Object.entries(resource.inputProperties)) {
    const ref = refOf(property);
    const optional = resource.requiredInputs.includes(key) ? "" : "?";
    body += docComment(String(property.description), "  ");
    body += `  ${key}${optional}: ${ref ? `ObjectArgument<"${key}", ${argsName(ref)}>` : `Argument<"${key}">`};\n`;
    if (!ref) continue;
    let fields = "";
    for (const [field, fieldProperty] of Object.entries(types[ref].properties)) {
      const fieldOptional = types[ref].required?.includes(field) ? "" : "?";
      fields += docComment(String(fieldProperty.description), "  ");
      fields += `  ${field}${fieldOptional}: FieldArgument<"${key}", "${field}">;\n`;
    }
    nested.push(`export interface ${argsName(ref)} {\n${fields}}\n`);
  }
  const resourceDescription = String((schema.resources as Record<string, { description: string }>)[AUTH_CONFIG_TOKEN].description);
  return [...lines, ...nested, `${docComment(resourceDescription, "")}export interface AuthConfigArgs {\n${body}}\n`].join("\n");
}
