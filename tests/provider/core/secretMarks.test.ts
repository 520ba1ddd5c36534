/**
 * The core's marked form (Pulumi's secret envelope), and check over marked values: what the plugin hands
 * it as the engine sent it, and what the dynamic provider's edge makes of its SDK's report.
 */
import { checkMarked } from "../../../provider/core/check";
import { markSecret, markSecrets, SECRET_SIG, SIG_KEY, unmarkSecrets } from "../../../provider/core/secretMarks";

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
