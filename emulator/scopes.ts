/**
 * Scopes derived from tools. Per the API's field docs, `tools_for_connected_account_creation` "will
 * update the scopes": the server derives the scopes the tools need. The emulator's rule (README
 * "Tools and scopes"): stored scopes = the scopes the client asked for ∪ the scopes of those tools
 * (catalog `tool_scopes`; unknown tools add none). It is recomputed from both on every write, so
 * re-sending the same tools changes nothing and dropping a tool drops the scopes only it added.
 */
import type { Toolkit } from "./types";

export type Scopes = string | string[];

/** A comma string or a list, as a list: trimmed, without empty entries. */
export function scopeList(value: Scopes): string[] {
  return (typeof value === "string" ? value.split(",") : value).map((s) => s.trim()).filter((s) => s !== "");
}

/**
 * The scopes to store. Nothing to add: the explicit value exactly as sent (or undefined when there
 * is none). Otherwise the explicit scopes followed by the missing tool scopes, deduplicated, in the
 * explicit value's form: a comma string stays a comma string; a list, or no explicit value, gives a list.
 */
export function deriveScopes(explicit: Scopes | null | undefined, tools: readonly string[], toolkit: Toolkit): Scopes | undefined {
  const asked = explicit == null ? [] : scopeList(explicit);
  const needed = tools.flatMap((tool) => toolkit.tool_scopes[tool] ?? []);
  const added = [...new Set(needed)].filter((s) => !asked.includes(s));
  if (added.length === 0) return explicit ?? undefined;
  const merged = [...new Set([...asked, ...added])];
  return typeof explicit === "string" ? merged.join(",") : merged;
}
