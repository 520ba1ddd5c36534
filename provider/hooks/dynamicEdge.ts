/**
 * The dynamic provider's edge. Its protocol carries plain values: which ones the program wrapped in
 * pulumi.secret only the SDK can see, and it says so in its report (engineProtocol.ts SdkReport, with the
 * resource's name and the credential fields given plain). Here that report becomes what the shared check
 * takes (values with secrets marked, core/secretMarks.ts, and what the host knows besides), and the checked
 * inputs become what the dynamic provider keeps: plain values, each secret sealed (sealing.ts), the wrapped paths
 * in `__secretPaths`. Its other hooks mark those plain values from `__secretPaths` (core/secrets.ts
 * `markedFromPlain`) before the hooks' marked methods run, and return what they answer plain (`plainAnswer`).
 */
import type { CheckContext } from "../core/check";
import type { StoredAuthConfig } from "../core/schema";
import { markSecrets, withoutMarks } from "../core/secretMarks";
import { takeSdkReport } from "../engineProtocol";
import { sealSecrets } from "./sealing";

/** What a host knows beside the program's values. */
export type HostKnowledge = Omit<CheckContext, "suffix"> & {
  /** The credential fields the program gave as plain values, when the host was told (else the marks say). */
  plainCredentials?: string[];
  /** The wrapped paths as reported, in the report's order. */
  secretPaths?: string[];
};

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : undefined;
const string = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/**
 * `rawNews` as the dynamic provider receives them, marked: each value at a path the SDK reported wrapped,
 * the report taken out as the host's knowledge.
 */
export function markedFromReport(rawNews: unknown): { news: unknown; host: HostKnowledge } {
  const { news, plainCredentials } = takeSdkReport(rawNews);
  if (news === null || typeof news !== "object" || Array.isArray(news)) return { news, host: { plainCredentials } };
  const { __resourceName, __secretPaths, __adoptionConflict, ...values } = news as Record<string, unknown>;
  const secretPaths = strings(__secretPaths);
  // A record wrapped whole (`credentials.*`, fields.ts WRAPPABLE_PATHS) is marked whole.
  const marked = new Set((secretPaths ?? []).map((path) => (path.endsWith(".*") ? path.slice(0, -2) : path)));
  const host: HostKnowledge = {
    plainCredentials,
    resourceName: string(__resourceName),
    adoptionConflict: string(__adoptionConflict),
    secretPaths,
  };
  return { news: markSecrets(values, (path) => marked.has(path)), host };
}

const sameMembers = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item) => b.includes(item));

/**
 * Checked inputs (marked) as the dynamic provider returns them: plain, each secret sealed (keeping the seals
 * `olds` hold for unchanged values), and `__secretPaths` as the state has them when they name the same paths
 * (else as the SDK reported them): the core sorts them, and a reordered list would differ from the state's
 * inputs and make the engine write a checkpoint in a no-change run.
 */
export function dynamicInputs(marked: Record<string, unknown>, host: HostKnowledge, olds: unknown): StoredAuthConfig {
  const previous = (olds ?? {}) as Partial<StoredAuthConfig>;
  const inputs = withoutMarks(sealSecrets(marked as StoredAuthConfig, previous));
  const derived = inputs.__secretPaths;
  const kept = derived && [previous.__secretPaths, host.secretPaths].find((paths) => Array.isArray(paths) && sameMembers(paths, derived));
  if (kept) inputs.__secretPaths = kept;
  return inputs;
}

/**
 * A marked hook's answer as the dynamic provider returns it: plain. So are the outputs a create that failed
 * half-way records (the error's `properties`, which the dynamic provider writes to state).
 */
export async function plainAnswer<T>(hook: () => Promise<T>): Promise<T> {
  try {
    return withoutMarks(await hook());
  } catch (error) {
    const recorded = error as { properties?: unknown };
    if (recorded.properties !== undefined) Object.assign(error as object, { properties: withoutMarks(recorded.properties) });
    throw error;
  }
}
