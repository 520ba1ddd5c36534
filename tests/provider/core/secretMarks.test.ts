/**
 * The core's marked form (Pulumi's secret envelope), and check over marked values: what the plugin hands
 * it as the engine sent it, and what the dynamic provider's edge makes of its SDK's report; and the core's other
 * functions (diff, the mapping's plans and observation, fingerprints, secret versions, refresh) over marked values.
 */
import fc from "fast-check";
import { checkMarked } from "../../../provider/core/check";
import { diffAuthConfig } from "../../../provider/core/diff";
import { planAfterCreate, planUpdate, serverFields, toCreateBody } from "../../../provider/core/mapping";
import { refreshedState } from "../../../provider/core/refresh";
import type { AuthConfigInputs } from "../../../provider/core/schema";
import { markSecret, markSecrets, SECRET_SIG, SIG_KEY, unmarkSecrets } from "../../../provider/core/secretMarks";
import { isFingerprint, markedFromPlain, redactSecrets, secretVersions } from "../../../provider/core/secrets";
import { inputsWrappedArb } from "./arbitraries";
import { liveOf } from "./liveViews";

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
const fixedSuffix = () => "abc1234";

test("a mark is Pulumi's secret envelope", () => {
  expect(markSecret("s")).toEqual({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s" });
});

test("unmarking returns plain values and the paths that were marked", () => {
  const marked = { name: secret("n"), credentials: { client_id: "id", client_secret: secret("s") }, list: [secret("a")] };
  const { value, markedPaths } = unmarkSecrets(marked);
  expect(value).toEqual({ name: "n", credentials: { client_id: "id", client_secret: "s" }, list: ["a"] });
  expect(markedPaths.sort()).toEqual(["credentials.client_secret", "list.0", "name"]);
});

test("marking marks the outermost secret path and nothing inside it", () => {
  const secretPaths = ["credentials", "credentials.a", "other"];
  const marked = markSecrets({ name: "n", credentials: { a: "1", b: "2" }, other: null }, (path) => secretPaths.includes(path));
  expect(marked).toEqual({ name: "n", credentials: secret({ a: "1", b: "2" }), other: null });
});

describe("check over marked values", () => {
  const notion = { toolkit: "notion", type: "use_custom_auth", authScheme: "OAUTH2" };

  test("marks every secret on the way out (a secret-named credential given plain too) and keeps the marked paths", () => {
    const credentials = { client_id: "id", tenant: secret("t"), region: "eu", client_secret: "s" };
    const outcome = checkMarked({}, { ...notion, name: secret("Notion"), credentials }, { suffix: fixedSuffix, resourceName: "notion" });
    expect(outcome.ok).toBe(true);
    expect(outcome.inputs).toMatchObject({
      name: secret("Notion"),
      credentials: { client_id: "id", tenant: secret("t"), region: "eu", client_secret: secret("s") },
      __resourceName: "notion",
      __secretPaths: ["credentials.tenant", "name"],
    });
    expect(outcome.plainCredentials).toEqual(["client_id", "region"]);
  });

  test("a credentials object marked whole counts for every field in it, and stays marked whole", () => {
    const outcome = checkMarked({}, { ...notion, credentials: secret({ client_id: "id" }) }, { suffix: fixedSuffix });
    expect(outcome.inputs).toMatchObject({ credentials: secret({ client_id: "id" }), __secretPaths: ["credentials.*"] });
    expect(outcome.plainCredentials).toEqual([]);
  });

  test("the host's keys a program passes itself are not believed", () => {
    const forged = { __sdk: { secretPaths: ["name"] }, __secretPaths: ["name"], __resourceName: "y" };
    const outcome = checkMarked({}, { toolkit: "x", name: "n", ...forged }, { suffix: fixedSuffix, resourceName: "x" });
    expect(outcome.inputs).toEqual(expect.objectContaining({ toolkit: "x", name: "n", __resourceName: "x" }));
    expect(outcome.inputs).not.toHaveProperty("__secretPaths");
    expect(outcome.inputs).not.toHaveProperty("__sdk");
  });

  test("an autoname comes from the old inputs, marked or not, before a new suffix", () => {
    const news = { toolkit: "github" };
    expect(checkMarked({}, news, { suffix: fixedSuffix, resourceName: "gh" }).inputs.name).toBe("gh-abc1234");
    const olds = { __autoname: secret("gh-0000000") };
    expect(checkMarked(olds, news, { suffix: fixedSuffix, resourceName: "gh" }).inputs.name).toBe("gh-0000000");
  });
});

test("nesting deeper than any input is left as it is, never exhausting the stack", () => {
  let deep: unknown = secret("bottom");
  for (let i = 0; i < 20_000; i++) deep = { a: deep };
  expect(() => unmarkSecrets(deep)).not.toThrow();
  expect(() => markSecrets(deep, () => false)).not.toThrow();
  expect(unmarkSecrets({ a: secret({ b: secret("x") }) })).toEqual({ value: { a: { b: "x" } }, markedPaths: ["a"] });
});

describe("the core's other functions over marked values", () => {
  /** Inputs as check returns them to the plugin (every secret marked, the wrapped paths kept), as the dynamic edge marks them. */
  const markedAsChecked = markedFromPlain;
  const markedPathsOf = (value: unknown) => unmarkSecrets(value).markedPaths.sort();

  test("fingerprint every marked value and keep the marks, diff clean against their outputs, and send plain values", () => {
    fc.assert(
      fc.property(inputsWrappedArb, fc.string({ minLength: 1, maxLength: 8 }), (plain, rotation) => {
        const marked = markedAsChecked(plain);
        const stored = redactSecrets(marked);
        expect(markedPathsOf(stored)).toEqual(markedPathsOf(marked));
        for (const path of markedPathsOf(marked)) {
          const value = unmarkSecrets(stored).value as Record<string, unknown>;
          const at = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], value);
          expect(isFingerprint(at)).toBe(true);
        }
        expect(diffAuthConfig(stored, marked).changed).toEqual([]);
        expect(redactSecrets(marked, stored)).toEqual(stored);
        expect(toCreateBody(marked)).toEqual(toCreateBody(plain));
        expect(planAfterCreate(marked)).toEqual(planAfterCreate(plain));

        const rotated = markedAsChecked({ ...plain, credentials: { ...plain.credentials, client_secret: rotation } } as AuthConfigInputs);
        const { changed } = diffAuthConfig(stored, rotated);
        const isRotation = plain.credentials?.client_secret !== rotation;
        expect(changed).toEqual(isRotation ? ["credentials"] : []);
        // A secret first set starts at version 1; each change counts one up.
        const wasSet = plain.credentials?.client_secret !== undefined;
        expect(secretVersions(rotated, marked)?.["credentials.client_secret"]).toBe(wasSet && isRotation ? 2 : 1);
        if (isRotation && plain.type === "use_custom_auth") {
          expect(planUpdate(stored, rotated, changed).body).toEqual({ type: "custom", credentials: { client_secret: rotation } });
        }
      }),
    );
  });

  const program = {
    toolkit: "notion",
    type: "use_custom_auth",
    authScheme: "OAUTH2",
    enabled: true,
    revokeOnDelete: false,
    credentials: { client_id: "id", client_secret: "SENTINEL-marked-client-secret" },
  } as const;

  test("a mark alone makes a value secret: fingerprinted in outputs, compared by its fingerprint", () => {
    const marked = markSecrets({ ...program, name: "SENTINEL-marked-name" }, (path) =>
      ["name", "credentials.client_secret"].includes(path),
    );
    const outputs = redactSecrets(marked as never);
    expect(JSON.stringify(outputs)).not.toContain("SENTINEL");
    expect(markedPathsOf(outputs)).toEqual(["credentials.client_secret", "name"]);
    expect(diffAuthConfig(outputs, marked as never).changes).toBe(false);
    const renamed = markSecrets({ ...program, name: "SENTINEL-other-name" }, (path) => path === "name");
    expect(diffAuthConfig(outputs, renamed as never).changed).toEqual(["name"]);
  });

  test("a refresh of marked outputs reports outputs and inputs marked where they were, no secret in clear", () => {
    const inputs = { ...program, name: "SENTINEL-marked-name", __secretPaths: ["name"] } as AuthConfigInputs;
    const live = liveOf(inputs);
    const props = { ...redactSecrets(markedAsChecked(inputs)), ...serverFields(live), lastUpdatedAt: live.last_updated_at };
    const refreshed = refreshedState(live, props as never);
    expect(JSON.stringify(refreshed)).not.toContain("SENTINEL");
    expect(markedPathsOf(refreshed.props)).toEqual(["credentials.client_secret", "name"]);
    expect(markedPathsOf(refreshed.inputs)).toEqual(["credentials.client_secret", "name"]);
    expect(diffAuthConfig(refreshed.props, markedAsChecked(inputs)).changes).toBe(false);
  });
});
