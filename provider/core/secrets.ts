/**
 * Secrets, in one place: which values are secret, and how they are kept out of outputs.
 *
 * Which: credential fields are secret by name (client_secret, api_key, ...), and the proxy key and shared
 * credentials always. Any other value is secret when the program wrapped it in a Pulumi secret: it reaches
 * the core marked (secretMarks.ts), and every function here tells it by its mark. Checked inputs also keep the
 * marked paths (never the values) under SECRET_PATHS_KEY (engineProtocol.ts; the paths they may hold are
 * fields.ts's WRAPPABLE_PATHS): the dynamic provider keeps plain values, and marks them again from those paths
 * at its edge (`markedFromPlain`) before it calls the core.
 * Which values the server hides on reads is a different question, answered by visibility.ts.
 *
 * How: secret values never go into a resource's outputs: outputs hold a salted fingerprint instead. The
 * engine stores outputs next to inputs, and Pulumi's own `--debug` logging prints the outputs of
 * every registration in clear. Diff compares a new value with the stored fingerprint, so changing a
 * secret in the program is still an update, and nothing is learned from the state about the secret.
 *
 * A value that is a fingerprint already (the state's, or a holder's value that starts with one: the
 * dynamic provider's seals, provider/hooks/sealing.ts) is compared by its fingerprint part.
 *
 * Pure but for one thing: a fingerprint made for a value no stored fingerprint stands for draws a
 * random salt (`fingerprint`'s default), so equal secrets of two configs never look equal in state.
 */
