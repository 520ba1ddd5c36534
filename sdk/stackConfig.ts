/**
 * Auth configs and the MCP servers that use them, declared in stack config, for the platform-repo program (the root
 * Pulumi.yaml): one `authConfigs` list per stack, e.g. `Pulumi.prod.yaml`, with secrets set by
 * `pulumi config set --secret --path 'authConfigs[1].credentials.client_secret' ...`, and an optional `mcpServers`
 * list naming the auth configs by their key.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { checkAuthConfig, formatPath } from "../provider/core/check";
import { checkMcpServer, MCP_SERVER_FIELD_NAMES, type McpServerArgsShape } from "../provider/core/mcpServer";
import { isAuthConfigArgs, type AuthConfigArgsShape } from "../provider/core/schema";
import { SECRET_BEARING_PROPERTIES } from "../provider/core/secrets";
import { AuthConfig, type AuthConfigArgs } from "./authConfig";
import { McpServer } from "./mcpServer";

/** The platform program's config keys (`declareStackConfig`): error messages name them. */
const AUTH_CONFIGS_KEY = "authConfigs";
const MCP_SERVERS_KEY = "mcpServers";
const KEY_RULE = /^[A-Za-z0-9][\w.-]*$/;
const KEY_MESSAGE = 'key must be letters, digits, "_", "-" or "."';

/** One list entry: AuthConfig's arguments plus an optional `key` (default: the toolkit) naming it. */
const entrySchema = z
  .object(
    {
      key: z.string().regex(KEY_RULE, { error: KEY_MESSAGE }).optional(),
      toolkit: z.string({ error: 'toolkit is required, e.g. "github"' }),
    },
    { error: "each entry must be an object with at least a toolkit" },
  )
  .loose();

const listSchema = z.array(entrySchema, {
  error:
    "must be a list of auth configs, one entry per config: pulumi config set --path 'authConfigs[0].toolkit' github (see Pulumi.dev.yaml)",
});

export interface DeclaredAuthConfigs {
  /** The resources, by key. */
  resources: Record<string, AuthConfig>;
  /** key -> auth config id, the stack output apps read through a StackReference. */
  ids: pulumi.Output<Record<string, string>>;
}

export interface DeclareOptions {
  /** The config key the entries came from, for error messages. Default "authConfigs". */
  configKey?: string;
  /**
   * The entries hold secrets somewhere (any value set with `--secret --path`): credentials, the proxy
   * config and shared credentials of every entry are then kept secret as a whole, since config does not
   * say which nested values were the secret ones.
   */
  secret?: boolean;
}

/** Marks an entry's secret-bearing arguments (secrets.ts) secret as a whole. */
function withSecretSettings(args: AuthConfigArgsShape): AuthConfigArgs {
  const secrets = SECRET_BEARING_PROPERTIES.flatMap((key) => {
    const value = args[key];
    return value === undefined || value === null ? [] : [[key, pulumi.secret(value)] as const];
  });
  return { ...args, ...Object.fromEntries(secrets) };
}

/**
 * Whether anything under `key` of this project's stack config was set with `--secret`, from the runtime (its own
 * `isConfigSecret`, not in the typed API: when it is missing, the answer is yes, the safe side).
 */
function isSecretInConfig(config: pulumi.Config, key: string): boolean {
  const { runtime } = pulumi;
  return "isConfigSecret" in runtime && typeof runtime.isConfigSecret === "function"
    ? runtime.isConfigSecret(`${config.name}:${key}`) !== false
    : true;
}

/** The list under `key` in this project's stack config, declared with `declareAuthConfigs`. */
export function declareAuthConfigsFromConfig(key = AUTH_CONFIGS_KEY, opts?: pulumi.CustomResourceOptions): DeclaredAuthConfigs {
  const config = new pulumi.Config();
  return declareAuthConfigs(config.requireObject(key), opts, { configKey: key, secret: isSecretInConfig(config, key) });
}

/**
 * Validates the whole list, then declares one AuthConfig per entry. Nothing is registered unless every
 * entry passes: under `pulumi up --skip-preview` the engine creates each resource as it is registered,
 * so a bad entry found after the first would leave the ones before it created. Each entry gets the
 * provider's own offline check (shapes, names, scopes); the toolkit's rules still run per resource.
 */
export function declareAuthConfigs(
  entries: unknown,
  opts?: pulumi.CustomResourceOptions,
  options: DeclareOptions = {},
): DeclaredAuthConfigs {
  const configKey = options.configKey ?? AUTH_CONFIGS_KEY;
  return registerAuthConfigs(validateEntries(entries, configKey), opts, options.secret === true);
}

function registerAuthConfigs(
  declared: DeclaredEntry[],
  opts: pulumi.CustomResourceOptions | undefined,
  secret: boolean,
): DeclaredAuthConfigs {
  const resources: Record<string, AuthConfig> = {};
  for (const { name, args } of declared) {
    resources[name] = new AuthConfig(name, secret ? withSecretSettings(args) : args, opts);
  }
  return { resources, ids: outputsByKey(resources, (resource) => resource.authConfigId) };
}

