/**
 * Secret values never go into a resource's outputs: outputs hold a salted fingerprint instead. The
 * engine stores outputs next to inputs, and Pulumi's own `--debug` logging prints the outputs of
 * every registration in clear, so only the inputs (encrypted as Pulumi secrets) keep the real value.
 * Diff compares a new value with the stored fingerprint, so changing a secret in the program is still
 * an update, and nothing is learned from the state about the secret itself.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { AuthConfigInputs } from "./model";
import { isSecretKey } from "./secrets";
import { isChangedOnServer } from "./visibility";

const PREFIX = "fingerprint:v1:";

export function isFingerprint(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(PREFIX);
}

export function fingerprint(value: unknown, salt = randomBytes(8).toString("hex")): string {
  const digest = createHmac("sha256", salt).update(JSON.stringify(value) ?? "undefined").digest("hex").slice(0, 32);
  return `${PREFIX}${salt}:${digest}`;
}

/** The fingerprint `stored` if `value` is what it was made from, else a fresh one (so the two differ). */
function alignWith(value: unknown, stored: unknown): unknown {
  if (isFingerprint(value) || !isFingerprint(stored)) return value;
  const salt = stored.slice(PREFIX.length).split(":")[0];
  return fingerprint(value, salt) === stored ? stored : fingerprint(value, salt);
}

type SecretMapper = (value: unknown, key: string, old: unknown) => unknown;

/** Applies `map` to every secret value: secret-named credentials, the proxy key, all shared credentials. */
function mapSecrets(config: AuthConfigInputs, reference: Partial<AuthConfigInputs>, map: SecretMapper): AuthConfigInputs {
  const result: AuthConfigInputs = { ...config };
  if (config.credentials) {
    result.credentials = Object.fromEntries(
      Object.entries(config.credentials).map(([key, value]) => [
        key,
        isSecretKey(key) ? (map(value, key, reference.credentials?.[key]) as typeof value) : value,
      ]),
    );
  }
  if (config.proxyConfig?.proxyAuthKey !== undefined) {
    result.proxyConfig = {
      ...config.proxyConfig,
      proxyAuthKey: map(config.proxyConfig.proxyAuthKey, "proxyAuthKey", reference.proxyConfig?.proxyAuthKey) as string,
    };
  }
  if (config.sharedCredentials) {
    result.sharedCredentials = Object.fromEntries(
      Object.entries(config.sharedCredentials).map(([key, value]) => [key, map(value, key, reference.sharedCredentials?.[key])]),
    );
  }
  return result;
}

/**
 * Outputs-safe copy: secrets replaced by fingerprints. A value that `previous` already fingerprinted
 * keeps the same fingerprint, so unchanged secrets leave unchanged outputs.
 */
export function redactSecrets<T extends AuthConfigInputs>(config: T, previous: Partial<AuthConfigInputs> = {}): T {
  return { ...config, ...mapSecrets(config, previous, (value, _key, old) => {
    // A "changed on the server" marker is not a secret: it says when, never what.
    if (isChangedOnServer(value)) return value;
    const aligned = alignWith(value, old);
    return isFingerprint(aligned) ? aligned : fingerprint(value);
  }) };
}

/** `news` with each secret replaced by the stored fingerprint it matches (or a differing one), for diffing against outputs. */
export function alignSecrets(news: AuthConfigInputs, olds: Partial<AuthConfigInputs>): AuthConfigInputs {
  return mapSecrets(news, olds, (value, _key, old) => alignWith(value, old));
}
