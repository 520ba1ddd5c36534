/**
 * What Composio lets a provider see of an auth config (its 2026-04-22 read policy), and how a field
 * that cannot be seen is tracked instead. Pure.
 *
 * Reads mask every credential field of a Composio-managed config, and every credential field but
 * `client_id` and `consumer_key` of a customer-owned one (scopes and redirect URIs included), plus the
 * proxy key and the values of shared credentials. The mask format is undocumented ("REDACTED",
 * "abcd...", "********" are all in use), so a hidden field is never compared with what a read returns:
 * it is write-only. What can still be seen is *when* the config last changed: `last_updated_at` moves
 * on every write. So the provider records it after each of its own writes (the baseline), and a read
 * that finds it moved replaces each hidden value the program sets with a marker saying so. The marker
 * differs from any value a program writes, so the change shows as drift of exactly those fields, and
 * the next update sends them again (PATCH merges, so resending is safe); its read-back then records
 * a new baseline and the marker is gone. Which fields reads hide is the field table's (fields.ts `isHiddenOnRead`).
 */
import { isHiddenOnRead } from "./fields";

/** Whether reads hide this credential field of a config of this kind (the field table says which: fields.ts). */
export function isHiddenCredential(key: string, composioManaged: boolean): boolean {
  return isHiddenOnRead(`credentials.${key}`, composioManaged);
}

const MARKER_PREFIX = "[hidden field: changed on the server at ";

/** What a hidden value becomes once the config changed outside this provider's own writes. */
export function changedOnServer(at: string | undefined): string {
  return `${MARKER_PREFIX}${at ?? "an unknown time"}; the value cannot be read back]`;
}

export function isChangedOnServer(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(MARKER_PREFIX);
}

/**
 * Whether the hidden fields still hold what this provider last wrote: the server's `last_updated_at`
 * is the one recorded after that write. Without a recorded baseline (a state written before baselines
 * existed) the first read is trusted and becomes the baseline; adoption passes `unknown`, since the
 * hidden values of a config made elsewhere were never written by this program.
 */
export type HiddenFieldsState = "as-written" | "changed";

export function hiddenFieldsState(baseline: string | undefined | "unknown", liveUpdatedAt: string | undefined): HiddenFieldsState {
  if (baseline === "unknown") return "changed";
  if (baseline === undefined || liveUpdatedAt === undefined) return "as-written";
  return baseline === liveUpdatedAt ? "as-written" : "changed";
}