import { createHmac, randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { StoredAuthConfig } from "./schema";
import { comparableAt } from "./normalize";
import { isAlwaysSecretPath, wrappableRecordOf } from "./fields";
import { isChangedOnServer } from "./visibility";
import { keepMarks, markSecrets, unmarkSecrets, withoutMarks, wrappablePaths } from "./secretMarks";

// Which values are secret is the field table's (fields.ts): secret-named credentials, the proxy key, every shared credential.
export { isSecretKey, SECRET_BEARING_PROPERTIES } from "./fields";

/** Whether the value at `path` is a secret, given the paths the program wrapped (a record wrapped whole: `credentials.*`). */
export function isSecretPath(path: string, wrapped: readonly string[] = []): boolean {
  if (isAlwaysSecretPath(path)) return true;
  const record = wrappableRecordOf(path);
  return wrapped.includes(path) || (record !== undefined && wrapped.includes(`${record}.*`));
}

const PREFIX = "fingerprint:v1:";

export function isFingerprint(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(PREFIX);
}

function fingerprint(value: unknown, salt = randomBytes(8).toString("hex")): string {
  const digest = createHmac("sha256", salt)
    .update(JSON.stringify(value) ?? "undefined")
    .digest("hex")
    .slice(0, 32);
  return `${PREFIX}${salt}:${digest}`;
}

/**
 * The fingerprint part of a stored value: a fingerprint is `fingerprint:v1:<salt>:<digest>`, and a holder
 * may append its own part after it (the dynamic provider's seals, provider/hooks/sealing.ts), which
 * every comparison here ignores.
 */
export function fingerprintPart(value: string): string {
  return value.split(":").slice(0, 4).join(":");
}

/**
 * The fingerprint of the value at `path`, made in the diff's terms (normalize.ts `comparableAt`), so
 * a reordered tool list or re-spelled scopes keep their fingerprint.
 */
function fingerprintAt(value: unknown, path: string, salt?: string): string {
  return fingerprint(comparableAt(path, value), salt);
}

const saltOf = (stored: string) => stored.slice(PREFIX.length).split(":")[0];

/**
 * `value` in `stored`'s terms: `stored` itself (or its seal) when both say the same value, else
 * something that differs from it. A value that is a fingerprint already (a seal from another
 * process, in the inputs a refresh diffs) is compared by fingerprint: with the same salt exactly;
 * with another salt (fingerprints written before writes took their salt from the seal) it cannot
 * be told apart, and such a pair only ever stands for a value this provider wrote, so it is the same.
 */
function alignWith(value: unknown, path: string, stored: unknown): unknown {
  if (isFingerprint(value)) {
    const own = fingerprintPart(value);
    if (isFingerprint(stored)) return saltOf(own) !== saltOf(stored) || own === fingerprintPart(stored) ? stored : own;
    return stored !== undefined && fingerprintAt(stored, path, saltOf(own)) === own ? stored : own;
  }
  if (!isFingerprint(stored)) return value;
  const made = fingerprintAt(value, path, saltOf(stored));
  return made === fingerprintPart(stored) ? stored : made;
}

/** Whether `value` is the one `stored` stands for: the value itself, or what its fingerprint was made from. */
export function isStoredValue(value: unknown, path: string, stored: unknown): boolean {
  return isDeepStrictEqual(alignWith(value, path, stored), stored);
}

/** A fingerprint for `value` (unless it is one or a marker already): `old`'s when the value is unchanged. */
export function fingerprintLike(value: unknown, path: string, old: unknown): unknown {
  // A "changed on the server" marker is not a secret: it says when, never what.
  if (isChangedOnServer(value)) return value;
  if (isFingerprint(value)) return fingerprintPart(value);
  const aligned = alignWith(value, path, old);
  return isFingerprint(aligned) ? fingerprintPart(aligned) : fingerprintAt(value, path);
}

/**
 * Plain values as a host keeps them (the dynamic provider's inputs and outputs: the wrapped paths in
 * `__secretPaths`) in the core's terms: each secret marked, those wrapped and those secret by name or place.
 */
export function markedFromPlain<T>(values: T): T {
  const wrapped = (values as Partial<StoredAuthConfig> | null)?.__secretPaths;
  return markSecrets(values, (path) => isSecretPath(path, Array.isArray(wrapped) ? wrapped : [])) as T;
}

/** `path` is the secret's property path, e.g. `credentials.client_secret`. */
export type SecretMapper = (value: unknown, path: string, old: unknown) => unknown;

/**
 * Applies `map` to every secret value (`isSecretPath`): secret-named credentials, the proxy
 * key, all shared credentials, and whatever else the program wrapped as a secret: the values marked
 * (secretMarks.ts). `map` sees plain values, and the result keeps `marked`'s marks.
 */
export function mapSecrets<T extends StoredAuthConfig>(marked: T, markedReference: Partial<StoredAuthConfig>, map: SecretMapper): T {
  const { value, markedPaths } = unmarkSecrets(marked);
  const config = value as T;
  const reference = withoutMarks(markedReference);
  const wrapped = wrappablePaths(markedPaths, config);
  const secret = (path: string, value: unknown, old: unknown) =>
    isSecretPath(path, wrapped) && value !== undefined ? map(value, path, old) : value;
  const result: StoredAuthConfig = { ...config };
  result.name = secret("name", config.name, reference.name) as string;
  if (config.adoptId !== undefined) result.adoptId = secret("adoptId", config.adoptId, reference.adoptId) as string;
  if (config.credentials) {
    result.credentials = Object.fromEntries(
      Object.entries(config.credentials).map(([key, value]) => [
        key,
        secret(`credentials.${key}`, value, reference.credentials?.[key]) as typeof value,
      ]),
    );
  }
  if (config.proxyConfig) {
    const proxy = {
      ...config.proxyConfig,
      proxyUrl: secret("proxyConfig.proxyUrl", config.proxyConfig.proxyUrl, reference.proxyConfig?.proxyUrl) as string,
    };
    if (config.proxyConfig.proxyAuthKey !== undefined) {
      proxy.proxyAuthKey = secret(
        "proxyConfig.proxyAuthKey",
        config.proxyConfig.proxyAuthKey,
        reference.proxyConfig?.proxyAuthKey,
      ) as string;
    }
    result.proxyConfig = proxy;
  }
  if (config.toolAccessConfig) {
    const tools = { ...config.toolAccessConfig };
    for (const list of ["toolsForConnectedAccountCreation", "toolsAvailableForExecution"] as const) {
      if (tools[list] !== undefined)
        tools[list] = secret(`toolAccessConfig.${list}`, tools[list], reference.toolAccessConfig?.[list]) as string[];
    }
    result.toolAccessConfig = tools;
  }
  if (config.sharedCredentials) {
    result.sharedCredentials = Object.fromEntries(
      Object.entries(config.sharedCredentials).map(([key, value]) => [
        key,
        secret(`sharedCredentials.${key}`, value, reference.sharedCredentials?.[key]),
      ]),
    );
  }
  // `config`'s own type (its variant, its outputs) with the values replaced.
  return keepMarks({ ...config, ...result }, markedPaths);
}

/**
 * Outputs-safe copy: secrets replaced by fingerprints, marked where `config` was. A value that `previous`
 * already fingerprinted keeps the same fingerprint, so unchanged secrets leave unchanged outputs.
 */
export function redactSecrets<T extends StoredAuthConfig>(config: T, previous: Partial<StoredAuthConfig> = {}): T {
  return mapSecrets(config, previous, fingerprintLike);
}

/**
 * `news` with each secret replaced by the stored fingerprint it matches (or a differing one), for diffing against
 * outputs: plain, in the diff's terms (marked or not, both sides compare alike).
 */
export function alignSecrets<T extends StoredAuthConfig>(news: T, olds: Partial<StoredAuthConfig>): T {
  return withoutMarks(mapSecrets(news, olds, (value, path, old) => alignWith(value, path, old)));
}

/**
 * A version per secret field, counted up whenever its value changes: an input that says *that* a
 * secret changed, never what. Pulumi's diff display cannot show a secret's change, and 3.248's
 * dynamic-provider protocol carries no detailed diff, so without it a rotated `client_secret` shows
 * no changed property in `pulumi preview --diff`. `olds` are the previous inputs (values, or
 * fingerprints and markers after a refresh): compared in the same terms as the diff compares them.
 * Both may be marked.
 */
export function secretVersions(news: StoredAuthConfig, olds: Partial<StoredAuthConfig>): Record<string, number> | undefined {
  const previous = withoutMarks(olds).secretVersions as Record<string, unknown> | undefined;
  const before = (path: string) => {
    const version = previous?.[path];
    return Number.isSafeInteger(version) ? (version as number) : 1;
  };
  const versions: Record<string, number> = {};
  mapSecrets(news, olds, (value, path, old) => {
    const unchanged = old !== undefined && isDeepStrictEqual(alignWith(value, path, old), old);
    versions[path] = old === undefined ? 1 : before(path) + (unchanged ? 0 : 1);
    return value;
  });
  return Object.keys(versions).length > 0 ? versions : undefined;
}
