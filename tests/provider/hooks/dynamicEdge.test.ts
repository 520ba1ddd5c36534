/**
 * The dynamic provider's edge: the SDK's report becomes marks and host knowledge for the shared check, and
 * the checked inputs leave as the dynamic provider keeps them, in the state's own terms.
 */
import { SECRET_SIG, SIG_KEY } from "../../../provider/core/secretMarks";
import { isFingerprint } from "../../../provider/core/secrets";
import { dynamicInputs, markedFromReport } from "../../../provider/hooks/dynamicEdge";
import { SDK_REPORT_KEY } from "../../../provider/engineProtocol";

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
const SECRET = "SENTINEL-dynamic-edge-3c9a1e";

test("the reported paths are marked (credentials.* marks the whole object), and the report becomes the host's knowledge", () => {
  const { news, host } = markedFromReport({
    toolkit: "notion",
    name: "Notion",
    credentials: { client_id: "id" },
    [SDK_REPORT_KEY]: { resourceName: "notion", secretPaths: ["name", "credentials.*"], plainCredentials: [], adoptionConflict: "twice" },
  });
  expect(news).toEqual({ toolkit: "notion", name: secret("Notion"), credentials: secret({ client_id: "id" }) });
  expect(host).toEqual({ resourceName: "notion", secretPaths: ["name", "credentials.*"], plainCredentials: [], adoptionConflict: "twice" });
});

test("checked inputs leave plain and sealed, with the wrapped paths in the order the SDK reported them", () => {
  const host = { secretPaths: ["name", "credentials.tenant"] };
  const marked = {
    toolkit: "notion",
    name: secret("Notion"),
    credentials: { tenant: secret("t"), client_secret: secret(SECRET) },
    __secretPaths: ["credentials.tenant", "name"],
  };
  const inputs = dynamicInputs(marked, host, {});
  expect(inputs.__secretPaths).toEqual(["name", "credentials.tenant"]);
  expect(isFingerprint(inputs.name)).toBe(true);
  expect(isFingerprint(inputs.credentials?.client_secret)).toBe(true);
  expect(JSON.stringify(inputs)).not.toContain(SECRET);
  expect(JSON.stringify(inputs)).not.toContain(SIG_KEY);
  // The same check again keeps every seal: unchanged inputs, no checkpoint write.
  expect(dynamicInputs(marked, host, inputs)).toEqual(inputs);
});

test("the wrapped paths keep the state's order when they name the same paths, whatever order the SDK sends", () => {
  const marked = { toolkit: "notion", name: secret("Notion"), adoptId: secret("ac_1"), __secretPaths: ["adoptId", "name"] };
  const olds = dynamicInputs(marked, { secretPaths: ["name", "adoptId"] }, {});
  expect(olds.__secretPaths).toEqual(["name", "adoptId"]);
  expect(dynamicInputs(marked, { secretPaths: ["adoptId", "name"] }, olds)).toEqual(olds);
});
