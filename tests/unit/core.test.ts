import fc from "fast-check";
import { diffAuthConfig } from "../../provider/diff";
import { isFingerprint, redactSecrets } from "../../provider/fingerprint";
import { inputsOf, observe, planAfterCreate, planUpdate, toCreateBody } from "../../provider/mapping";
import type { AuthConfigInputs } from "../../provider/model";
import { normalize, normalizeScopes } from "../../provider/normalize";
import type { WireAuthConfig } from "../../provider/wire";
import { inputsArb } from "./arbitraries";

const MASKED = "sent********";

/** The server's view of `inputs` as the emulator (and Composio) would return it: secrets masked. */
function liveOf(inputs: AuthConfigInputs, id = "ac_test123"): WireAuthConfig {
  const credentials = Object.fromEntries(
    Object.entries(inputs.credentials ?? {}).map(([key, value]) => [key, key === "client_secret" ? MASKED : value]),
  );
  return {
    id,
    type: inputs.type === "use_custom_auth" ? "custom" : "default",
    toolkit: { slug: inputs.toolkit },
    name: inputs.name,
    auth_scheme: inputs.authScheme ?? "OAUTH2",
    credentials,
    proxy_config: inputs.proxyConfig ? { proxy_url: inputs.proxyConfig.proxyUrl, proxy_auth_key: MASKED } : null,
    status: inputs.enabled ? "ENABLED" : "DISABLED",
    no_of_connections: 0,
    tool_access_config: {
      tools_for_connected_account_creation: inputs.toolAccessConfig?.toolsForConnectedAccountCreation ?? [],
      tools_available_for_execution: inputs.toolAccessConfig?.toolsAvailableForExecution ?? [],
    },
    shared_credentials: Object.fromEntries(Object.keys(inputs.sharedCredentials ?? {}).map((key) => [key, MASKED])),
    is_enabled_for_tool_router: inputs.isEnabledForToolRouter ?? false,
  };
}

const base: AuthConfigInputs = { toolkit: "hubspot", name: "crm", type: "use_composio_managed_auth", enabled: true, revokeOnDelete: false };

describe("normalize", () => {
  it("is idempotent", () => {
    fc.assert(fc.property(inputsArb, (inputs) => {
      const once = normalize(inputs);
      expect(normalize({ ...inputs, ...once } as AuthConfigInputs)).toEqual(once);
    }));
  });

  it("treats scope strings and lists, order, duplicates and whitespace alike", () => {
    expect(normalizeScopes("sales-email-read, tickets,tickets")).toEqual(normalizeScopes(["tickets", "sales-email-read"]));
    expect(normalizeScopes(" , ")).toEqual([]);
  });
});

describe("diff", () => {
  it("of any config with itself is empty", () => {
    fc.assert(fc.property(inputsArb, (inputs) => {
      expect(diffAuthConfig(inputs, inputs)).toEqual({ changes: false, changed: [], replaces: [] });
    }));
  });

  it("sees no change between equivalent spellings", () => {
    const olds = { ...base, credentials: { scopes: "sales-email-read,tickets" } };
    const news = { ...base, credentials: { scopes: [" tickets", "sales-email-read"] }, isEnabledForToolRouter: false, toolAccessConfig: {} };
    expect(diffAuthConfig(olds, news).changes).toBe(false);
  });

  it.each([
    ["toolkit", { toolkit: "github" }, true],
    ["type", { type: "use_custom_auth" }, true],
    ["authScheme", { authScheme: "API_KEY" }, true],
    ["name", { name: "renamed" }, false],
    ["credentials", { credentials: { scopes: "tickets" } }, false],
    ["enabled", { enabled: false }, false],
    ["revokeOnDelete", { revokeOnDelete: true }, false],
    ["toolAccessConfig", { toolAccessConfig: { toolsAvailableForExecution: ["HUBSPOT_X"] } }, false],
  ] as const)("a change of %s is found, replacing: %s", (property, change, replaces) => {
    const olds = { ...base, authScheme: "OAUTH2" as const };
    const result = diffAuthConfig(olds, { ...base, ...change } as AuthConfigInputs);
    expect(result.changed).toEqual([property]);
    expect(result.replaces).toEqual(replaces ? [property] : []);
  });

  it("accepts whatever scheme the server chose when the program names none", () => {
    expect(diffAuthConfig({ ...base, authScheme: "OAUTH2" }, base).changes).toBe(false);
  });
});

