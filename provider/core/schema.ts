/**
 * The resource's shape, once: the zod schema behind `check`, built from the field table (fields.ts: each
 * field's schema, default and words), and the types every other module uses (`AuthConfigInputs` is the
 * schema's output; nothing declares the shape by hand).
 * The schema is a union discriminated by `type`: managed auth (the default) and custom auth each say
 * which credentials, scheme and proxy they take, so a rule that depends on the type sits on its field.
 * Every message says what to write instead, because it reaches the user as `pulumi preview` output with
 * the property path in front of it. Property names follow the seed's `composio.authConfigs.create(toolkit, options)`.
 */
import type { AuthConfigCreateParams } from "@composio/client/resources/auth-configs";
import { z } from "zod";
import { ADOPTION_CONFLICT_KEY } from "../engineProtocol";
import {
  AUTH_CONFIG_FIELDS,
  BLANK_FIELD,
  DEFAULTS,
  FIELD_NAMES,
  isWrappablePath,
  type FieldName,
  type Fields,
  type FieldSpec,
} from "./fields";

export { DEFAULTS };

/** Every auth scheme the API names; `satisfies` holds the list to the official client's union. */
export const AUTH_SCHEMES = [
  "OAUTH2",
  "OAUTH1",
  "API_KEY",
  "BASIC",
  "BILLCOM_AUTH",
  "BEARER_TOKEN",
  "GOOGLE_SERVICE_ACCOUNT",
  "NO_AUTH",
  "BASIC_WITH_JWT",
  "CALCOM_AUTH",
  "SERVICE_ACCOUNT",
  "SAML",
  "DCR_OAUTH",
  "S2S_OAUTH2",
] as const satisfies readonly AuthConfigCreateParams.UnionMember1["authScheme"][];

export const AUTH_CONFIG_TYPES = ["use_composio_managed_auth", "use_custom_auth"] as const;

/** Keys that would reach an object's prototype when copied; never valid field names. (zod drops
 * `__proto__` silently, so `check` looks for these in the raw input before parsing.) */
export const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

const TYPE_MESSAGE = `type must be one of ${AUTH_CONFIG_TYPES.join(", ")}`;
const ARGUMENTS_NOT_AN_OBJECT = "the auth config arguments must be an object";

/** A credential value as the API takes it: text; scopes may also be a list. */
const credentialValue = z.union([z.string(), z.array(z.string())]);
const scopesValue = credentialValue;

/**
 * Composio separates scopes with commas; OAuth itself (and many providers' docs) with spaces, so
 * `"tickets sales-email-read"` is an easy slip that the API would take as one scope. No scope
 * contains white space, so any inside one (after splitting at commas) is this slip.
 */
function spaceSeparated(value: string | string[]): boolean {
  const scopes = Array.isArray(value) ? value : value.split(",");
  return scopes.some((scope) => /\s/.test(scope.trim()));
}

/** Scope keys are checked apart from other credentials because the API accepts both spellings of a list. */
export const SCOPE_KEYS = ["scopes", "user_scopes"] as const;

/**
 * Each field is checked here rather than by the record's own key and value schemas, so that each
 * failure says the fix for that field: a scope list is not any credential, and a blank name is not a
 * credentials object that is not an object.
 */
const credentials = z
  // Values are typed here and checked one by one below, so each failure names its own fix.
  .record(z.string(), z.custom<z.output<typeof credentialValue>>(), {
    error: 'credentials must be an object of credential fields, e.g. { client_id: "...", client_secret: "..." }',
  })
  .superRefine((value, ctx) => {
    for (const [key, field] of Object.entries(value)) {
      const isScope = (SCOPE_KEYS as readonly string[]).includes(key);
      const scopes = isScope ? scopesValue.safeParse(field) : undefined;
      // Messages never repeat the value: it may be a secret (stack config makes whole lists secret).
      const message =
        key.trim() === ""
          ? BLANK_FIELD
          : scopes && !scopes.success
            ? `${key} must be a comma-separated string or a list of strings, e.g. "repo,user" or ["repo", "user"]`
            : scopes?.success && spaceSeparated(scopes.data)
              ? `${key} are separated by commas, not spaces: write "tickets,sales-email-read" (or a list ["tickets", "sales-email-read"]), not "tickets sales-email-read"`
              : !isScope && typeof field !== "string"
                ? 'must be a string (the API takes credential values as text: quote a number, e.g. "12345")'
                : undefined;
      if (message) ctx.addIssue({ code: "custom", path: [key], message });
    }
  });

