/**
 * Page/limit pagination with an opaque cursor, shared by every list endpoint. The API documents the
 * cursor as base64 of the page and the limit; the emulator encodes `{"page":N,"limit":M}` that way.
 */
import { badRequest } from "./errors";

/** Raised from 50 to 200 on 2026-09-21. */
export const MAX_LIMIT = 200;
export const DEFAULT_LIMIT = 20;
/** The MCP server lists' default page size (the client's doc: "default: 10"). */
const DEFAULT_PAGE_NUMBER_LIMIT = 10;

export interface PageRequest {
  page: number;
  limit: number;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
  total_pages: number;
  current_page: number;
  total_items: number;
}

export function encodeCursor(req: PageRequest): string {
  return Buffer.from(JSON.stringify({ page: req.page, limit: req.limit })).toString("base64");
}

function decodeCursor(cursor: string): PageRequest {
  const invalid = badRequest("Invalid value for cursor", "Pass back a next_cursor from a previous list response unchanged.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8"));
  } catch {
    throw invalid;
  }
  const { page, limit } = (parsed ?? {}) as Record<string, unknown>;
  if (!isIntIn(page, 1, Number.MAX_SAFE_INTEGER) || !isIntIn(limit, 1, MAX_LIMIT)) throw invalid;
  return { page, limit };
}

function isIntIn(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * A cursor carries its own page size, so it wins over a `limit` sent alongside it: mixing them
 * would shift page boundaries. Over-limit requests are refused (400), not clamped, so a caller that
 * assumes one big page fails loudly here instead of silently against the real API.
 */
export function parsePageRequest(query: URLSearchParams): PageRequest {
  const cursor = query.get("cursor");
  if (cursor) return decodeCursor(cursor);
  return { page: 1, limit: intParam(query, "limit", DEFAULT_LIMIT, MAX_LIMIT, `Use limit <= ${MAX_LIMIT} and follow next_cursor.`) };
}

/**
 * Page-numbered paging (MCP server lists): `page_no` (1-based, default 1) and `limit` (default 10, at most
 * MAX_LIMIT like the cursor-paged lists; over it a 400, not clamped).
 */
export function parsePageNumberRequest(query: URLSearchParams): PageRequest {
  const limit = intParam(query, "limit", DEFAULT_PAGE_NUMBER_LIMIT, MAX_LIMIT, `Use limit <= ${MAX_LIMIT} and ask for the next page_no.`);
  const page = intParam(query, "page_no", 1, Number.MAX_SAFE_INTEGER, "page_no counts from 1.");
  return { page, limit };
}

/** A positive integer query value from 1 to `max`; absent or empty → `fallback`. */
function intParam(query: URLSearchParams, name: string, fallback: number, max: number, fix: string): number {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !isIntIn(value, 1, max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? "a positive integer" : `an integer from 1 to ${max}`;
    throw badRequest(`Invalid value for ${name}: expected ${range}`, fix);
  }
  return value;
}

export function paginate<T>(all: readonly T[], req: PageRequest): Page<T> {
  const start = (req.page - 1) * req.limit;
  const totalPages = Math.ceil(all.length / req.limit);
  return {
    items: all.slice(start, start + req.limit),
    next_cursor: req.page < totalPages ? encodeCursor({ page: req.page + 1, limit: req.limit }) : null,
    total_pages: totalPages,
    current_page: req.page,
    total_items: all.length,
  };
}