describe("secret fingerprints in outputs", () => {
  const secretValues = (config: AuthConfigInputs) =>
    [config.credentials?.client_secret, config.proxyConfig?.proxyAuthKey, ...Object.values(config.sharedCredentials ?? {})].filter(
      (value) => value !== undefined,
    );

  it("outputs never hold a secret, yet diff against the program is empty", () => {
    fc.assert(fc.property(inputsArb, (inputs) => {
      const outputs = redactSecrets(inputs);
      expect(secretValues(outputs)).toHaveLength(secretValues(inputs).length);
      for (const value of secretValues(outputs)) expect(isFingerprint(value)).toBe(true);
      expect(diffAuthConfig(outputs, inputs).changed).toEqual([]);
      expect(redactSecrets(inputs, outputs)).toEqual(outputs);
    }));
  });

  it("a changed secret is a change", () => {
    const inputs: AuthConfigInputs = { ...base, type: "use_custom_auth", authScheme: "OAUTH2", credentials: { client_id: "a", client_secret: "one" } };
    const outputs = redactSecrets(inputs);
    expect(diffAuthConfig(outputs, { ...inputs, credentials: { client_id: "a", client_secret: "two" } }).changed).toEqual(["credentials"]);
  });
});

describe("observe (refresh)", () => {
  it("never reports drift because the server masks secrets", () => {
    fc.assert(fc.property(inputsArb, (inputs) => {
      const observed = observe(liveOf(inputs), inputs);
      expect(diffAuthConfig(observed, inputs).changed).toEqual([]);
      expect(inputsOf(observed).credentials?.client_secret).toBe(inputs.credentials?.client_secret);
    }));
  });

  it("shows out-of-band changes as drift on the right property", () => {
    const inputs: AuthConfigInputs = { ...base, credentials: { scopes: "tickets" }, toolAccessConfig: { toolsForConnectedAccountCreation: ["A"] } };
    const live = liveOf(inputs);
    const drifted: WireAuthConfig = { ...live, name: "edited", status: "DISABLED", credentials: { scopes: "tickets,crm.export" }, tool_access_config: {}, is_enabled_for_tool_router: true };
    const observed = observe(drifted, inputs);
    expect(diffAuthConfig(observed, inputs).changed).toEqual(["name", "credentials", "toolAccessConfig", "isEnabledForToolRouter", "enabled"]);
  });

  it("keeps the program's spelling when the server returns an equivalent value", () => {
    const inputs = { ...base, credentials: { scopes: "b,a" } };
    const observed = observe({ ...liveOf(inputs), credentials: { scopes: ["a", "b"] } }, inputs);
    expect(observed.credentials).toEqual({ scopes: "b,a" });
  });

  it("reports a proxy added in the dashboard to a config without one", () => {
    const inputs: AuthConfigInputs = { ...base, type: "use_custom_auth", authScheme: "OAUTH2" };
    const observed = observe({ ...liveOf(inputs), proxy_config: { proxy_url: "https://evil.example.com" } }, inputs);
    expect(diffAuthConfig(observed, inputs).changed).toEqual(["proxyConfig"]);
  });
});

describe("API bodies", () => {
  it("creates managed and custom configs with the API's own field names", () => {
    expect(toCreateBody({ ...base, credentials: { scopes: "tickets" } })).toEqual({
      toolkit: { slug: "hubspot" },
      auth_config: { type: "use_composio_managed_auth", name: "crm", credentials: { scopes: "tickets" } },
    });
    const custom: AuthConfigInputs = {
      ...base,
      toolkit: "notion",
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      credentials: { client_id: "id", client_secret: "s" },
      proxyConfig: { proxyUrl: "https://p.example.com", proxyAuthKey: "k" },
      toolAccessConfig: { toolsForConnectedAccountCreation: ["NOTION_A"], toolsAvailableForExecution: ["NOTION_B"] },
    };
    expect(toCreateBody(custom).auth_config).toEqual({
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      name: "crm",
      credentials: { client_id: "id", client_secret: "s" },
      proxy_config: { proxy_url: "https://p.example.com", proxy_auth_key: "k" },
      tool_access_config: { tools_for_connected_account_creation: ["NOTION_A"] },
    });
    expect(planAfterCreate(custom)).toEqual({ body: { type: "custom", tool_access_config: { tools_available_for_execution: ["NOTION_B"] } } });
  });

  it("updates with the variant of the config's type, only what changed, nulls for removed fields", () => {
    const olds: AuthConfigInputs = { ...base, type: "use_custom_auth", authScheme: "OAUTH2", credentials: { client_id: "a", oauth_redirect_uri: "https://r" } };
    const news: AuthConfigInputs = { ...olds, name: "new", credentials: { client_id: "b" }, enabled: false };
    expect(planUpdate(olds, news, diffAuthConfig(olds, news).changed)).toEqual({
      body: { type: "custom", name: "new", credentials: { client_id: "b", oauth_redirect_uri: null } },
      status: "DISABLED",
    });
    const managedOld = { ...base, credentials: { scopes: "a" } };
    const managedNew = { ...base, credentials: { scopes: ["a", "b"] } };
    expect(planUpdate(managedOld, managedNew, ["credentials"])).toEqual({ body: { type: "default", scopes: ["a", "b"] } });
    expect(planUpdate(base, { ...base, revokeOnDelete: true }, ["revokeOnDelete"])).toEqual({});
  });
});
