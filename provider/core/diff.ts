/**
 * `diff`: which properties differ after normalisation, and which of those force a replacement.
 * Pure. The old side is the previous outputs (what the engine hands a dynamic provider), whose
 * `authScheme` is the server's: a program that leaves `authScheme` out accepts whatever the server chose.
 * Either side may be marked (secretMarks.ts): a mark says which values are secret, never that one changed.
 */
import { isDeepStrictEqual } from "node:util";
import { alignSecrets } from "./secrets";
import { COMPARED_PROPERTIES, REPLACE_PROPERTIES } from "./fields";
import type { StoredAuthConfig } from "./schema";
import { normalize } from "./normalize";
import { withoutMarks } from "./secretMarks";

export interface AuthConfigDiff {
  changes: boolean;
  /** Every top-level property that differs, in a stable order (fields.ts COMPARED_PROPERTIES). */
  changed: string[];
  /** The changed properties whose change replaces the config (the field table's `change: "replaces"`). */
  replaces: string[];
}

export function diffAuthConfig(olds: StoredAuthConfig, desired: StoredAuthConfig): AuthConfigDiff {
  // Old outputs hold fingerprints of secrets; compare the new values in the same terms.
  const news = alignSecrets(desired, olds);
  const before = normalize(withoutMarks(olds));
  const after = normalize(news);
  const changed = COMPARED_PROPERTIES.filter((property) => {
    // An omitted scheme means "the toolkit's managed scheme", whatever the server reports.
    if (property === "authScheme" && after.authScheme === undefined) return false;
    return !isDeepStrictEqual(before[property], after[property]);
  });
  const replaces = changed.filter((property) => REPLACE_PROPERTIES.includes(property));
  return { changes: changed.length > 0, changed, replaces };
}
