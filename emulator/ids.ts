/** Random identifiers in the formats the API uses. crypto-backed so ids never collide in practice. */
import { randomInt, randomUUID } from "node:crypto";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function randomAlphanumeric(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/** `ac_` + 12 alphanumerics: the docs show `ac_1234abcd`-like ids, the length is our choice. */
export const newAuthConfigId = (): string => `ac_${randomAlphanumeric(12)}`;
/**
 * A well-formed auth config id (anything else is a 400 "Invalid auth config ID format"): `ac_` and
 * 1-64 letters, digits, `_` or `-`. Looser than the ids the emulator makes, so a made-up but
 * plausible id such as `ac_doesnotexist` is a 404, as it would be against the real API; the
 * provider's adoptId check uses the same pattern.
 */
export const isAuthConfigId = (id: string): boolean => /^ac_[A-Za-z0-9_-]{1,64}$/.test(id);
/** `ca_` + 12 alphanumerics (the client's examples show `ca_1a2b3c4d5e6f`). */
export const newConnectedAccountId = (): string => `ca_${randomAlphanumeric(12)}`;
/** A well-formed connected account id, by the same rule as auth config ids. */
export const isConnectedAccountId = (id: string): boolean => /^ca_[A-Za-z0-9_-]{1,64}$/.test(id);
/** MCP server ids are UUIDs (the client's examples show `550e8400-e29b-41d4-a716-446655440000`). */
export const isMcpServerId = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
export const newRequestId = (): string => `req_${randomAlphanumeric(20)}`;
/** The revoke job id format is undocumented; this prefix is the emulator's own. */
export const newRevokeJobId = (): string => `rvk_${randomAlphanumeric(16)}`;
export const newUuid = (): string => randomUUID();
