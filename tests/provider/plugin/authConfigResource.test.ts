/**
 * The plugin's adapter over the hooks, against the emulator: secrets leave wrapped, previews write
 * nothing, and a read from an id alone (what `pulumi import` calls) returns the visible inputs only.
 */
import { AuthConfigProvider } from "../../../provider/hooks/authConfigProvider";
import { AuthConfigResource, nameFromUrn } from "../../../provider/plugin/authConfigResource";
import { SECRET_SIG, SIG_KEY } from "../../../provider/core/secretMarks";
import { startTestComposio, type TestComposio } from "../../../testbed/emulatorApi";
import { hiddenValuesConfigInDashboard, hiddenValuesOnServer, maskedForms } from "../../../testbed/seedLifecycle";

const API_KEY = "SENTINEL-api-key-adapter-1f0e77";
const CLIENT_SECRET = "SENTINEL-client-secret-adapter-62b3aa";
const URN = "urn:pulumi:dev::proj::composio:index:AuthConfig::notion";
const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

let composio: TestComposio;
let resource: AuthConfigResource;

beforeAll(async () => {
  composio = await startTestComposio(API_KEY);
  const hooks = new AuthConfigProvider(async () => undefined).useSettings(() => ({ apiKey: API_KEY, baseUrl: composio.emulator.url }));
  resource = new AuthConfigResource(hooks);
});
afterAll(() => composio.emulator.close());
beforeEach(() => composio.control.clearStats());

const notion = {
  toolkit: "notion",
  type: "use_custom_auth",
  authScheme: "OAUTH2",
  name: "Notion",
  credentials: { client_id: "cid", client_secret: CLIENT_SECRET },
};

test("the resource's name comes from its URN", () => {
  expect(nameFromUrn(URN)).toBe("notion");
});

test("check marks every secret (a secret-named credential given plain too), sealed inside its envelope", async () => {
  const { inputs, failures } = await resource.check(URN, {}, { ...notion, name: secret("Notion") });
  expect(failures).toEqual([]);
  const sealed = secret(expect.stringMatching(/^fingerprint:v1:.*:sealed:/));
  expect(inputs.name).toEqual(sealed);
  expect((inputs.credentials as Record<string, unknown>).client_secret).toEqual(sealed);
  expect(JSON.stringify(inputs)).not.toContain(CLIENT_SECRET);
  // Checked again with the stored inputs, unchanged: the engine sees equal inputs and writes no checkpoint.
  expect((await resource.check(URN, inputs, { ...notion, name: secret("Notion") })).inputs).toEqual(inputs);
  expect((inputs.credentials as Record<string, unknown>).client_id).toBe("cid");
  expect(inputs.__secretPaths).toEqual(["name"]);
  expect(inputs.__resourceName).toBe("notion");
  expect(inputs).not.toHaveProperty("__sdk");
});

test("check fails bad input naming the property (in the reason: the engine would print a named property's value)", async () => {
  const { failures } = await resource.check(URN, {}, { toolkit: "notion", type: "use_custom_auth" });
  expect(failures).toEqual([{ property: "", reason: expect.stringMatching(/^authScheme: authScheme is required/) }]);
});

test("a preview of a create or an update writes nothing", async () => {
  const { inputs } = await resource.check(URN, {}, notion);
  const planned = await resource.create(inputs, true);
  expect(planned.id).toBe("");
  expect(JSON.stringify(planned.outs)).not.toContain(CLIENT_SECRET);
  await resource.update("ac_whatever", { ...inputs, authConfigId: "ac_whatever" }, { ...inputs, name: "Renamed" }, true);
  expect(await composio.authConfigWrites()).toBe(0);
});

