/**
 * Secrets, in one place: which values are secret, and how they are kept out of outputs. Pure.
 *
 * Which: credential fields are secret by name (client_secret, api_key, ...), and the proxy key and shared
 * credentials always. Any other value is secret when the program wrapped it in a Pulumi secret: the SDK
 * sends the property paths of those (never the values) under SECRET_PATHS_KEY (engineProtocol.ts; the
 * paths it may send are schema.ts's WRAPPABLE_PATHS), because a dynamic provider receives plain values
 * and could not tell otherwise. Which values the server hides on reads is a different question,
 * answered by visibility.ts.
 *
 * How: secret values never go into a resource's outputs: outputs hold a salted fingerprint instead. The
 * engine stores outputs next to inputs, and Pulumi's own `--debug` logging prints the outputs of
 * every registration in clear, so only the inputs (encrypted as Pulumi secrets) keep the real value.
 * Diff compares a new value with the stored fingerprint, so changing a secret in the program is still
 * an update, and nothing is learned from the state about the secret itself.
 */
import { createHmac, randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { CREDENTIAL_PATH, type AuthConfigInputs } from "./schema";
import { comparableAt } from "./normalize";
import { isChangedOnServer } from "./visibility";

/** Credential field names that carry secrets in Composio's toolkits (client_secret, api_key, password ...). */
const SECRET_KEY = /secret|password|passwd|passphrase|token|api_?key|private|auth_?key|credential|signing/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Whether the value at `path` is a secret, given the paths the program wrapped. */
export function isSecretPath(path: string, wrapped: readonly string[] = []): boolean {
  if (path === "proxyConfig.proxyAuthKey" || path.startsWith("sharedCredentials.")) return true;
  if (CREDENTIAL_PATH.test(path)) return isSecretKey(path.slice("credentials.".length)) || wrapped.includes("credentials.*") || wrapped.includes(path);
  return wrapped.includes(path);
}

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

/** `path` is the secret's property path, e.g. `credentials.client_secret`. */
type SecretMapper = (value: unknown, path: string, old: unknown) => unknown;

/**
 * Applies `map` to every secret value (`isSecretPath`): secret-named credentials, the proxy
 * key, all shared credentials, and whatever else the program wrapped as a secret. The value handed to
 * `map` is in the diff's terms (normalize.ts `comparableAt`), so a reordered tool list or re-spelled
 * scopes keep their fingerprint.
 */
function mapSecrets(config: AuthConfigInputs, reference: Partial<AuthConfigInputs>, map: SecretMapper): AuthConfigInputs {
  const wrapped = config.__secretPaths ?? [];
  const secret = (path: string, value: unknown, old: unknown) =>
    isSecretPath(path, wrapped) && value !== undefined ? map(isFingerprint(value) || isChangedOnServer(value) ? value : comparableAt(path, value), path, old) : value;
  const result: AuthConfigInputs = { ...config };
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

/**
 * A version per secret field, counted up whenever its value changes: an input that says *that* a
 * secret changed, never what. Pulumi's diff display cannot show a secret's change, and 3.248's
 * dynamic-provider protocol carries no detailed diff, so without it a rotated `client_secret` shows
 * no changed property in `pulumi preview --diff`. `olds` are the previous inputs (values, or
 * fingerprints and markers after a refresh): compared in the same terms as the diff compares them.
 */
export function secretVersions(news: AuthConfigInputs, olds: Partial<AuthConfigInputs>): Record<string, number> | undefined {
  const before = (path: string) => {
    const version = (olds.secretVersions as Record<string, unknown> | undefined)?.[path];
    return Number.isSafeInteger(version) ? (version as number) : 1;
  };
  const versions: Record<string, number> = {};
  mapSecrets(news, olds, (value, path, old) => {
    const unchanged = old !== undefined && isDeepStrictEqual(alignWith(value, old), old);
    versions[path] = old === undefined ? 1 : before(path) + (unchanged ? 0 : 1);
    return value;
  });
  return Object.keys(versions).length > 0 ? versions : undefined;
}
