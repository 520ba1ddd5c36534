/**
 * The census: every field of the field table (provider/core/fields.ts), through the real hooks and API client
 * against the emulator. Each field is created with a value other than its default, read back and diffed (no
 * change), then changed: the diff names it and replaces or not as the table says, and the update sends it (what
 * the emulator stores) or, for a state-only field, sends nothing. A secret's value never reaches an output; a
 * field reads hide, changed on the server, shows as changed. The cases come from the table: a field added to it
 * without a sample here fails the first test, and one without a mapping fails fieldCoverage.
 */
import type { EmulatorControl, RunningEmulator } from "../../../emulator";
import type { StoredAuthConfig as ServerConfig } from "../../../emulator/types";
import { AuthConfigProvider } from "../../../provider/hooks/authConfigProvider";
import { diffAuthConfig } from "../../../provider/core/diff";
import {
  AUTH_CONFIG_FIELDS,
  FIELD_NAMES,
  fieldCoverage,
  isAlwaysSecretPath,
  isHiddenOnRead,
  type FieldName,
  type FieldSpec,
} from "../../../provider/core/fields";
import { SPECIAL_MAPPINGS, type AuthConfigOutputs } from "../../../provider/core/mapping";
import { AUTH_CONFIG_VARIANTS, type AuthConfigInputs } from "../../../provider/core/schema";
import { openSecrets } from "../../../provider/hooks/sealing";
import { startTestComposio, type TestComposio } from "../../../testbed/emulatorApi";

const API_KEY = "census-key-3c9d";
type Args = Record<string, unknown>;

const managedGithub: Args = { toolkit: "github" };
const customNotion: Args = {
  toolkit: "notion",
  type: "use_custom_auth",
  authScheme: "OAUTH2",
  credentials: { client_id: "census-client", client_secret: "SENTINEL-census-secret-0" },
};
const customGithub: Args = { ...customNotion, toolkit: "github" };

/**
 * One field's case: the program's other arguments, the value it is created with (not its default) and the one it
 * is changed to (`changedBase`: other arguments the change needs too), where the emulator stores it in the
 * program's terms, and for a field reads hide, the PATCH a person would make in the dashboard.
 */
interface Sample {
  base: Args;
  value: unknown;
  changed: unknown;
  changedBase?: Args;
  /** The field as the server holds it, in the program's terms (absent for a field never sent). */
  onServer?: (stored: ServerConfig) => unknown;
  /** A change made outside Pulumi to the values reads hide. */
  outOfBand?: Args;
  /** Prepares the server (returns the value to use instead of `value`, e.g. a config's id). */
  arrange?: () => Promise<unknown>;
}

let composio: TestComposio;
let emulator: RunningEmulator;
let control: EmulatorControl;
let provider: AuthConfigProvider;

beforeAll(async () => {
  composio = await startTestComposio(API_KEY);
  ({ emulator, control } = composio);
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await control.reset();
  provider = new AuthConfigProvider().useSettings(() => ({ apiKey: API_KEY, baseUrl: emulator.url }));
});

/** The engine's steps: check (seals secrets), then the hook. */
async function checked(olds: unknown, args: Args): Promise<AuthConfigInputs> {
  const { inputs, failures } = await provider.check(olds, { __resourceName: "census", ...args });
  expect(failures).toEqual([]);
  return inputs as AuthConfigInputs;
}

