/**
 * The plugin's invokes (provider/plugin/functions.ts) against the emulator: the same look-ups as the SDK's functions
 * (provider/api/lookups.ts), with the provider's settings, their arguments checked and named.
 */
import { FUNCTIONS } from "../../../provider/plugin/functions";
import { startTestComposio, type TestComposio } from "../../../testbed/emulatorApi";

const API_KEY = "plugin-functions-key-7c21";

let composio: TestComposio;
const invoke = (token: string, args: Record<string, unknown>) =>
  FUNCTIONS[token]!(args, { apiKey: API_KEY, baseUrl: composio.emulator.url });

beforeAll(async () => {
  composio = await startTestComposio(API_KEY);
});
afterAll(() => composio.emulator.close());

test("getAuthConfigCreationFields returns { fields }, only the required ones with requiredOnly", async () => {
  const all = (await invoke("composio:index:getAuthConfigCreationFields", { toolkit: "notion", authScheme: "OAUTH2" })) as {
    fields: { name: string }[];
  };
  expect(all.fields.map((field) => field.name)).toEqual(["client_id", "client_secret", "oauth_redirect_uri", "scopes"]);
  const required = (await invoke("composio:index:getAuthConfigCreationFields", {
    toolkit: "notion",
    authScheme: "OAUTH2",
    requiredOnly: true,
  })) as {
    fields: { name: string }[];
  };
  expect(required.fields.map((field) => field.name)).toEqual(["client_id", "client_secret"]);
});

test("an invoke names a missing or wrong argument, and a scheme the toolkit does not offer", async () => {
  await expect(invoke("composio:index:getToolkit", {})).rejects.toThrow('slug is required: a string, e.g. "github"');
  await expect(invoke("composio:index:getAuthConfigCreationFields", { toolkit: "linear", authScheme: "PASSWORD" })).rejects.toThrow(
    /^authScheme must be one of OAUTH2, /,
  );
  await expect(invoke("composio:index:getAuthConfigCreationFields", { toolkit: "linear", authScheme: "BASIC" })).rejects.toThrow(
    'toolkit "linear" does not offer authScheme BASIC; it offers: OAUTH2, API_KEY, BEARER_TOKEN',
  );
});

test("getToolkit and getAuthConfig read with the provider's settings", async () => {
  expect(await invoke("composio:index:getToolkit", { slug: "notion" })).toMatchObject({ slug: "notion" });
  await expect(invoke("composio:index:getAuthConfig", { id: "ac_missing0000" })).rejects.toThrow(
    /auth config ac_missing0000 does not exist/,
  );
});
