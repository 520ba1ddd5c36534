/**
 * Secrets, in one place: which values are secret, and how they are kept out of outputs. Pure.
 *
 * Which: credential fields are secret by name (client_secret, api_key, ...), and the proxy key and shared
 * credentials always. Any other value is secret when the program wrapped it in a Pulumi secret: the SDK
 * sends the property paths of those (never the values) under SECRET_PATHS_KEY (engineProtocol.ts; the
 * paths it may send are fields.ts's WRAPPABLE_PATHS), because a dynamic provider receives plain values
 * and could not tell otherwise. Which values the server hides on reads is a different question,
 * answered by visibility.ts.
 *
 * How: secret values never go into a resource's outputs: outputs hold a salted fingerprint instead. The
 * engine stores outputs next to inputs, and Pulumi's own `--debug` logging prints the outputs of
 * every registration in clear. Diff compares a new value with the stored fingerprint, so changing a
 * secret in the program is still an update, and nothing is learned from the state about the secret.
 *
 * Nor do they leave `check` in clear: a dynamic provider cannot answer a preview, so the engine takes
 * the checked inputs as the planned outputs, and that same debug line would print them. `check`
 * returns each secret sealed: its fingerprint, plus the value encrypted under a key that lives only
 * in this provider process. The engine calls diff, create and update in the process that checked
 * their inputs, and they open the seals first; a seal from an earlier process (in the state's
 * inputs) is still its fingerprint for every comparison. When the program's value is still the one a
 * stored seal stands for, check keeps that seal (so unchanged inputs compare equal and the engine
 * writes no checkpoint for them), and this process opens it with the value check saw.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { StoredAuthConfig } from "./schema";
import { comparableAt } from "./normalize";
import { isAlwaysSecretPath, wrappableRecordOf } from "./fields";
import { isChangedOnServer } from "./visibility";

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

export function fingerprint(value: unknown, salt = randomBytes(8).toString("hex")): string {
  const digest = createHmac("sha256", salt).update(JSON.stringify(value) ?? "undefined").digest("hex").slice(0, 32);
  return `${PREFIX}${salt}:${digest}`;
}

const SEAL = ":sealed:";
/** This process's sealing key: a seal outlives the process only as the fingerprint in front of it. */
const SEALING_KEY = randomBytes(32);

function isSealed(value: unknown): value is string {
  return isFingerprint(value) && value.includes(SEAL);
}

/** The fingerprint part of a sealed value (a plain fingerprint is its own). */
function fingerprintPart(value: string): string {
  return value.split(SEAL)[0];
}

