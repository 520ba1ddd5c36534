/**
 * Which values are secret, and which values the server has masked. Composio masks secrets in its
 * responses in an undocumented format, so a masked value is treated as unknown, never as drift.
 */

/** Credential field names that carry secrets in Composio's toolkits (client_secret, api_key, password ...). */
const SECRET_KEY = /secret|password|passwd|passphrase|token|api_?key|private|auth_?key|credential|signing/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Runs of mask characters, or the literal redaction markers APIs use. */
const MASK = /(\*{3,}|•{3,}|x{6,}|^\[?redacted\]?$)/i;

export function looksMasked(value: unknown): boolean {
  return typeof value === "string" && MASK.test(value);
}