test("create writes once, outputs hold no secret, and a read from the id alone returns the visible inputs", async () => {
  const { inputs } = await resource.check(URN, {}, notion);
  const { id, outs } = await resource.create(inputs, false);
  expect(await composio.list()).toHaveLength(1);
  expect(JSON.stringify(outs)).not.toContain(CLIENT_SECRET);

  const read = await resource.read(id, {});
  expect(read.id).toBe(id);
  expect(read.inputs).toMatchObject({ toolkit: "notion", name: "Notion", type: "use_custom_auth", authScheme: "OAUTH2", enabled: true });
  // What Composio shows in clear is imported; the secret it never returns is left out rather than guessed.
  expect(read.inputs?.credentials).toEqual({ client_id: "cid" });
  expect(JSON.stringify(read)).not.toContain(CLIENT_SECRET);
  expect(read.props).toMatchObject({ authConfigId: id, status: "ENABLED" });

  await resource.delete(id, outs);
  expect(await composio.list()).toEqual([]);
  expect(await resource.read(id, {})).toEqual({ id: "" });
});

test("diff names the changed properties and nothing else, secrets compared through their seals", async () => {
  const { inputs } = await resource.check(URN, {}, notion);
  const { id, outs } = await resource.create(inputs, false);
  const same = await resource.check(URN, inputs, notion);
  expect(await resource.diff(id, outs, same.inputs)).toMatchObject({ changes: false, diffs: [] });
  const renamed = await resource.check(URN, inputs, { ...notion, name: "Notion 2" });
  expect(await resource.diff(id, outs, renamed.inputs)).toMatchObject({ changes: true, diffs: ["name"] });
  const rotated = await resource.check(URN, inputs, { ...notion, credentials: { ...notion.credentials, client_secret: "rotated" } });
  expect((await resource.diff(id, outs, rotated.inputs)).diffs).toContain("credentials");
  await resource.delete(id, outs);
});

describe.each(["prefix4", "redacted", "stars"] as const)("import of a config with shared credentials, reads masked as %s", (format) => {
  const SHARED = "SENTINEL-shared-token-adapter-9c4d21";
  const PROXY_KEY = "SENTINEL-proxy-key-adapter-47e0b3";
  const masks = maskedForms(SHARED, PROXY_KEY, CLIENT_SECRET);

  test("no masked value becomes an input or output, the imported program writes nothing, and a later update leaves the hidden values alone", async () => {
    await composio.control.maskFormat(format);
    const id = await hiddenValuesConfigInDashboard(composio, { clientSecret: CLIENT_SECRET, proxyKey: PROXY_KEY, shared: SHARED });
    const imported = await resource.read(id, {});
    const text = JSON.stringify(imported);
    for (const mask of masks) expect(text).not.toContain(mask);
    expect(imported.inputs?.sharedCredentials).toBeUndefined();
    expect(imported.props?.sharedCredentials).toBeUndefined();
    expect(imported.inputs?.proxyConfig).toEqual({ proxyUrl: "https://proxy.example.com" });
    expect(imported.inputs?.credentials).toEqual({ client_id: "slack-client-id" });

    // The code import writes, run: no change. Then a change to it: one PATCH, with none of the hidden values.
    const program = imported.inputs!;
    const same = await resource.check(URN, imported.props, program);
    expect(await resource.diff(id, imported.props, same.inputs)).toMatchObject({ changes: false });
    const renamed = await resource.check(URN, imported.props, { ...program, name: "Slack (managed by Pulumi)" });
    expect((await resource.diff(id, imported.props, renamed.inputs)).diffs).toEqual(["name"]);
    await composio.control.clearStats();
    const outs = await resource.update(id, imported.props, renamed.inputs, false);
    expect(await composio.authConfigWrites()).toBe(1);
    expect((await composio.control.storedAuthConfig(id)).name).toBe("Slack (managed by Pulumi)");
    expect(await hiddenValuesOnServer(composio, id)).toEqual({
      clientSecret: CLIENT_SECRET,
      proxyKey: PROXY_KEY,
      shared: { bot_token: SHARED },
    });

    // A refresh after that still leaves them out: nothing for the next update to send back.
    const refreshed = await resource.read(id, outs);
    expect(refreshed.inputs?.sharedCredentials).toBeUndefined();
    for (const mask of masks) expect(JSON.stringify(refreshed)).not.toContain(mask);
    await resource.delete(id, outs);
    await composio.control.maskFormat("prefix4");
  });
});