const outputsByKey = <R>(resources: Record<string, R>, output: (resource: R) => pulumi.Output<string>) =>
  pulumi.all(Object.fromEntries(Object.entries(resources).map(([name, resource]) => [name, output(resource)])));

export interface DeclaredMcpServers {
  /** The resources, by key. */
  resources: Record<string, McpServer>;
  /** key -> the URL agents connect to, the stack output apps read through a StackReference. */
  urls: pulumi.Output<Record<string, string>>;
}

export interface DeclaredStackConfig {
  authConfigs: DeclaredAuthConfigs;
  mcpServers: DeclaredMcpServers;
}

/**
 * The platform program's stack config: the `authConfigs` list and the optional `mcpServers` list, both validated
 * before either is declared (see `declareStackConfig`).
 */
export function declareStackConfigFromConfig(opts?: pulumi.CustomResourceOptions): DeclaredStackConfig {
  const config = new pulumi.Config();
  return declareStackConfig(
    { authConfigs: config.requireObject(AUTH_CONFIGS_KEY), mcpServers: config.getObject(MCP_SERVERS_KEY) ?? [] },
    opts,
    { secret: isSecretInConfig(config, AUTH_CONFIGS_KEY) },
  );
}

/**
 * Auth configs (as `declareAuthConfigs`, under the config key `authConfigs`) and MCP servers (under `mcpServers`),
 * each server's `authConfigs` naming auth configs by their key. Both lists are validated before anything is
 * registered, for the reason `declareAuthConfigs` gives: a bad server must not leave the auth configs created.
 */
export function declareStackConfig(
  entries: { authConfigs: unknown; mcpServers?: unknown },
  opts?: pulumi.CustomResourceOptions,
  options: Pick<DeclareOptions, "secret"> = {},
): DeclaredStackConfig {
  const authConfigEntries = validateEntries(entries.authConfigs, AUTH_CONFIGS_KEY);
  const serverEntries = validateMcpServerEntries(entries.mcpServers ?? [], authConfigEntries);
  const authConfigs = registerAuthConfigs(authConfigEntries, opts, options.secret === true);
  const resources: Record<string, McpServer> = {};
  for (const { name, authConfigKeys, args } of serverEntries) {
    const authConfigIds = authConfigKeys.map((key) => authConfigs.resources[key].authConfigId);
    resources[name] = new McpServer(name, { ...args, authConfigIds }, opts);
  }
  return { authConfigs, mcpServers: { resources, urls: outputsByKey(resources, (resource) => resource.mcpUrl) } };
}

/**
 * A mistake in the stack's config, reported by Pulumi as the program's error: a RunError is printed as its message
 * alone, where any other error would be "failed with an unhandled exception" and a stack trace into this file.
 */
const configError = (message: string) => new pulumi.RunError(message);

interface DeclaredEntry {
  name: string;
  args: AuthConfigArgsShape;
}

/** The entries as resource names and arguments; throws on the first problem, naming its config path. */
function validateEntries(entries: unknown, configKey: string): DeclaredEntry[] {
  const parsed = listSchema.safeParse(entries);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw configError(`stack config ${configPath(configKey, issue.path)}: ${issue.message}`);
  }
  const seen = new Set<string>();
  return parsed.data.map(({ key, ...args }, index) => {
    const name = key ?? args.toolkit;
    if (seen.has(name)) {
      throw configError(`stack config ${configKey}[${index}]: a second auth config named "${name}"; give one of them a distinct "key"`);
    }
    seen.add(name);
    // Only the failures are read: the autoname a suffix would make is never used.
    const [failure] = checkAuthConfig({}, args, () => "").failures;
    if (failure) {
      const where = `${configKey}[${index}]${failure.property.startsWith("[") ? "" : "."}${failure.property}`;
      throw configError(`stack config ${where}: ${failure.reason}${typedValueHint(args, failure.property, where)}`);
    }
    // Check passed, so the schema takes the entry as it is; the guard tells the compiler so.
    if (!isAuthConfigArgs(args)) throw configError(`stack config ${configKey}[${index}]: not the arguments of an auth config`);
    return { name, args };
  });
}

/**
 * `pulumi config set --path ... 12345` stores a number (and `true` a boolean), while credential
 * values are text: say how to store it as one. (Converting it here could lose what was meant: a
 * leading zero is gone once the CLI has read it as a number.) The value itself is never repeated.
 */
function typedValueHint(args: Record<string, unknown>, property: string, where: string): string {
  const field = /^credentials\.(.+)$/.exec(property)?.[1];
  const credentials = args.credentials as Record<string, unknown> | undefined;
  const value = field === undefined ? undefined : credentials?.[field];
  return typeof value === "number" || typeof value === "boolean"
    ? `; in stack config, store it as text: pulumi config set --type string --path '${where}' <value>`
    : "";
}

