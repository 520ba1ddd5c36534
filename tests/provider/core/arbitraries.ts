/** fast-check generators for valid AuthConfig inputs (after check), shared by the property tests. */
import fc from "fast-check";
import { AUTH_SCHEMES, type AuthConfigInputs, type StoredAuthConfig } from "../../../provider/core/schema";

const slug = fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/);
const scope = fc.stringMatching(/^[a-z][a-z.:_-]{0,10}$/);
const scopes = fc.oneof(
  fc.array(scope, { maxLength: 5 }),
  fc.array(scope, { maxLength: 5 }).map((list) => list.map((s, i) => (i % 2 ? ` ${s} ` : s)).join(",")),
);
const tools = fc.array(fc.stringMatching(/^[A-Z][A-Z_]{1,12}$/), { maxLength: 4 });

const credentialsArb = fc.record(
  {
    scopes,
    client_id: fc.string({ minLength: 1, maxLength: 12 }),
    client_secret: fc.string({ minLength: 1, maxLength: 20 }),
  },
  { requiredKeys: [] },
);

export const inputsArb: fc.Arbitrary<AuthConfigInputs> = fc
  .record(
    {
      toolkit: slug,
      name: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ""),
      type: fc.constantFrom("use_composio_managed_auth" as const, "use_custom_auth" as const),
      authScheme: fc.constantFrom(...AUTH_SCHEMES),
      credentials: credentialsArb,
      toolAccessConfig: fc.record({ toolsForConnectedAccountCreation: tools, toolsAvailableForExecution: tools }, { requiredKeys: [] }),
      proxyConfig: fc.option(fc.record({ proxyUrl: fc.constant("https://proxy.example.com"), proxyAuthKey: fc.string({ maxLength: 10 }) })),
      isEnabledForToolRouter: fc.boolean(),
      sharedCredentials: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
      enabled: fc.boolean(),
      revokeOnDelete: fc.boolean(),
      allowReplaceWithConnections: fc.boolean(),
    },
    { requiredKeys: ["toolkit", "name", "type", "enabled", "revokeOnDelete"] },
  )
  .map((inputs) => inputs as AuthConfigInputs);

/** Any subset of the wrappable paths an inputs object has a value at (credentials field by field or whole). */
const wrappedArb = (inputs: AuthConfigInputs) =>
  fc.subarray([
    "name",
    ...(inputs.credentials ? ["credentials.*", ...Object.keys(inputs.credentials).map((key) => `credentials.${key}`)] : []),
    ...(inputs.proxyConfig ? ["proxyConfig.proxyUrl"] : []),
    ...Object.keys(inputs.toolAccessConfig ?? {}).map((list) => `toolAccessConfig.${list}`),
  ]);
export const inputsWrappedArb = inputsArb.chain((inputs) => wrappedArb(inputs).map((paths) => ({ ...inputs, __secretPaths: paths })));

/** The value at a wrappable path (`credentials.*`: the whole credentials object). */
export function at(config: StoredAuthConfig, path: string): unknown {
  if (path === "credentials.*") return config.credentials;
  const [section, key] = path.split(".");
  const record = config as unknown as Record<string, unknown>;
  return key === undefined ? record[section] : (record[section] as Record<string, unknown> | undefined)?.[key];
}
