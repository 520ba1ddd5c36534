/**
 * Which values are secret: stored only as fingerprints in outputs (fingerprint.ts). Which values the
 * server hides on reads is a different question, answered by visibility.ts.
 *
 * Two sources. Credential fields are secret by name (client_secret, api_key, ...), and the proxy key
 * and shared credentials always. Any other value is secret when the program wrapped it in a Pulumi
 * secret: the SDK sends the property paths of those (never the values) under SECRET_PATHS_KEY (engineProtocol.ts), because
 * a dynamic provider receives plain values and could not tell otherwise.
 */

/** Credential field names that carry secrets in Composio's toolkits (client_secret, api_key, password ...). */
const SECRET_KEY = /secret|password|passwd|passphrase|token|api_?key|private|auth_?key|credential|signing/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * The paths a program may wrap whose values the provider would otherwise echo in outputs.
 * `credentials.*` stands for every credential field (a credentials object wrapped whole).
 * The toolkit, type, scheme and switches are not among them: they identify the config and are shown
 * in every preview, wrapped or not.
 */
export const WRAPPABLE_PATHS = [
  "name",
  "adoptId",
  "credentials.*",
  "proxyConfig.proxyUrl",
  "toolAccessConfig.toolsForConnectedAccountCreation",
  "toolAccessConfig.toolsAvailableForExecution",
] as const;

const CREDENTIAL_PATH = /^credentials\.[^.]+$/;

export function isWrappablePath(path: string): boolean {
  return (WRAPPABLE_PATHS as readonly string[]).includes(path) || CREDENTIAL_PATH.test(path);
}

/** Whether the value at `path` is a secret, given the paths the program wrapped. */
export function isSecretPath(path: string, wrapped: readonly string[] = []): boolean {
  if (path === "proxyConfig.proxyAuthKey" || path.startsWith("sharedCredentials.")) return true;
  if (CREDENTIAL_PATH.test(path)) return isSecretKey(path.slice("credentials.".length)) || wrapped.includes("credentials.*") || wrapped.includes(path);
  return wrapped.includes(path);
}