const proxyConfig = z.strictObject(
  {
    proxyUrl: z.url({
      protocol: /^https?$/,
      error: 'proxyUrl must be an http(s) URL, e.g. "https://proxy.example.com"',
    }),
    proxyAuthKey: z.string({ error: "proxyAuthKey must be a string (make it a secret with pulumi.secret)" }).optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown field(s) ${issue.keys.join(", ")}; proxyConfig takes proxyUrl and proxyAuthKey`
        : 'proxyConfig must be an object such as { proxyUrl: "https://...", proxyAuthKey: pulumi.secret("...") } or null',
  },
);

const authScheme = z.enum(AUTH_SCHEMES, { error: `authScheme must be one of ${AUTH_SCHEMES.join(", ")}` });

/** Composio-managed auth takes scopes only: the app (and its client id and secret) are Composio's. */
const managedCredentials = credentials.superRefine((value, ctx) => {
  for (const key of Object.keys(value)) {
    // A blank name has its own failure (above).
    if (key.trim() !== "" && !(SCOPE_KEYS as readonly string[]).includes(key)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `${key} is not taken by Composio-managed auth (only scopes and user_scopes); set type "use_custom_auth" to bring your own app`,
      });
    }
  }
});

/** A field's schema as the table gives it: required, with its default, or optional. */
type TableSchema<F> = F extends { schema: infer S extends z.ZodType }
  ? F extends { required: true }
    ? S
    : F extends { default: unknown }
      ? z.ZodDefault<S>
      : z.ZodOptional<S>
  : never;
/** The fields each variant gives its own schema (the table has none for them). */
type VariantFieldName = { [K in FieldName]: Fields[K] extends { schema: z.ZodType } ? never : K }[FieldName];
type CommonShape = { [K in Exclude<FieldName, VariantFieldName>]: TableSchema<Fields[K]> };

function tableSchema(name: FieldName): z.ZodType {
  const field: FieldSpec = AUTH_CONFIG_FIELDS[name];
  if (!field.schema) throw new Error(`schema.ts: ${name} has no schema in the field table; each variant must give one`);
  if (field.required) return field.schema;
  return field.default === undefined ? field.schema.optional() : field.schema.default(field.default as never);
}

/**
 * One variant of the arguments: every field of the table in its order (schema.json's), the four whose rule
 * depends on `type` given by the variant, then the hosts' bookkeeping.
 */
function variant<Own extends Record<VariantFieldName, z.ZodType>>(own: Own) {
  const fields = Object.fromEntries(
    FIELD_NAMES.map((name) => [name, name in own ? own[name as VariantFieldName] : tableSchema(name)]),
  ) as unknown as CommonShape & Own;
  return z.strictObject(
    {
      ...fields,
      __resourceName: z.string().optional(),
      // Set by the SDK when another resource of the program adopts the same id (sdk/adoptionClaims.ts).
      [ADOPTION_CONFLICT_KEY]: z.string().optional(),
      // Paths only, never values: which inputs the program wrapped as secrets (sdk/secretInputs.ts).
      __secretPaths: z.array(z.string().refine(isWrappablePath, { error: "not a property path this provider fingerprints" })).optional(),
      // check's own bookkeeping, present when olds are checked again (e.g. by `pulumi import` tooling).
      __autoname: z.string().optional(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `unknown argument(s) ${issue.keys.join(", ")}; see the AuthConfigArgs documentation for the supported ones`
          : ARGUMENTS_NOT_AN_OBJECT,
    },
  );
}

/** Composio's own app: the default type; scopes are the only credentials, and no proxy (null clears one). */
const managedAuth = variant({
  type: z.literal("use_composio_managed_auth").default(DEFAULTS.type),
  // Optional: the toolkit's managed scheme when omitted.
  authScheme: authScheme.optional(),
  credentials: managedCredentials.optional(),
  // A proxy's own mistakes are named first (the fix may be to add `type`, and the proxy must be right then too).
  proxyConfig: proxyConfig
    .nullable()
    .optional()
    .refine((proxy) => proxy === undefined || proxy === null, {
      error: 'proxyConfig needs type "use_custom_auth"; Composio-managed auth cannot go through your proxy',
    }),
});

/** The program's own app: its scheme is required, any credential field of the scheme, and an optional proxy. */
const customAuth = variant({
  type: z.literal("use_custom_auth"),
  authScheme: z.enum(AUTH_SCHEMES, {
    error: (issue) =>
      issue.input === undefined
        ? 'authScheme is required with type "use_custom_auth"; set the scheme of your own app, e.g. "OAUTH2" or "API_KEY"'
        : `authScheme must be one of ${AUTH_SCHEMES.join(", ")}`,
  }),
  credentials: credentials.optional(),
  proxyConfig: proxyConfig.nullable().optional(),
});

/** The variants, one per `type`: check validates against every one when `type` selects none (check.ts). */
export const AUTH_CONFIG_VARIANTS = [managedAuth, customAuth] as const;

/**
 * The arguments: a union discriminated by `type`, whose omission selects managed auth. zod's own
 * issues for the union itself (a `type` that selects no variant, input that is no object) get their
 * messages here, with every other message of the schema. What zod's discriminated union does not do:
 * when `type` selects no variant it checks nothing else (check.ts then checks the other properties
 * against every variant), and a refinement on the union runs only when a variant parsed (hence `when`).
 */
export const authConfigInputSchema = z
  .discriminatedUnion("type", AUTH_CONFIG_VARIANTS, {
    error: (issue) => (issue.code === "invalid_union" ? TYPE_MESSAGE : ARGUMENTS_NOT_AN_OBJECT),
  })
  .superRefine(
    (value, ctx) => {
      const conflict: unknown = value[ADOPTION_CONFLICT_KEY];
      if (typeof conflict === "string") ctx.addIssue({ code: "custom", path: ["adoptId"], message: conflict });
    },
    // Also when other arguments have problems: the conflict is another resource's doing, said every time.
    { when: ({ value }) => value !== null && typeof value === "object" },
  );

export type AuthScheme = z.output<typeof authScheme>;

/** Whether a scheme the server reports is one this provider names (reads give a plain string). */
export function isAuthScheme(value: unknown): value is AuthScheme {
  return authScheme.safeParse(value).success;
}

export type AuthConfigType = (typeof AUTH_CONFIG_TYPES)[number];
export type CredentialValue = z.output<typeof credentialValue>;
export type ToolAccessConfig = z.output<Fields["toolAccessConfig"]["schema"]>;
export type ProxyConfig = z.output<typeof proxyConfig>;

/** What a program may pass (before defaults), one member per variant: the SDK's AuthConfigArgs derive from it. */
export type AuthConfigArgsShape = z.input<typeof authConfigInputSchema>;

/** Whether the schema takes `value` as a program's arguments. */
export function isAuthConfigArgs(value: unknown): value is AuthConfigArgsShape {
  return authConfigInputSchema.safeParse(value).success;
}

/**
 * What `check` returns and the engine hands back to every later hook: the parsed input with its
 * defaults and, always, a name (given, kept from the previous run, or generated from the resource name),
 * plus what the hooks themselves record in it.
 */
export type AuthConfigInputs = Checked<z.output<typeof authConfigInputSchema>>;

/** One variant's checked inputs (distributed over the union, so `type` still tells the variants apart). */
type Checked<Parsed> = Parsed extends unknown ? Omit<Parsed, "name"> & CheckBookkeeping : never;

interface CheckBookkeeping {
  name: string;
  /** Set by `check`: a version per secret field, counted up when it changes (secrets.ts `secretVersions`). */
  secretVersions?: Record<string, number>;
  /**
   * Set by a refresh: the property paths of hidden fields it marked as changed on the server, with the
   * marker (visibility.ts). Markers in secret fields print as [secret]; this copy never does.
   */
  __changedOnServer?: Record<string, string>;
}

type CustomAuthInputs = Extract<AuthConfigInputs, { type: "use_custom_auth" }>;

/**
 * An auth config as state holds it (previous outputs, the inputs a refresh writes back): any variant's
 * fields. What a refresh observes is the server's, not checked by the schema, so it is typed as loosely
 * as the server may hold it (a custom config's scheme as read, a managed config's fields); every checked
 * input is one. Writes (create bodies, update plans) are built from checked inputs, narrowed by `type`.
 */
export type StoredAuthConfig = Omit<CustomAuthInputs, "type" | "authScheme"> & {
  type: AuthConfigType;
  /** As the server reports it: possibly a scheme this provider does not name yet. */
  authScheme?: string;
};

/**
 * Whether a stored config keeps its variant's rules as far as the types tell them apart (a custom config
 * has a scheme, and a scheme is one this provider names): true of every checked input, so of what a
 * create recorded.
 */
export function isVariant(config: StoredAuthConfig): config is AuthConfigInputs {
  return config.authScheme === undefined ? config.type !== "use_custom_auth" : isAuthScheme(config.authScheme);
}
