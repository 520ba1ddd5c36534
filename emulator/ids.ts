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
export const newRequestId = (): string => `req_${randomAlphanumeric(20)}`;
/** The revoke job id format is undocumented; this prefix is the emulator's own. */
export const newRevokeJobId = (): string => `rvk_${randomAlphanumeric(16)}`;
export const newUuid = (): string => randomUUID();
