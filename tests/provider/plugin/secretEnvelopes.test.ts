import { takeSdkReport } from "../../../provider/engineProtocol";
import { asDynamicNews, SECRET_SIG, SIG_KEY, unwrapSecrets, wrapSecrets } from "../../../provider/plugin/secretEnvelopes";

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

test("unwrapping returns plain values and the paths that were secret", () => {
  const { value, secretPaths } = unwrapSecrets({ name: secret("n"), credentials: { client_id: "id", client_secret: secret("s") }, list: [secret("a")] });
  expect(value).toEqual({ name: "n", credentials: { client_id: "id", client_secret: "s" }, list: ["a"] });
  expect(secretPaths.sort()).toEqual(["credentials.client_secret", "list.0", "name"]);
});

test("wrapping marks the given paths and whatever the core calls secret, even when given plain", () => {
  const wrapped = wrapSecrets({ name: "n", credentials: { client_id: "id", client_secret: "s" }, proxyConfig: { proxyUrl: "https://p", proxyAuthKey: "k" } }, ["name"]);
  expect(wrapped).toEqual({
    name: secret("n"),
    credentials: { client_id: "id", client_secret: secret("s") },
    proxyConfig: { proxyUrl: "https://p", proxyAuthKey: secret("k") },
  });
});

test("check's news take the dynamic SDK's shape: its report of wrapped paths, plain credential names and the resource name", () => {
  const { news } = asDynamicNews({ toolkit: "notion", name: secret("Notion"), credentials: { client_id: "id", tenant: secret("t"), region: "eu" } }, "notion");
  expect(news).toEqual({
    toolkit: "notion",
    name: "Notion",
    credentials: { client_id: "id", tenant: "t", region: "eu" },
    __sdk: { secretPaths: ["credentials.tenant", "name"], plainCredentials: ["client_id", "region"], resourceName: "notion" },
  });
});

test("a credentials object wrapped whole counts for every field in it", () => {
  const { news } = asDynamicNews({ toolkit: "x", credentials: secret({ client_id: "id" }) }, "x");
  expect(news.__sdk).toEqual({ secretPaths: ["credentials.*"], resourceName: "x" });
});

test("a report the program passed itself is replaced by the one the plugin makes", () => {
  const { news } = asDynamicNews({ toolkit: "x", name: "n", __sdk: { secretPaths: ["name"] }, __secretPaths: ["name"] }, "x");
  expect(news.__sdk).toEqual({ resourceName: "x" });
  expect(takeSdkReport(news).news).toEqual({ toolkit: "x", name: "n", __resourceName: "x" });
});
