/**
 * The SDK's report (engineProtocol.ts SdkReport): one `__sdk` input since AuthConfig bundled it, four
 * separate inputs before. check must make the same inputs of both, so a stack deployed by a program of
 * either form is checked to the same state (no diff, no replacement after an upgrade), and the report
 * itself never reaches state.
 */
import fc from "fast-check";
import { checkAuthConfig } from "../../provider/core/check";
import {
  ADOPTION_CONFLICT_KEY,
  PLAIN_CREDENTIALS_KEY,
  RESOURCE_NAME_KEY,
  SDK_REPORT_KEY,
  SECRET_PATHS_KEY,
  takeSdkReport,
  UNKNOWN,
  type SdkReport,
} from "../../provider/engineProtocol";
import { WRAPPABLE_PATHS } from "../../provider/core/fields";
import { inputsArb } from "./core/arbitraries";

const fixedSuffix = () => "abc1234";

/** A program's arguments: valid inputs without check's bookkeeping, the name sometimes left to autonaming. */
const argsArb = fc.tuple(inputsArb, fc.boolean()).map(([inputs, named]) => {
  const args: Record<string, unknown> = Object.fromEntries(Object.entries(inputs).filter(([key]) => !key.startsWith("__")));
  if (!named) delete args.name;
  return args;
});

const reportArb: fc.Arbitrary<SdkReport> = fc.record(
  {
    resourceName: fc.string({ minLength: 1, maxLength: 12 }),
    plainCredentials: fc.subarray(["client_id", "scopes", "region"]),
    secretPaths: fc.subarray(WRAPPABLE_PATHS.filter((path) => !path.startsWith("credentials."))),
    adoptionConflict: fc.constantFrom('AuthConfig "b" adopts the same auth config as AuthConfig "a"', UNKNOWN),
  },
  { requiredKeys: [] },
);

/** The report as programs registered before the bundle sent it: each part its own input. */
function separateKeys(report: SdkReport): Record<string, unknown> {
  const keys: Record<string, unknown> = {
    [RESOURCE_NAME_KEY]: report.resourceName,
    [PLAIN_CREDENTIALS_KEY]: report.plainCredentials,
    [SECRET_PATHS_KEY]: report.secretPaths,
    [ADOPTION_CONFLICT_KEY]: report.adoptionConflict,
  };
  return Object.fromEntries(Object.entries(keys).filter(([, value]) => value !== undefined));
}

test("the bundle and the separate keys check to the same inputs, and neither form of the report reaches them", () => {
  fc.assert(
    fc.property(argsArb, reportArb, (args, report) => {
      const bundled = takeSdkReport({ ...args, [SDK_REPORT_KEY]: report });
      const separate = takeSdkReport({ ...args, ...separateKeys(report) });
      expect(bundled).toEqual(separate);
      expect(bundled.plainCredentials).toEqual(report.plainCredentials ?? []);
      const fromBundle = checkAuthConfig({}, bundled.news, fixedSuffix);
      expect(fromBundle).toEqual(checkAuthConfig({}, separate.news, fixedSuffix));
      expect(fromBundle.inputs).not.toHaveProperty(SDK_REPORT_KEY);
      expect(fromBundle.inputs).not.toHaveProperty(PLAIN_CREDENTIALS_KEY);
    }),
  );
});

test("check keeps the resource name and the wrapped paths under the keys state has always held them", () => {
  const { news, plainCredentials } = takeSdkReport({
    toolkit: "github",
    [SDK_REPORT_KEY]: { resourceName: "gh", secretPaths: ["name"], plainCredentials: ["scopes"] },
  });
  expect(plainCredentials).toEqual(["scopes"]);
  const { inputs, failures } = checkAuthConfig({}, news, fixedSuffix);
  expect(failures).toEqual([]);
  expect(inputs).toMatchObject({ name: "gh-abc1234", [RESOURCE_NAME_KEY]: "gh", [SECRET_PATHS_KEY]: ["name"] });
});

test("an adoption conflict in the bundle fails check naming adoptId, as the separate key did", () => {
  const conflict = 'AuthConfig "b" adopts the same auth config as AuthConfig "a" of this program';
  const { news } = takeSdkReport({
    toolkit: "slack",
    adoptId: "ac_1",
    [SDK_REPORT_KEY]: { resourceName: "b", adoptionConflict: conflict },
  });
  expect(checkAuthConfig({}, news, fixedSuffix).failures).toEqual([{ property: "adoptId", reason: conflict }]);
});

test("the bundle wins over separate keys, a bundle that is no object reports nothing, and other news pass through", () => {
  const both = takeSdkReport({
    toolkit: "x",
    [SECRET_PATHS_KEY]: ["name"],
    [PLAIN_CREDENTIALS_KEY]: ["a"],
    [SDK_REPORT_KEY]: { resourceName: "r" },
  });
  expect(both).toEqual({ news: { toolkit: "x", [RESOURCE_NAME_KEY]: "r" }, plainCredentials: [] });
  expect(takeSdkReport({ toolkit: "x", [SDK_REPORT_KEY]: "not an object" })).toEqual({ news: { toolkit: "x" }, plainCredentials: [] });
  expect(takeSdkReport({ toolkit: "x", [SDK_REPORT_KEY]: { plainCredentials: ["a", 1, null] } }).plainCredentials).toEqual(["a"]);
  for (const news of [null, "text", [1], undefined]) expect(takeSdkReport(news)).toEqual({ news, plainCredentials: [] });
});
