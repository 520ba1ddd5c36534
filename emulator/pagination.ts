/**
 * Page/limit pagination with an opaque cursor, shared by every list endpoint. The API documents the
 * cursor as base64 of the page and the limit; the emulator encodes `{"page":N,"limit":M}` that way.
 */
import { badRequest } from "./errors";

/** Raised from 50 to 200 on 2026-09-21. */
export const MAX_LIMIT = 200;
export const DEFAULT_LIMIT = 20;

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
  const rawLimit = query.get("limit");
  if (rawLimit === null || rawLimit === "") return { page: 1, limit: DEFAULT_LIMIT };
  const limit = Number(rawLimit);
  if (!/^\d+$/.test(rawLimit) || !isIntIn(limit, 1, MAX_LIMIT)) {
    throw badRequest(`Invalid value for limit: expected an integer from 1 to ${MAX_LIMIT}`, `Use limit <= ${MAX_LIMIT} and follow next_cursor.`);
  }
  return { page: 1, limit };
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
