/**
 * Auth configs declared in stack config, for the platform-repo program (the root Pulumi.yaml): one
 * list per stack, e.g. `Pulumi.prod.yaml`, with secrets set by
 * `pulumi config set --secret --path 'authConfigs[1].credentials.client_secret' ...`.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { checkAuthConfig } from "../provider/core/check";
import { isAuthConfigArgs, type AuthConfigArgsShape } from "../provider/core/schema";
import { SECRET_BEARING_PROPERTIES } from "../provider/core/secrets";
import { AuthConfig, type AuthConfigArgs } from "./authConfig";

/** One list entry: AuthConfig's arguments plus an optional `key` (default: the toolkit) naming it. */
const entrySchema = z
  .object(
    {
      key: z
        .string()
        .regex(/^[A-Za-z0-9][\w.-]*$/, { error: 'key must be letters, digits, "_", "-" or "."' })
        .optional(),
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
 * The list under `key` in this project's stack config, declared with `declareAuthConfigs`. Whether
 * any of it was set with `--secret` comes from the runtime (its own `isConfigSecret`, not in the typed
 * API: when it is missing, the entries are treated as secret, the safe side).
 */
export function declareAuthConfigsFromConfig(key = "authConfigs", opts?: pulumi.CustomResourceOptions): DeclaredAuthConfigs {
  const config = new pulumi.Config();
  const { runtime } = pulumi;
  const secret =
    "isConfigSecret" in runtime && typeof runtime.isConfigSecret === "function"
      ? runtime.isConfigSecret(`${config.name}:${key}`) !== false
      : true;
  return declareAuthConfigs(config.requireObject(key), opts, { configKey: key, secret });
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
  const configKey = options.configKey ?? "authConfigs";
  const declared = validateEntries(entries, configKey);
  const resources: Record<string, AuthConfig> = {};
  for (const { name, args } of declared) {
    resources[name] = new AuthConfig(name, options.secret ? withSecretSettings(args) : args, opts);
  }
  const ids = pulumi.all(Object.fromEntries(Object.entries(resources).map(([name, resource]) => [name, resource.authConfigId])));
  return { resources, ids };
}

/**
 * A mistake in the stack's config, reported by Pulumi as the program's error: a RunError is printed as its message
 * alone, where any other error would be "failed with an unhandled exception" and a stack trace into this file.
 */
const configError = (message: string) => new pulumi.RunError(message);

/** The entries as resource names and arguments; throws on the first problem, naming its config path. */
function validateEntries(entries: unknown, configKey: string): Array<{ name: string; args: AuthConfigArgsShape }> {
  const parsed = listSchema.safeParse(entries);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    throw configError(`stack config ${configKey}${where}: ${issue.message}`);
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
