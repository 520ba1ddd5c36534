/** Typed readers for query-string parameters; a bad value is a 400 naming the parameter. */
import { badRequest } from "./errors";

/** "true"/"false" (what the official client sends for booleans); absent or empty → undefined. */
export function booleanParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw badRequest(`Invalid value for ${name}: expected true or false`);
}

export function enumParam<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw badRequest(`Invalid value for ${name}: expected one of ${allowed.join(", ")}`);
  }
  return raw as T;
}

/** A comma-separated list, trimmed, lower-cased, without empties; undefined when absent. */
export function slugListParam(query: URLSearchParams, name: string): string[] | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  return raw
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== "");
}

/** A comma-separated list (the client sends arrays comma-joined), trimmed, kept as given, without empties; undefined when absent. */
export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
