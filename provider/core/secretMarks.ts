/**
 * The marked form: how the core takes and returns values with secrets marked. Pure.
 *
 * A secret-marked value is Pulumi's own secret envelope, `{ [SIG_KEY]: SECRET_SIG, value }`: what a resource
 * provider plugin that accepts secrets receives from the engine and returns to it (the engine encrypts each
 * in state and never prints it), so the plugin hands its values to the core as they arrive. The dynamic
 * provider receives plain values and the SDK's report of which ones the program wrapped; its hooks mark
 * those at their edge (provider/hooks/dynamicEdge.ts) before calling the same check, which marks every secret
 * (the program's marks, and every path secrets.ts `isSecretPath` calls secret) and keeps the marked paths
 * as `__secretPaths`, the form the dynamic provider's plain values and its state carry them in.
 *
 * Every other core function takes values in this form too and keeps their marks: a value it returns is marked
 * wherever the value it was made from was (`keepMarks`), and a value it sends to the API is plain. Checked
 * inputs mark every secret, so what is made from them does too. The functions know a wrapped value by its mark
 * only: the dynamic provider marks its plain values from `__secretPaths` at its edge (secrets.ts
 * `markedFromPlain`) and makes what they return plain again.
 *
 * Marks only ever say *that* a value is secret. Which paths are secret whatever the program marked
 * (secret-named credentials, the proxy key, shared credentials) is secrets.ts's `isSecretPath`.
 */
import { isSecretKey, WRAPPABLE_PATHS } from "./fields";

/** Pulumi's special-signature key and the signature of a secret (sdk/go/common/resource/sig). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A value marked secret. */
export interface Secret<T = unknown> {
  [SIG_KEY]: typeof SECRET_SIG;
  value: T;
}

export const markSecret = <T>(value: T): Secret<T> => ({ [SIG_KEY]: SECRET_SIG, value });

function isMarked(value: unknown): value is Secret {
  return value !== null && typeof value === "object" && !Array.isArray(value) && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/**
 * Deeper than any valid input: a value nested further is left as it is (check fails such input anyway), so a
 * hostile program's nesting cannot exhaust the stack.
 */
const MAX_DEPTH = 32;

/** `value` without marks, and the dotted paths (`credentials.client_secret`, `toolAccessConfig.x.0`) that had one. */
export function unmarkSecrets(value: unknown): { value: unknown; markedPaths: string[] } {
  const markedPaths: string[] = [];
  // `inside`: within a mark already, whose path is the one recorded.
  const walk = (node: unknown, path: string[], inside: boolean): unknown => {
    if (path.length > MAX_DEPTH) return node;
    if (isMarked(node)) {
      if (!inside) markedPaths.push(path.join("."));
      return walk(node.value, path, true);
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, String(i)], inside));
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item, [...path, key], inside)]));
    }
    return node;
  };
  return { value: walk(value, [], false), markedPaths };
}

/** `value` without its marks (a value the core works on inside a function, or sends to the API). */
export const withoutMarks = <T>(value: T): T => unmarkSecrets(value).value as T;

/** `result` (a value made from one whose marked paths were `markedPaths`) marked at those paths again. */
export function keepMarks<T>(result: T, markedPaths: readonly string[]): T {
  return markedPaths.length === 0 ? result : (markSecrets(result, (path) => markedPaths.includes(path)) as T);
}

/** `value` with each value at a path `isSecret` says is secret marked (the outermost such path; none inside a mark). */
export function markSecrets(value: unknown, isSecret: (path: string) => boolean): unknown {
  const walk = (node: unknown, path: string[]): unknown => {
    if (path.length > MAX_DEPTH) return node;
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

/** The records a program may wrap whole (`credentials.*`), from the field table. */
const WRAPPABLE_RECORDS = WRAPPABLE_PATHS.filter((path) => path.endsWith(".*")).map((path) => path.slice(0, -2));

/**
 * The marked paths in `__secretPaths` terms (fields.ts WRAPPABLE_PATHS; `credentials.*` for a credentials
 * object marked whole): the paths the core fingerprints in outputs beyond those always secret. `values` are
 * the unmarked values, for the entries of a wrappable record.
 */
export function wrappablePaths(markedPaths: readonly string[], values: Record<string, unknown>): string[] {
  const paths = new Set<string>();
  const entries = WRAPPABLE_RECORDS.flatMap((record) => Object.keys(asRecord(values[record])).map((key) => `${record}.${key}`));
  for (const marked of markedPaths) {
    if (WRAPPABLE_RECORDS.includes(marked)) paths.add(`${marked}.*`);
    else for (const entry of entries) if (covers(marked, entry)) paths.add(entry);
    for (const path of WRAPPABLE_PATHS) if (!path.endsWith(".*") && covers(marked, path)) paths.add(path);
  }
  return [...paths].sort();
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Credential fields given unmarked that are not secret by name: check warns when the toolkit calls one secret. */
export function plainCredentialKeys(markedPaths: readonly string[], credentialKeys: readonly string[]): string[] {
  return credentialKeys.filter((key) => !isSecretKey(key) && !markedPaths.some((marked) => covers(marked, `credentials.${key}`)));
}
