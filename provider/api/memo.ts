/**
 * Per-process memoisation of API look-ups. Callers with the same key share one call, whether they
 * come at the same time or later, and a failure is kept like a result: within one Pulumi run (a
 * program or a provider process) a toolkit that could not be read is not asked for again by every
 * resource that uses it.
 */
import { createHash } from "node:crypto";
import type { ProviderSettings } from "./settings";

export function memoize<A extends unknown[], T>(
  keyOf: (...args: A) => string,
  load: (...args: A) => Promise<T>,
): (...args: A) => Promise<T> {
  const entries = new Map<string, Promise<T>>();
  return (...args: A) => {
    const key = keyOf(...args);
    let entry = entries.get(key);
    if (!entry) {
      entry = load(...args);
      // The failure is still delivered to every caller; this only stops Node reporting it as unhandled.
      entry.catch(() => undefined);
      entries.set(key, entry);
    }
    return entry;
  };
}

/** Which API and project a look-up was made against; the key is hashed so it never sits in a map key. */
export function settingsKey(settings: ProviderSettings): string {
  return `${settings.baseUrl}|${createHash("sha256").update(settings.apiKey).digest("hex").slice(0, 32)}`;
}
