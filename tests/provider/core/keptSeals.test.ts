/**
 * A secret the program did not change keeps the seal the state holds, whichever provider process made
 * it: the engine then sees unchanged inputs for an unchanged resource and writes no checkpoint for it
 * (a whole-state write per config with a secret in every no-change `up` otherwise: BENCHMARKS.md). The
 * process that kept the seal opens it, for diff, create and update. Two provider processes are two
 * copies of the module, each with its own sealing key.
 */
import type * as Secrets from "../../../provider/core/secrets";
import type { AuthConfigInputs } from "../../../provider/core/schema";

const SECRET = "SENTINEL-kept-seal-secret-5b2e";

function processCopy(): typeof Secrets {
  let copy: typeof Secrets | undefined;
  jest.isolateModules(() => {
    copy = require("../../../provider/core/secrets");
  });
  return copy!;
}

const inputs = (clientSecret: string): AuthConfigInputs =>
  ({ toolkit: "notion", name: "Notion", type: "use_custom_auth", authScheme: "OAUTH2", enabled: true, revokeOnDelete: false, credentials: { client_id: "id", client_secret: clientSecret } }) as AuthConfigInputs;

test("an unchanged secret keeps the earlier process's seal, which this process then opens", () => {
  const earlier = processCopy();
  const stored = earlier.sealSecrets(inputs(SECRET), {});
  const now = processCopy();
  // Without check in this process, the earlier seal cannot be opened here.
  expect(() => now.openSecrets(stored)).toThrow(/checked by another provider process/);
  const checked = now.sealSecrets(inputs(SECRET), stored);
  expect(checked).toEqual(stored);
  expect(now.openSecrets(checked).credentials?.client_secret).toBe(SECRET);
  expect(now.openSecrets(checked, { unopened: "keep" }).credentials?.client_secret).toBe(SECRET);
  expect(JSON.stringify(checked)).not.toContain(SECRET);
});

test("a changed secret gets a new seal with a new fingerprint, and a fingerprint (after a refresh) is never kept as the input", () => {
  const earlier = processCopy();
  const stored = earlier.sealSecrets(inputs(SECRET), {});
  const now = processCopy();
  const rotated = now.sealSecrets(inputs(`${SECRET}-rotated`), stored);
  expect(rotated.credentials?.client_secret).not.toBe(stored.credentials?.client_secret);
  expect(now.openSecrets(rotated).credentials?.client_secret).toBe(`${SECRET}-rotated`);
  const refreshed = earlier.redactSecrets(inputs(SECRET));
  const afterRefresh = now.sealSecrets(inputs(SECRET), refreshed);
  expect(afterRefresh.credentials?.client_secret).not.toBe(refreshed.credentials?.client_secret);
  expect(now.openSecrets(afterRefresh).credentials?.client_secret).toBe(SECRET);
});
