/**
 * `diff`: which properties differ after normalisation, and which of those force a replacement.
 * Pure. The old side is the previous outputs (what the engine hands a dynamic provider), whose
 * `authScheme` is the server's: a program that leaves `authScheme` out accepts whatever the server chose.
 */
import { isDeepStrictEqual } from "node:util";
import { alignSecrets } from "./secrets";
import { DEFAULTS, type StoredAuthConfig } from "./schema";
import { normalize, type ComparableAuthConfig } from "./normalize";

/** Changing these means a different auth config on the server: the API cannot change them in place. */
export const REPLACE_PROPERTIES = ["toolkit", "type", "authScheme"] as const;

export interface AuthConfigDiff {
  changes: boolean;
  /** Every top-level property that differs, in a stable order. */
  changed: string[];
  replaces: string[];
}

/** What only state holds (never sent to the API): a change to one is an update with no API call. */
const STATE_ONLY = { revokeOnDelete: DEFAULTS.revokeOnDelete, allowReplaceWithConnections: false } as const;
type StateOnly = keyof typeof STATE_ONLY;
const isStateOnly = (property: string): property is StateOnly => property in STATE_ONLY;

type Property = keyof ComparableAuthConfig | StateOnly;

const COMPARED: Property[] = [
  "toolkit",
  "type",
  "authScheme",
  "name",
  "credentials",
  "toolAccessConfig",
  "proxyConfig",
  "isEnabledForToolRouter",
  "sharedCredentials",
  "enabled",
  "revokeOnDelete",
  "allowReplaceWithConnections",
];

function valueOf(config: StoredAuthConfig, comparable: ComparableAuthConfig, property: Property): unknown {
  return isStateOnly(property) ? (config[property] ?? STATE_ONLY[property]) : comparable[property];
}

export function diffAuthConfig(olds: StoredAuthConfig, desired: StoredAuthConfig): AuthConfigDiff {
  // Old outputs hold fingerprints of secrets; compare the new values in the same terms.
  const news = alignSecrets(desired, olds);
  const before = normalize(olds);
  const after = normalize(news);
  const changed = COMPARED.filter((property) => {
    // An omitted scheme means "the toolkit's managed scheme", whatever the server reports.
    if (property === "authScheme" && after.authScheme === undefined) return false;
    return !isDeepStrictEqual(valueOf(olds, before, property), valueOf(news, after, property));
  });
  const replaces = changed.filter((property) => (REPLACE_PROPERTIES as readonly string[]).includes(property));
  return { changes: changed.length > 0, changed, replaces };
}
