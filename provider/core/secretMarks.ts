/**
 * The marked form: how the core's check takes and returns values with secrets marked. Pure.
 *
 * A secret-marked value is Pulumi's own secret envelope, `{ [SIG_KEY]: SECRET_SIG, value }`: what a resource
 * provider plugin that accepts secrets receives from the engine and returns to it (the engine encrypts each
 * in state and never prints it), so the plugin hands its values to the core as they arrive. The dynamic
 * provider receives plain values and the SDK's report of which ones the program wrapped; its hooks mark
 * those at their edge (provider/hooks/dynamicEdge.ts) before calling the same check.
 *
 * Marks only ever say *that* a value is secret. Which paths are secret whatever the program marked
 * (secret-named credentials, the proxy key, shared credentials) is secrets.ts's `isSecretPath`.
 */
import { WRAPPABLE_PATHS } from "./schema";
import { isSecretKey } from "./secrets";

/** Pulumi's special-signature key and the signature of a secret (sdk/go/common/resource/sig). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A value marked secret. */
export interface Secret<T = unknown> {
  [SIG_KEY]: typeof SECRET_SIG;
  value: T;
}

export const markSecret = <T>(value: T): Secret<T> => ({ [SIG_KEY]: SECRET_SIG, value });

export function isMarked(value: unknown): value is Secret {
  return value !== null && typeof value === "object" && !Array.isArray(value) && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** `value` without marks, and the dotted paths (`credentials.client_secret`, `toolAccessConfig.x.0`) that had one. */
export function unmarkSecrets(value: unknown, path: string[] = [], found: string[] = []): { value: unknown; markedPaths: string[] } {
  if (isMarked(value)) {
    found.push(path.join("."));
    return { value: unmarkSecrets(value.value, path, []).value, markedPaths: found };
  }
  if (Array.isArray(value)) {
    return { value: value.map((item, i) => unmarkSecrets(item, [...path, String(i)], found).value), markedPaths: found };
  }
  if (value !== null && typeof value === "object") {
    const plain = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unmarkSecrets(item, [...path, key], found).value]));
    return { value: plain, markedPaths: found };
  }
  return { value, markedPaths: found };
}

/** `value` with each value at a path `isSecret` says is secret marked (the outermost such path; none inside a mark). */
export function markSecrets(value: unknown, isSecret: (path: string) => boolean): unknown {
  const walk = (node: unknown, path: string[]): unknown => {
    if (path.length > 0 && isSecret(path.join(".")) && node !== undefined && node !== null) return markSecret(node);
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, String(i)]));
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item, [...path, key])]));
    }
    return node;
  };
  return walk(value, []);
}

/** Whether a marked path covers `path`: the same, inside it (a list item), or around it (a section marked whole). */
const covers = (marked: string, path: string) => marked === path || marked.startsWith(`${path}.`) || path.startsWith(`${marked}.`);

/**
 * The marked paths in `__secretPaths` terms (schema.ts WRAPPABLE_PATHS; `credentials.*` for a credentials
 * object marked whole): the paths the core fingerprints in outputs beyond those secret by name.
 */
export function wrappablePaths(markedPaths: readonly string[], credentialKeys: readonly string[]): string[] {
  const paths = new Set<string>();
  for (const marked of markedPaths) {
    if (marked === "credentials") paths.add("credentials.*");
    for (const key of credentialKeys) if (covers(marked, `credentials.${key}`) && marked !== "credentials") paths.add(`credentials.${key}`);
    for (const path of WRAPPABLE_PATHS) if (path !== "credentials.*" && covers(marked, path)) paths.add(path);
  }
  return [...paths].sort();
}

/** Credential fields given unmarked that are not secret by name: check warns when the toolkit calls one secret. */
export function plainCredentialKeys(markedPaths: readonly string[], credentialKeys: readonly string[]): string[] {
  return credentialKeys.filter((key) => !isSecretKey(key) && !markedPaths.some((marked) => covers(marked, `credentials.${key}`)));
}
