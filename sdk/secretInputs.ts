/**
 * Marks secret inputs as Pulumi secrets before they reach the engine, so a client secret typed as
 * a plain string is still encrypted in state. Credential fields are secret by name (client_secret,
 * api_key, ...), the proxy key and all shared credentials always.
 */
import * as pulumi from "@pulumi/pulumi";
import { isSecretKey } from "../provider/core/secrets";

type Inputs = Record<string, pulumi.Input<unknown>>;

function isPlainObject(value: unknown): value is Inputs {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    !pulumi.Output.isInstance(value) &&
    !(value instanceof Promise)
  );
}

/** Secret-named credential fields become secrets one by one, so scopes and client ids stay readable in diffs. */
export function secretCredentials<T>(credentials: pulumi.Input<T> | undefined): pulumi.Input<T> | undefined {
  if (credentials === undefined) return undefined;
  if (!isPlainObject(credentials)) return pulumi.secret(credentials) as pulumi.Input<T>;
  return Object.fromEntries(
    Object.entries(credentials).map(([key, value]) => [key, isSecretKey(key) ? pulumi.secret(value) : value]),
  ) as T;
}

/**
 * Credential fields that reach the engine as non-secret values: given plain and not secret-named.
 * Only field names; the provider warns when the toolkit marks one of them secret (it cannot see
 * secretness itself). An Output-valued credentials object is made secret whole, so it has none.
 */
export async function plainCredentialKeys(credentials: pulumi.Input<unknown> | undefined): Promise<string[]> {
  if (!isPlainObject(credentials)) return [];
  const entries = Object.entries(credentials).filter(([key]) => !isSecretKey(key));
  const plain = await Promise.all(
    entries.map(async ([, value]) => !pulumi.Output.isInstance(value) || !(await pulumi.isSecret(value as pulumi.Output<unknown>))),
  );
  return entries.filter((_, i) => plain[i]).map(([key]) => key);
}

export function secretProxyConfig<T>(proxyConfig: pulumi.Input<T> | undefined): pulumi.Input<T> | undefined {
  if (proxyConfig === undefined || proxyConfig === null) return proxyConfig;
  if (!isPlainObject(proxyConfig)) return pulumi.secret(proxyConfig) as pulumi.Input<T>;
  const { proxyAuthKey, ...rest } = proxyConfig;
  return (proxyAuthKey === undefined ? rest : { ...rest, proxyAuthKey: pulumi.secret(proxyAuthKey) }) as T;
}

export function secretWhole<T>(value: pulumi.Input<T> | undefined): pulumi.Input<T> | undefined {
  return value === undefined ? undefined : (pulumi.secret(value) as pulumi.Input<T>);
}

/** Whether a value holds a Pulumi secret anywhere: a secret Output, or a list or object with one inside. */
async function holdsSecret(value: unknown): Promise<boolean> {
  if (pulumi.Output.isInstance(value)) return pulumi.isSecret(value as pulumi.Output<unknown>);
  if (value instanceof Promise) return false;
  const parts = Array.isArray(value) ? value : value !== null && typeof value === "object" ? Object.values(value) : [];
  return (await Promise.all(parts.map(holdsSecret))).some(Boolean);
}

/**
 * The property paths (schema.ts `WRAPPABLE_PATHS`) of the values the program wrapped as secrets, for
 * the provider to fingerprint in outputs: it receives plain values and cannot tell. Only paths cross,
 * never a value, and the list itself is no secret. A section wrapped whole (`credentials:
 * pulumi.secret({...})`) counts for every field in it.
 */
export function wrappedSecretPaths(args: {
  name?: pulumi.Input<unknown>;
  adoptId?: pulumi.Input<unknown>;
  credentials?: pulumi.Input<unknown>;
  proxyConfig?: pulumi.Input<unknown>;
  toolAccessConfig?: pulumi.Input<unknown>;
}): pulumi.Output<string[] | undefined> {
  const fields = (section: unknown, paths: Record<string, string>): Array<[string, unknown]> =>
    isPlainObject(section) ? Object.entries(paths).map(([key, path]) => [path, section[key]]) : [];
  const credentialFields = isPlainObject(args.credentials)
    ? Object.entries(args.credentials).filter(([key]) => !isSecretKey(key)).map(([key, value]): [string, unknown] => [`credentials.${key}`, value])
    : [];
  const wholeSections = (section: unknown, paths: string[]): Array<[string, unknown]> =>
    pulumi.Output.isInstance(section) ? paths.map((path) => [path, section]) : [];
  const candidates: Array<[string, unknown]> = [
    ["name", args.name],
    ["adoptId", args.adoptId],
    ...wholeSections(args.credentials, ["credentials.*"]),
    ...credentialFields,
    ...wholeSections(args.proxyConfig, ["proxyConfig.proxyUrl"]),
    ...fields(args.proxyConfig, { proxyUrl: "proxyConfig.proxyUrl" }),
    ...wholeSections(args.toolAccessConfig, ["toolAccessConfig.toolsForConnectedAccountCreation", "toolAccessConfig.toolsAvailableForExecution"]),
    ...fields(args.toolAccessConfig, {
      toolsForConnectedAccountCreation: "toolAccessConfig.toolsForConnectedAccountCreation",
      toolsAvailableForExecution: "toolAccessConfig.toolsAvailableForExecution",
    }),
  ];
  return pulumi.output(
    Promise.all(candidates.map(async ([path, value]) => ((await holdsSecret(value)) ? path : undefined))).then((paths) =>
      // None: no input at all, so the state of a program that wraps nothing is as before.
      paths.some((path) => path !== undefined) ? paths.filter((path): path is string => path !== undefined) : undefined,
    ),
  );
}
