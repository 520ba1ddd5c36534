/**
 * Secrets as they cross the engine to a resource provider plugin. Pure.
 *
 * The plugin's Configure answers acceptSecrets, so a value the program (or stack config) marked secret
 * arrives wrapped in Pulumi's secret envelope `{ [SIG]: SECRET_SIG, value }`, and a value the plugin
 * returns stays encrypted in state only when it is wrapped again. The hooks (provider/hooks) take
 * plain values, as the dynamic provider hands them: so the plugin unwraps on the way in, remembering
 * the property paths of the envelopes, and wraps on the way out. Those paths also stand in for what the
 * dynamic provider's SDK reports (SdkReport.secretPaths: which paths the program wrapped), so the core
 * fingerprints the same values in outputs under both hosts.
 */
import { SDK_REPORT_KEY, SECRET_PATHS_KEY, type SdkReport } from "../engineProtocol";
import { isSecretKey, isSecretPath } from "../core/secrets";
import { WRAPPABLE_PATHS } from "../core/fields";

/** Pulumi's special-signature key and the signature of a secret (sdk/go/common/resource/sig). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

type Json = unknown;

function isEnvelope(value: Json): value is { value: Json } {
  return value !== null && typeof value === "object" && !Array.isArray(value) && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** `value` without envelopes, and the dotted paths (`credentials.client_secret`, `toolAccessConfig.x.0`) that had one. */
export function unwrapSecrets(value: Json, path: string[] = [], found: string[] = []): { value: Json; secretPaths: string[] } {
  if (isEnvelope(value)) {
    found.push(path.join("."));
    return { value: unwrapSecrets(value.value, path, []).value, secretPaths: found };
  }
  if (Array.isArray(value)) return { value: value.map((item, i) => unwrapSecrets(item, [...path, String(i)], found).value), secretPaths: found };
  if (value !== null && typeof value === "object") {
    const plain = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unwrapSecrets(item, [...path, key], found).value]));
    return { value: plain, secretPaths: found };
  }
  return { value, secretPaths: found };
}

export const wrapSecret = (value: Json): Json => ({ [SIG_KEY]: SECRET_SIG, value });

/**
 * `value` with every secret wrapped: the paths that came in wrapped, and whatever the core calls secret
 * (secret-named credentials, the proxy key, shared credentials, the paths in `__secretPaths`), so a
 * client secret given as a plain string is still encrypted in state, as the dynamic provider's SDK ensures.
 */
export function wrapSecrets(value: Json, secretPaths: readonly string[]): Json {
  const wrapped = (value as Record<string, unknown> | null)?.[SECRET_PATHS_KEY];
  const programPaths = Array.isArray(wrapped) ? (wrapped as string[]) : [];
  const isSecret = (path: string) => secretPaths.includes(path) || isSecretPath(path, programPaths);
  const walk = (node: Json, path: string[]): Json => {
    if (path.length > 0 && isSecret(path.join(".")) && node !== undefined && node !== null) return wrapSecret(node);
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, String(i)]));
    if (node !== null && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item, [...path, key])]));
    return node;
  };
  return walk(value, []);
}

/** Whether a secret path covers `path`: the same, inside it (a list item), or around it (a section wrapped whole). */
const covers = (secret: string, path: string) => secret === path || secret.startsWith(`${path}.`) || path.startsWith(`${secret}.`);

/** The program's wrapped paths in `__secretPaths` terms (fields.ts WRAPPABLE_PATHS; `credentials.*` for a whole credentials object). */
export function wrappablePaths(secretPaths: readonly string[], credentialKeys: readonly string[]): string[] {
  const paths = new Set<string>();
  for (const secret of secretPaths) {
    if (secret === "credentials") paths.add("credentials.*");
    for (const key of credentialKeys) if (covers(secret, `credentials.${key}`) && secret !== "credentials") paths.add(`credentials.${key}`);
    for (const path of WRAPPABLE_PATHS) if (path !== "credentials.*" && covers(secret, path)) paths.add(path);
  }
  return [...paths].sort();
}

/** Credential fields given as plain values that are not secret by name (what the SDK reports as SdkReport.plainCredentials). */
export function plainCredentialKeys(secretPaths: readonly string[], credentialKeys: readonly string[]): string[] {
  return credentialKeys.filter((key) => !isSecretKey(key) && !secretPaths.some((secret) => covers(secret, `credentials.${key}`)));
}

/**
 * Raw `news` from a Check request in the shape the dynamic provider's SDK sends: plain values, and the
 * SDK's report (engineProtocol.ts SdkReport): the wrapped paths, the plain credential names, and the
 * resource's name (for autonaming). A report the program itself passed is replaced.
 */
export function asDynamicNews(news: Json, resourceName: string): { news: Record<string, unknown>; secretPaths: string[] } {
  const { value, secretPaths } = unwrapSecrets(news);
  const plain = { ...((value ?? {}) as Record<string, unknown>) };
  const credentials = plain.credentials;
  const keys = credentials !== null && typeof credentials === "object" && !Array.isArray(credentials) ? Object.keys(credentials) : [];
  const report: SdkReport = { resourceName };
  const wrapped = wrappablePaths(secretPaths, keys);
  if (wrapped.length > 0) report.secretPaths = wrapped;
  const plainKeys = plainCredentialKeys(secretPaths, keys);
  if (plainKeys.length > 0) report.plainCredentials = plainKeys;
  plain[SDK_REPORT_KEY] = report;
  return { news: plain, secretPaths };
}