/** A place in the stack config, as `pulumi config set --path` takes it: `mcpServers[0].authConfigs[1]`. */
const configPath = (configKey: string, path: ReadonlyArray<PropertyKey>) => formatPath([configKey, ...path]);

/** What a server entry takes: McpServer's arguments, with `authConfigs` (keys) where the resource takes ids. */
const MCP_ENTRY_PROPERTIES = ["key", "authConfigs", ...MCP_SERVER_FIELD_NAMES.filter((name) => name !== "authConfigIds")];
const MCP_AUTH_CONFIGS_MESSAGE = `authConfigs must be a non-empty list of keys of ${AUTH_CONFIGS_KEY} entries, e.g. [github]`;

/** One `mcpServers` entry: a required `key` naming the resource (and its `mcpUrls` entry), the auth configs by key. */
const mcpEntrySchema = z
  .object(
    {
      key: z
        .string({ error: 'key is required: the server\'s name in this stack, e.g. "github-agent"' })
        .regex(KEY_RULE, { error: KEY_MESSAGE }),
      authConfigs: z
        .array(z.string({ error: MCP_AUTH_CONFIGS_MESSAGE }), { error: MCP_AUTH_CONFIGS_MESSAGE })
        .min(1, { error: MCP_AUTH_CONFIGS_MESSAGE }),
    },
    { error: "each entry must be an object with a key and authConfigs" },
  )
  .loose();

const mcpListSchema = z.array(mcpEntrySchema, {
  error: `must be a list of MCP servers, one entry per server: pulumi config set --path '${MCP_SERVERS_KEY}[0].key' github-agent (see Pulumi.dev.yaml)`,
});

interface DeclaredMcpServerEntry {
  name: string;
  /** Keys of `authConfigs` entries, in the entry's order. */
  authConfigKeys: string[];
  args: Omit<McpServerArgsShape, "authConfigIds">;
}

/**
 * The `mcpServers` entries as resource names, auth config keys and arguments; throws on the first problem, naming
 * its config path: shapes, duplicate keys, an auth config key `authConfigs` does not have, two auth configs of one
 * toolkit (a server takes one per toolkit), and each entry by McpServer's offline check (name rule, tool slugs).
 */
function validateMcpServerEntries(entries: unknown, authConfigs: DeclaredEntry[]): DeclaredMcpServerEntry[] {
  const parsed = mcpListSchema.safeParse(entries);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw configError(`stack config ${configPath(MCP_SERVERS_KEY, issue.path)}: ${issue.message}`);
  }
  const toolkitOf = new Map(authConfigs.map(({ name, args }) => [name, args.toolkit.toLowerCase()]));
  const seen = new Set<string>();
  return parsed.data.map(({ key, authConfigs: authConfigKeys, ...args }, index) => {
    const at = (...path: PropertyKey[]) => `stack config ${configPath(MCP_SERVERS_KEY, [index, ...path])}`;
    if (seen.has(key)) throw configError(`${at()}: a second MCP server with the key "${key}"; give each a distinct "key"`);
    seen.add(key);
    const unknown = Object.keys(args).find((property) => !MCP_ENTRY_PROPERTIES.includes(property));
    if (unknown === "authConfigIds") {
      throw configError(`${at(unknown)}: name the auth configs by their key in ${AUTH_CONFIGS_KEY} instead, e.g. authConfigs: [github]`);
    }
    if (unknown !== undefined) throw configError(`${at(unknown)}: unknown setting; an MCP server takes ${MCP_ENTRY_PROPERTIES.join(", ")}`);
    const toolkits = new Map<string, string>();
    authConfigKeys.forEach((authConfigKey, position) => {
      const toolkit = toolkitOf.get(authConfigKey);
      if (toolkit === undefined) {
        const keys = [...toolkitOf.keys()].join(", ");
        throw configError(
          `${at("authConfigs", position)}: no ${AUTH_CONFIGS_KEY} entry has the key "${authConfigKey}" (its keys: ${keys}); ` +
            `use one of them, or add an auth config with that key to ${AUTH_CONFIGS_KEY}`,
        );
      }
      const before = toolkits.get(toolkit);
      if (before !== undefined) {
        throw configError(
          `${at("authConfigs", position)}: "${authConfigKey}" is a second ${toolkit} auth config after "${before}"; a server takes one auth config per toolkit`,
        );
      }
      toolkits.set(toolkit, authConfigKey);
    });
    // The ids are not known yet: a well-formed stand-in lets the check judge every other argument.
    const [failure] = checkMcpServer({}, { ...args, authConfigIds: ["ac_fromstackconfig"] }, () => "").failures;
    if (failure) throw configError(`${at()}.${failure.property}: ${failure.reason}`);
    return { name: key, authConfigKeys, args: args as DeclaredMcpServerEntry["args"] };
  });
}
