/**
 * A secret the program did not change keeps the seal the state holds, whichever provider process made
 * it: the engine then sees unchanged inputs for an unchanged resource and writes no checkpoint for it
 * (a whole-state write per config with a secret in every no-change `up` otherwise: BENCHMARKS.md). The
 * process that kept the seal opens it, for diff, create and update. Two provider processes are two
 * copies of the module, each with its own sealing key.
 */
import fc from "fast-check";
import { diffAuthConfig } from "../../../provider/core/diff";
import type { AuthConfigInputs } from "../../../provider/core/schema";
import { isFingerprint, isSecretKey, markedFromPlain, redactSecrets } from "../../../provider/core/secrets";
import { withoutMarks } from "../../../provider/core/secretMarks";
import type * as Sealing from "../../../provider/hooks/sealing";
import { openSecrets, sealSecrets } from "../../../provider/hooks/sealing";
import { at, inputsWrappedArb } from "../core/arbitraries";

const SECRET = "SENTINEL-kept-seal-secret-5b2e";

function processCopy(): typeof Sealing {
  let copy: typeof Sealing | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a second copy of the module, as a second process has
    copy = require("../../../provider/hooks/sealing");
  });
  return copy!;
}

const inputs = (clientSecret: string): AuthConfigInputs =>
  ({
    ...{ toolkit: "notion", name: "Notion", type: "use_custom_auth", authScheme: "OAUTH2", enabled: true, revokeOnDelete: false },
    credentials: { client_id: "id", client_secret: clientSecret },
  }) as AuthConfigInputs;

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
  const refreshed = redactSecrets(inputs(SECRET));
  const afterRefresh = now.sealSecrets(inputs(SECRET), refreshed);
  expect(afterRefresh.credentials?.client_secret).not.toBe(refreshed.credentials?.client_secret);
  expect(now.openSecrets(afterRefresh).credentials?.client_secret).toBe(SECRET);
});

/** The dynamic provider's edge: its plain values marked from `__secretPaths` for the core, and what it keeps plain. */
const marked = markedFromPlain;
const plainSealed = (inputs: AuthConfigInputs, olds: Partial<AuthConfigInputs>) => withoutMarks(sealSecrets(marked(inputs), olds));

test("checked inputs leave sealed: no value in clear, opened again exactly, compared by fingerprint where they cannot be opened", () => {
  fc.assert(
    fc.property(inputsWrappedArb, (inputs) => {
      const sealed = plainSealed(inputs, {});
      const secretPaths = [
        ...inputs.__secretPaths!.filter((path) => path !== "credentials.*"),
        ...Object.keys(inputs.credentials ?? {})
          .filter((key) => isSecretKey(key) || inputs.__secretPaths!.includes("credentials.*"))
          .map((key) => `credentials.${key}`),
        ...(inputs.proxyConfig?.proxyAuthKey !== undefined ? ["proxyConfig.proxyAuthKey"] : []),
        ...Object.keys(inputs.sharedCredentials ?? {}).map((key) => `sharedCredentials.${key}`),
      ];
      const shared = "sharedCredentials.";
      const sealedAt = (path: string) =>
        path.startsWith(shared) ? sealed.sharedCredentials![path.slice(shared.length)] : at(sealed, path);
      for (const path of secretPaths) expect(isFingerprint(sealedAt(path))).toBe(true);
      expect(withoutMarks(openSecrets(marked(sealed)))).toEqual(inputs);
      // What a write leaves in outputs diffs clean against the seals, opened or not (a refresh diffs them unopened).
      const outputs = withoutMarks(redactSecrets(marked(inputs), sealed));
      expect(diffAuthConfig(outputs, openSecrets(marked(sealed))).changed).toEqual([]);
      expect(diffAuthConfig(outputs, marked(sealed)).changed).toEqual([]);
      // The next check keeps each seal's fingerprint while the value is the same.
      const again = plainSealed(inputs, sealed);
      for (const path of secretPaths.filter((p) => !p.startsWith("sharedCredentials."))) {
        expect(String(at(again, path)).split(":sealed:")[0]).toBe(String(at(sealed, path)).split(":sealed:")[0]);
      }
    }),
  );
});
