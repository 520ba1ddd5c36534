/**
 * Which values are secret: stored only as fingerprints in outputs (fingerprint.ts). Which values the
 * server hides on reads is a different question, answered by visibility.ts.
 */

/** Credential field names that carry secrets in Composio's toolkits (client_secret, api_key, password ...). */
const SECRET_KEY = /secret|password|passwd|passphrase|token|api_?key|private|auth_?key|credential|signing/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}