const SAMPLES: Record<FieldName, Sample> = {
  toolkit: { base: {}, value: "github", changed: "hubspot", onServer: (stored) => stored.toolkit_slug },
  name: { base: managedGithub, value: "census-name", changed: "census-renamed", onServer: (stored) => stored.name },
  type: {
    base: customGithub,
    value: "use_custom_auth",
    changedBase: managedGithub,
    changed: "use_composio_managed_auth",
    onServer: (stored) => (stored.type === "custom" ? "use_custom_auth" : "use_composio_managed_auth"),
  },
  authScheme: {
    base: customGithub,
    value: "OAUTH2",
    changedBase: { ...customGithub, credentials: {} },
    changed: "API_KEY",
    onServer: (stored) => stored.auth_scheme,
  },
  credentials: {
    base: customNotion,
    value: { client_id: "census-client", client_secret: "SENTINEL-census-secret-1" },
    changed: { client_id: "census-client", client_secret: "SENTINEL-census-secret-2" },
    onServer: (stored) => ({ client_id: stored.credentials.client_id, client_secret: stored.credentials.client_secret }),
    outOfBand: { type: "custom", credentials: { client_secret: "rotated-in-the-dashboard" } },
  },
  toolAccessConfig: {
    base: managedGithub,
    value: { toolsForConnectedAccountCreation: ["GITHUB_CREATE_AN_ISSUE"] },
    changed: { toolsForConnectedAccountCreation: ["GITHUB_LIST_REPOSITORY_ISSUES"] },
    onServer: (stored) => ({ toolsForConnectedAccountCreation: stored.tool_access_config.tools_for_connected_account_creation }),
  },
  proxyConfig: {
    base: customNotion,
    value: { proxyUrl: "https://proxy.example.com", proxyAuthKey: "SENTINEL-census-proxy-1" },
    changed: { proxyUrl: "https://proxy.example.com", proxyAuthKey: "SENTINEL-census-proxy-2" },
    onServer: (stored) => ({ proxyUrl: stored.proxy_config?.proxy_url, proxyAuthKey: stored.proxy_config?.proxy_auth_key }),
    outOfBand: { type: "custom", proxy_config: { proxy_url: "https://proxy.example.com", proxy_auth_key: "set-in-the-dashboard" } },
  },
  isEnabledForToolRouter: { base: managedGithub, value: true, changed: false, onServer: (stored) => stored.is_enabled_for_tool_router },
  sharedCredentials: {
    base: customNotion,
    value: { region: "SENTINEL-census-shared-1" },
    changed: { region: "SENTINEL-census-shared-2" },
    onServer: (stored) => stored.shared_credentials,
    outOfBand: { type: "custom", shared_credentials: { region: "set-in-the-dashboard" } },
  },
  enabled: { base: managedGithub, value: false, changed: true, onServer: (stored) => stored.status === "ENABLED" },
  revokeOnDelete: { base: managedGithub, value: true, changed: false },
  allowReplaceWithConnections: { base: managedGithub, value: true, changed: false },
  adoptId: {
    base: managedGithub,
    value: "the id arrange returns",
    changed: "ac_census0other",
    arrange: async () => {
      const body = { toolkit: { slug: "github" }, auth_config: { type: "use_composio_managed_auth" } };
      const made = await composio.api("POST", "/auth_configs", body);
      return made.json.auth_config.id;
    },
  },
};

const table = AUTH_CONFIG_FIELDS as Record<string, FieldSpec>;
/** The property paths inside a value (`credentials.client_secret`), for the secret and hidden rules. */
const pathsIn = (field: string, value: unknown): string[] =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? Object.keys(value).map((key) => `${field}.${key}`) : [field];
/** The fields whose sample holds a value reads hide (on the sample's kind of config). */
const HIDDEN_FIELDS = FIELD_NAMES.filter((name) =>
  pathsIn(name, SAMPLES[name].value).some((path) => isHiddenOnRead(path, SAMPLES[name].base.type !== "use_custom_auth")),
);
/** Every string in a value, to look for in outputs. */
const stringsIn = (value: unknown): string[] =>
  typeof value === "string" ? [value] : value !== null && typeof value === "object" ? Object.values(value).flatMap(stringsIn) : [];

