/**
 * Marks secret inputs as Pulumi secrets before they reach the engine, so a client secret typed as
 * a plain string is still encrypted in state. Credential fields are secret by name (client_secret,
 * api_key, ...), the proxy key and all shared credentials always.
 */
import * as pulumi from "@pulumi/pulumi";
import { WRAPPABLE_PATHS } from "../provider/core/fields";
import { isSecretKey, isSecretPath } from "../provider/core/secrets";

type Inputs = Record<string, pulumi.Input<unknown>>;

function isPlainObject(value: unknown): value is Inputs {
  return (
    value !== null && typeof value === "object" && !Array.isArray(value) && !pulumi.Output.isInstance(value) && !(value instanceof Promise)
  );
}

/** Secret-named credential fields become secrets one by one, so scopes and client ids stay readable in diffs. */
export function secretCredentials<T>(credentials: pulumi.Input<T> | undefined): pulumi.Input<T> | undefined {
  if (credentials === undefined) return undefined;
  if (!isPlainObject(credentials)) return pulumi.secret(credentials) as pulumi.Input<T>;
  return Object.fromEntries(Object.entries(credentials).map(([key, value]) => [key, isSecretKey(key) ? pulumi.secret(value) : value])) as T;
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

/** The values at one wrappable path (fields.ts `WRAPPABLE_PATHS`) that may hold a secret, with the path each counts for. */
function candidatesAt(path: string, args: Inputs): Array<[string, unknown]> {
  const [property, field] = path.split(".");
  const section = args[property];
  if (field === undefined) return [[path, section]];
  // A section that is an Output (made secret whole, or from another resource) counts for every path in it.
  if (pulumi.Output.isInstance(section)) return [[path, section]];
  if (!isPlainObject(section)) return [];
  if (field !== "*") return [[path, section[field]]];
  // A record field by field: those secret whatever the program wrapped are not the program's choice to report.
  return Object.entries(section)
    .filter(([key]) => !isSecretPath(`${property}.${key}`))
    .map(([key, value]): [string, unknown] => [`${property}.${key}`, value]);
}

/**
 * The property paths (fields.ts `WRAPPABLE_PATHS`) of the values the program wrapped as secrets, for
 * the provider to fingerprint in outputs: it receives plain values and cannot tell. Only paths cross,
 * never a value, and the list itself is no secret. A section wrapped whole (`credentials:
 * pulumi.secret({...})`) counts for every field in it.
 */
export function wrappedSecretPaths(args: object): pulumi.Output<string[] | undefined> {
  const candidates = WRAPPABLE_PATHS.flatMap((path) => candidatesAt(path, args as Inputs));
  return pulumi.output(
    Promise.all(candidates.map(async ([path, value]) => ((await holdsSecret(value)) ? path : undefined))).then((paths) =>
      // None: no input at all, so the state of a program that wraps nothing is as before.
      paths.some((path) => path !== undefined) ? paths.filter((path): path is string => path !== undefined) : undefined,
    ),
  );
}
