/**
 * Small typed readers for JSON request bodies. Each failure is a 400 naming the field's full path
 * (e.g. `auth_config.credentials.client_id`) and never its value, which may be a secret.
 */
import { ApiError, badRequest } from "./errors";

export type Json = Record<string, unknown>;

export const joinPath = (path: string, key: string): string => (path ? `${path}.${key}` : key);

function isPlainObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function wrongType(path: string, expected: string): ApiError {
  return badRequest(`Invalid type for ${path}: expected ${expected}`, `Send ${path} as ${expected}.`, [
    { field: path, message: `expected ${expected}` },
  ]);
}

export function expectObject(value: unknown, path: string): Json {
  if (!isPlainObject(value)) throw wrongType(path || "request body", "an object");
  return value;
}

export function expectString(value: unknown, path: string): string {
  if (typeof value !== "string") throw wrongType(path, "a string");
  return value;
}

export function expectBoolean(value: unknown, path: string): boolean {
  if (typeof value !== "boolean") throw wrongType(path, "a boolean");
  return value;
}

export function expectStringArray(value: unknown, path: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw wrongType(path, "an array of strings");
  return [...value];
}

/** Scopes may be a comma-separated string or an array of strings (both documented). */
export function expectScopes(value: unknown, path: string): string | string[] {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return [...value];
  throw wrongType(path, "a string or an array of strings");
}

/** Unknown keys are refused rather than ignored, so a typo never silently does nothing. */
export function rejectUnknownKeys(obj: Json, allowed: readonly string[], path: string): void {
  const unknown = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    const names = unknown.map((k) => joinPath(path, k)).join(", ");
    throw badRequest(
      `Unknown field(s): ${names}`,
      `Allowed fields${path ? ` in ${path}` : ""}: ${allowed.join(", ")}.`,
      unknown.map((k) => ({ field: joinPath(path, k), message: "unknown field" })),
    );
  }
}

export function missingFields(paths: string[]): ApiError {
  return badRequest(
    `Missing required field(s): ${paths.join(", ")}`,
    `Provide ${paths.join(", ")}.`,
    paths.map((field) => ({ field, message: "required" })),
  );
}

/** Reads `obj[key]` with `read` when present (undefined stays undefined). */
export function optional<T>(obj: Json, key: string, path: string, read: (v: unknown, p: string) => T): T | undefined {
  return obj[key] === undefined ? undefined : read(obj[key], joinPath(path, key));
}