test("every field of the table has a census sample, and the provider implements each (fieldCoverage)", () => {
  expect(Object.keys(SAMPLES).sort()).toEqual([...FIELD_NAMES].sort());
  const schemaFields = Object.keys(AUTH_CONFIG_VARIANTS[0].shape).filter((key) => key in AUTH_CONFIG_VARIANTS[1].shape);
  expect(fieldCoverage(table, { schemaFields, specialMappings: Object.keys(SPECIAL_MAPPINGS) })).toEqual([]);
  for (const name of FIELD_NAMES) {
    const sample = SAMPLES[name];
    const field = table[name];
    // A case that proves something: a value other than the default, a change, and where the server keeps it.
    expect([name, sample.arrange ? "arranged on the server" : sample.value]).not.toEqual([name, field.default ?? field.absentMeans]);
    expect([name, sample.changed]).not.toEqual([name, sample.value]);
    expect([name, sample.onServer === undefined]).toEqual([name, field.wire === "notSent"]);
    expect([name, sample.outOfBand !== undefined]).toEqual([name, HIDDEN_FIELDS.includes(name)]);
    // A secret's sample is a sentinel, looked for in every output below.
    for (const path of pathsIn(name, sample.value).filter((path) => isAlwaysSecretPath(path))) {
      expect([path, stringsIn((sample.value as Args)[path.slice(name.length + 1)])]).toEqual([path, [expect.stringMatching(/^SENTINEL-/)]]);
    }
  }
});

describe.each(FIELD_NAMES.map((name) => [name, table[name].change] as const))("%s (a change %s)", (name, change) => {
  /** The secret values inside a value of this field: none may reach an output. */
  const expectNoSecret = (value: unknown, outputs: unknown) => {
    const secrets = pathsIn(name, value)
      .filter(isAlwaysSecretPath)
      .flatMap((path) => stringsIn((value as Args)[path.slice(name.length + 1)]));
    for (const secret of secrets) expect(JSON.stringify(outputs)).not.toContain(secret);
  };

  it("is created with a non-default value, read back with no diff, and a change is seen, replaced or sent as the table says", async () => {
    const sample = SAMPLES[name];
    const value = sample.arrange ? await sample.arrange() : sample.value;
    const inputs = await checked({}, { ...sample.base, [name]: value });
    const { id, outs } = await provider.create(inputs);
    if (sample.onServer) expect(sample.onServer(await control.storedAuthConfig(id))).toEqual(value);
    const { props } = await provider.read(id, outs as AuthConfigOutputs);
    expectNoSecret(value, [outs, props]);
    expect(diffAuthConfig(props as AuthConfigOutputs, openSecrets(inputs, { unopened: "keep" }))).toMatchObject({ changes: false });

    const changedInputs = await checked(inputs, { ...(sample.changedBase ?? sample.base), [name]: sample.changed });
    const diff = diffAuthConfig(props as AuthConfigOutputs, openSecrets(changedInputs, { unopened: "keep" }));
    expect(diff.changed.includes(name)).toBe(change !== "ignored");
    const hookDiff = await provider.diff(id, props as AuthConfigOutputs, changedInputs);
    expect(hookDiff.replaces).toEqual(change === "replaces" ? [name] : []);
    if (change === "replaces" || change === "ignored") return;

    const { writes, result } = await composio.counted(() => provider.update(id, props as AuthConfigOutputs, changedInputs));
    expectNoSecret(sample.changed, result.outs);
    if (change === "updatesStateOnly") {
      expect(writes).toBe(0);
      expect(result.outs).toMatchObject({ [name]: sample.changed });
      return;
    }
    expect(writes).toBeGreaterThan(0);
    expect(sample.onServer!(await control.storedAuthConfig(id))).toEqual(sample.changed);
  });
});

describe.each(HIDDEN_FIELDS)("%s, which reads hide in part", (name) => {
  it("changed on the server, shows as changed since the last apply", async () => {
    const sample = SAMPLES[name];
    const inputs = await checked({}, { ...sample.base, [name]: sample.value });
    const { id, outs } = await provider.create(inputs);
    await composio.api("PATCH", `/auth_configs/${id}`, sample.outOfBand);
    const { props } = await provider.read(id, outs as AuthConfigOutputs);
    expect(JSON.stringify(props)).toContain("changed on the server");
    expect(diffAuthConfig(props as AuthConfigOutputs, openSecrets(inputs, { unopened: "keep" })).changed).toContain(name);
  });
});
