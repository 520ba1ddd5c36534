/**
 * Marks secret inputs as Pulumi secrets before they reach the engine, so a client secret typed as
 * a plain string is still encrypted in state. Credential fields are secret by name (client_secret,
 * api_key, ...), the proxy key and all shared credentials always.
 */
import * as pulumi from "@pulumi/pulumi";
import { isSecretKey } from "../provider/secrets";

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
