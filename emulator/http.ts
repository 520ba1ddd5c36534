/** Low-level HTTP helpers: reading a bounded JSON body and writing JSON responses. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError } from "./errors";

/** Far above any real auth-config body; stops a runaway client from exhausting memory. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The parsed body, or undefined for an empty one (routes then report the missing object). */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ApiError("payload_too_large", `Request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(
      "malformed_json",
      "Malformed JSON in request body",
      "Send a valid JSON document with Content-Type: application/json.",
    );
  }
}

export function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return; // the client went away; nothing to write to
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