function seal(value: unknown, fingerprintOfValue: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", SEALING_KEY, iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return `${fingerprintOfValue}${SEAL}${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64")}`;
}

/**
 * Seals from the state that check kept because the program's value is still the one they stand for,
 * with that value: this process opens them as its own (`open`). Without them every unchanged secret
 * would get a new seal on every run, so its resource's inputs would differ from the stored ones, and
 * the engine writes the whole state for each such resource even in a no-change `up` (BENCHMARKS.md).
 */
const keptSeals = new Map<string, unknown>();

/** Whether this process sealed `value`: its key opens it. */
function canOpen(value: string): boolean {
  try {
    open(value, "");
    return true;
  } catch {
    return false;
  }
}

function open(value: string, path: string): unknown {
  if (keptSeals.has(value)) return keptSeals.get(value);
  const bytes = Buffer.from(value.split(SEAL)[1], "base64");
  try {
    const decipher = createDecipheriv("aes-256-gcm", SEALING_KEY, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8"));
  } catch {
    // Only an engine that skipped check in this process gets here; the value is not lost, it is in the program.
    throw new Error(`${path}: this value was checked by another provider process and cannot be opened here; run the command again`);
  }
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
function fingerprintLike(value: unknown, path: string, old: unknown): unknown {
  // A "changed on the server" marker is not a secret: it says when, never what.
  if (isChangedOnServer(value)) return value;
  if (isFingerprint(value)) return fingerprintPart(value);
  const aligned = alignWith(value, path, old);
  return isFingerprint(aligned) ? fingerprintPart(aligned) : fingerprintAt(value, path);
}

/** `path` is the secret's property path, e.g. `credentials.client_secret`. */
type SecretMapper = (value: unknown, path: string, old: unknown) => unknown;

/**
 * Applies `map` to every secret value (`isSecretPath`): secret-named credentials, the proxy
 * key, all shared credentials, and whatever else the program wrapped as a secret.
 */
function mapSecrets<T extends StoredAuthConfig>(config: T, reference: Partial<StoredAuthConfig>, map: SecretMapper): T {
  const wrapped = config.__secretPaths ?? [];
  const secret = (path: string, value: unknown, old: unknown) =>
    isSecretPath(path, wrapped) && value !== undefined ? map(value, path, old) : value;
  const result: StoredAuthConfig = { ...config };
  result.name = secret("name", config.name, reference.name) as string;
  if (config.adoptId !== undefined) result.adoptId = secret("adoptId", config.adoptId, reference.adoptId) as string;
  if (config.credentials) {
    result.credentials = Object.fromEntries(
      Object.entries(config.credentials).map(([key, value]) => [key, secret(`credentials.${key}`, value, reference.credentials?.[key]) as typeof value]),
    );
  }
  if (config.proxyConfig) {
    const proxy = { ...config.proxyConfig, proxyUrl: secret("proxyConfig.proxyUrl", config.proxyConfig.proxyUrl, reference.proxyConfig?.proxyUrl) as string };
    if (config.proxyConfig.proxyAuthKey !== undefined) {
      proxy.proxyAuthKey = secret("proxyConfig.proxyAuthKey", config.proxyConfig.proxyAuthKey, reference.proxyConfig?.proxyAuthKey) as string;
    }
    result.proxyConfig = proxy;
  }
  if (config.toolAccessConfig) {
    const tools = { ...config.toolAccessConfig };
    for (const list of ["toolsForConnectedAccountCreation", "toolsAvailableForExecution"] as const) {
      if (tools[list] !== undefined) tools[list] = secret(`toolAccessConfig.${list}`, tools[list], reference.toolAccessConfig?.[list]) as string[];
    }
    result.toolAccessConfig = tools;
  }
  if (config.sharedCredentials) {
    result.sharedCredentials = Object.fromEntries(
      Object.entries(config.sharedCredentials).map(([key, value]) => [key, secret(`sharedCredentials.${key}`, value, reference.sharedCredentials?.[key])]),
    );
  }
  // `config`'s own type (its variant, its outputs) with the values replaced.
  return { ...config, ...result };
}

/**
 * Outputs-safe copy: secrets replaced by fingerprints. A value that `previous` already fingerprinted
 * keeps the same fingerprint, so unchanged secrets leave unchanged outputs.
 */
export function redactSecrets<T extends StoredAuthConfig>(config: T, previous: Partial<StoredAuthConfig> = {}): T {
  return mapSecrets(config, previous, fingerprintLike);
}

/**
 * `check`'s answer: each secret sealed (see the top of this file), its fingerprint the one `olds`
 * (the previous inputs) hold when unchanged. Markers and fingerprints (after a refresh) stay as they are.
 */
export function sealSecrets<T extends StoredAuthConfig>(inputs: T, olds: Partial<StoredAuthConfig>): T {
  return mapSecrets(inputs, olds, (value, path, old) => {
    if (isFingerprint(value) || isChangedOnServer(value)) return value;
    const fingerprintOfValue = fingerprintLike(value, path, old) as string;
    // Unchanged since the stored seal (any process's): keep it, so unchanged inputs stay equal (keptSeals).
    if (isSealed(old) && fingerprintPart(old) === fingerprintOfValue) {
      keptSeals.set(old, value);
      return old;
    }
    return seal(value, fingerprintOfValue);
  });
}

/**
 * The inputs `check` sealed, with the program's values back: what create and update work with.
 * `{ unopened: "keep" }` (for diff) leaves a seal from another process as it is: a refresh diffs the
 * state's inputs, sealed by an earlier run, and compares them by fingerprint (alignWith).
 */
export function openSecrets<T extends StoredAuthConfig>(inputs: T, { unopened }: { unopened: "fail" | "keep" } = { unopened: "fail" }): T {
  return mapSecrets(inputs, {}, (value, path) => {
    if (!isSealed(value)) return value;
    return unopened === "keep" && !canOpen(value) ? value : open(value, path);
  });
}

/** `news` with each secret replaced by the stored fingerprint it matches (or a differing one), for diffing against outputs. */
export function alignSecrets<T extends StoredAuthConfig>(news: T, olds: Partial<StoredAuthConfig>): T {
  return mapSecrets(news, olds, (value, path, old) => alignWith(value, path, old));
}

/**
 * A version per secret field, counted up whenever its value changes: an input that says *that* a
 * secret changed, never what. Pulumi's diff display cannot show a secret's change, and 3.248's
 * dynamic-provider protocol carries no detailed diff, so without it a rotated `client_secret` shows
 * no changed property in `pulumi preview --diff`. `olds` are the previous inputs (values, or
 * fingerprints and markers after a refresh): compared in the same terms as the diff compares them.
 */
export function secretVersions(news: StoredAuthConfig, olds: Partial<StoredAuthConfig>): Record<string, number> | undefined {
  const before = (path: string) => {
    const version = (olds.secretVersions as Record<string, unknown> | undefined)?.[path];
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
