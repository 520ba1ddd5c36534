import fc from "fast-check";
import { diffAuthConfig } from "../../../provider/core/diff";
import { isFingerprint, isSecretKey, openSecrets, redactSecrets, sealSecrets, secretVersions } from "../../../provider/core/secrets";
import { inputsOf, observe, planAfterCreate, planUpdate, toCreateBody } from "../../../provider/core/mapping";
import type { AuthConfigInputs, StoredAuthConfig } from "../../../provider/core/schema";
import { normalize, normalizeScopes } from "../../../provider/core/normalize";
import { changedOnServer, isChangedOnServer, isHiddenCredential } from "../../../provider/core/visibility";
import type { WireAuthConfig } from "../../../provider/core/wire";
import { inputsArb } from "./arbitraries";
import { liveOf, MASK_FORMATS, maskedLiveOf, maskFormatArb, T0, T1, type MaskFormat } from "./liveViews";

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

/** Any subset of the wrappable paths an inputs object has a value at (credentials field by field or whole). */
const wrappedArb = (inputs: AuthConfigInputs) =>
  fc.subarray([
    "name",
    ...(inputs.credentials ? ["credentials.*", ...Object.keys(inputs.credentials).map((key) => `credentials.${key}`)] : []),
    ...(inputs.proxyConfig ? ["proxyConfig.proxyUrl"] : []),
    ...Object.keys(inputs.toolAccessConfig ?? {}).map((list) => `toolAccessConfig.${list}`),
  ]);
const inputsWrappedArb = inputsArb.chain((inputs) => wrappedArb(inputs).map((paths) => ({ ...inputs, __secretPaths: paths })));

/** The value at a wrappable path (`credentials.*`: the whole credentials object). */
function at(config: StoredAuthConfig, path: string): unknown {
  if (path === "credentials.*") return config.credentials;
  const [section, key] = path.split(".");
  const record = config as unknown as Record<string, unknown>;
  return key === undefined ? record[section] : (record[section] as Record<string, unknown> | undefined)?.[key];
}

describe("values the program wrapped as secrets (__secretPaths)", () => {
  it("are fingerprints in outputs, and the program diffs clean against them", () => {
    fc.assert(fc.property(inputsWrappedArb, (inputs) => {
      const outputs = redactSecrets(inputs);
      for (const path of inputs.__secretPaths!) {
        const value = at(outputs, path);
        if (path === "credentials.*") for (const field of Object.values(value as object)) expect(isFingerprint(field)).toBe(true);
        else expect(isFingerprint(value)).toBe(true);
      }
      expect(diffAuthConfig(outputs, inputs).changed).toEqual([]);
      expect(redactSecrets(inputs, outputs)).toEqual(outputs);
    }));
  });

  it("read back from the server (reordered tools, respelled scopes) keep their fingerprints: a clean refresh", () => {
    fc.assert(fc.property(inputsWrappedArb, (inputs) => {
      const outputs = { ...redactSecrets(inputs), lastUpdatedAt: T0 };
      const live = maskedLiveOf(inputs, "prefix4");
      const reordered: WireAuthConfig = {
        ...live,
        tool_access_config: {
          tools_for_connected_account_creation: [...(live.tool_access_config?.tools_for_connected_account_creation ?? [])].reverse(),
          tools_available_for_execution: [...(live.tool_access_config?.tools_available_for_execution ?? [])].reverse(),
        },
      };
      const refreshed = redactSecrets(observe(reordered, outputs, T0), outputs);
      expect(diffAuthConfig(refreshed, inputs).changed).toEqual([]);
      for (const path of inputs.__secretPaths!) expect(at(refreshed, path)).toEqual(at(outputs, path));
    }));
  });

  it("leave check sealed: no value in clear, opened again exactly, and compared by fingerprint where it cannot be opened", () => {
    fc.assert(fc.property(inputsWrappedArb, (inputs) => {
      const sealed = sealSecrets(inputs, {});
      const secretPaths = [
        ...inputs.__secretPaths!.filter((path) => path !== "credentials.*"),
        ...Object.keys(inputs.credentials ?? {}).filter((key) => isSecretKey(key) || inputs.__secretPaths!.includes("credentials.*")).map((key) => `credentials.${key}`),
        ...(inputs.proxyConfig?.proxyAuthKey !== undefined ? ["proxyConfig.proxyAuthKey"] : []),
        ...Object.keys(inputs.sharedCredentials ?? {}).map((key) => `sharedCredentials.${key}`),
      ];
      for (const path of secretPaths) expect(isFingerprint(path.startsWith("sharedCredentials.") ? sealed.sharedCredentials![path.slice(18)] : at(sealed, path))).toBe(true);
      expect(openSecrets(sealed)).toEqual(inputs);
      // What a write leaves in outputs diffs clean against the seals, opened or not (a refresh diffs them unopened).
      const outputs = redactSecrets(inputs, sealed);
      expect(diffAuthConfig(outputs, openSecrets(sealed)).changed).toEqual([]);
      expect(diffAuthConfig(outputs, sealed).changed).toEqual([]);
      // The next check keeps each seal's fingerprint while the value is the same.
      const again = sealSecrets(inputs, sealed);
      for (const path of secretPaths.filter((p) => !p.startsWith("sharedCredentials."))) {
        expect(String(at(again, path)).split(":sealed:")[0]).toBe(String(at(sealed, path)).split(":sealed:")[0]);
      }
    }));
  });

  it("changed on the server (a rename, a new client id) is drift, and the update sends the program's values", () => {
    const inputs: AuthConfigInputs = {
      ...base,
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      name: "wrapped-name",
      credentials: { client_id: "wrapped-id", client_secret: "s" },
      __secretPaths: ["name", "credentials.client_id"],
    };
    const outputs = { ...redactSecrets(inputs), lastUpdatedAt: T0 };
    const live = { ...maskedLiveOf(inputs, "stars"), name: "renamed-by-hand", credentials: { client_id: "other-id", client_secret: "********" } };
    const refreshed = redactSecrets(observe(live, outputs, T0), outputs);
    expect(JSON.stringify(refreshed)).not.toMatch(/renamed-by-hand|other-id|wrapped-/);
    const { changed } = diffAuthConfig(refreshed, inputs);
    expect(changed).toEqual(["name", "credentials"]);
    expect(planUpdate(inputsOf(refreshed), inputs, changed).body).toEqual({ type: "custom", name: "wrapped-name", credentials: { client_id: "wrapped-id" } });
  });
});

/** Properties of `inputs` that carry a field reads hide. */
function hiddenProperties(inputs: AuthConfigInputs): string[] {
  const managed = inputs.type !== "use_custom_auth";
  return [
    ...(Object.keys(inputs.credentials ?? {}).some((key) => isHiddenCredential(key, managed)) ? ["credentials"] : []),
    ...(inputs.proxyConfig?.proxyAuthKey !== undefined ? ["proxyConfig"] : []),
    ...(Object.keys(inputs.sharedCredentials ?? {}).length > 0 ? ["sharedCredentials"] : []),
  ];
}

describe("observe (refresh) under masked reads", () => {
  it("right after a write, any mask format reads back as no change", () => {
    fc.assert(fc.property(inputsArb, maskFormatArb, (inputs, format) => {
      const observed = observe(maskedLiveOf(inputs, format), redactSecrets(inputs), T0);
      expect(diffAuthConfig(observed, inputs).changed).toEqual([]);
    }));
  });

  it("a config changed on the server since the last write shows as drift of exactly the hidden fields the program sets", () => {
    fc.assert(fc.property(inputsArb, maskFormatArb, (inputs, format) => {
      const observed = observe(maskedLiveOf(inputs, format, T1), redactSecrets(inputs), T0);
      expect(diffAuthConfig(observed, inputs).changed.sort()).toEqual(hiddenProperties(inputs).sort());
      // The update that follows resends the program's values, never a marker.
      const plan = planUpdate(inputsOf(observed), inputs, diffAuthConfig(observed, inputs).changed);
      expect(JSON.stringify(plan)).not.toContain("changed on the server");
      // Once marked, a later refresh that sees no newer change keeps the marks (the drift stays until repaired).
      const again = observe(maskedLiveOf(inputs, format, T1), inputsOf(observed), T1);
      expect(diffAuthConfig(again, inputs).changed.sort()).toEqual(hiddenProperties(inputs).sort());
    }));
  });

  it("says when, never what, in place of a hidden value", () => {
    const inputs: AuthConfigInputs = { ...base, type: "use_custom_auth", authScheme: "OAUTH2", credentials: { client_id: "id", client_secret: "s3cret", scopes: "read,write" } };
    const observed = redactSecrets(observe(maskedLiveOf(inputs, "prefix4", T1), redactSecrets(inputs), T0), redactSecrets(inputs));
    expect(observed.credentials).toEqual({ client_id: "id", client_secret: changedOnServer(T1), scopes: changedOnServer(T1) });
    expect(isChangedOnServer(observed.credentials!.client_secret)).toBe(true);
  });

  it("never takes a masked value for the program's (scopes, redirect URI and secrets alike)", () => {
    const inputs: AuthConfigInputs = {
      ...base,
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      credentials: { client_id: "id", oauth_redirect_uri: "https://example.com/cb", scopes: "read,write" },
    };
    for (const format of Object.keys(MASK_FORMATS) as MaskFormat[]) {
      const observed = observe(maskedLiveOf(inputs, format), inputs, T0);
      expect(observed.credentials).toEqual(inputs.credentials);
    }
  });

  it("compares the fields reads show by value: name, status, tools, router flag, client_id, proxy URL, shared-credential keys", () => {
    const inputs: AuthConfigInputs = {
      ...base,
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      credentials: { client_id: "id", scopes: "tickets" },
      toolAccessConfig: { toolsForConnectedAccountCreation: ["A"] },
      proxyConfig: { proxyUrl: "https://p.example.com" },
      sharedCredentials: { token: "t" },
    };
    const live = maskedLiveOf(inputs, "prefix4");
    const drifted: WireAuthConfig = {
      ...live,
      name: "edited",
      status: "DISABLED",
      credentials: { ...live.credentials, client_id: "other" },
      tool_access_config: {},
      is_enabled_for_tool_router: true,
      proxy_config: { proxy_url: "https://evil.example.com" },
      shared_credentials: { token: "REDACTED", extra: "REDACTED" },
    };
    // Same timestamp: only the visible differences, the hidden fields as written.
    const observed = observe(drifted, inputs, T0);
    expect(diffAuthConfig(observed, inputs).changed).toEqual([
      "name",
      "credentials",
      "toolAccessConfig",
      "proxyConfig",
      "isEnabledForToolRouter",
      "sharedCredentials",
      "enabled",
    ]);
    expect(observed.credentials).toEqual({ client_id: "other", scopes: "tickets" });
  });

  it("trusts the first read of a state that has no baseline yet (written before baselines existed)", () => {
    const inputs: AuthConfigInputs = { ...base, credentials: { scopes: "tickets" } };
    expect(diffAuthConfig(observe(maskedLiveOf(inputs, "stars", T1), inputs, undefined), inputs).changed).toEqual([]);
  });

  it("treats every hidden field of a config being adopted as unknown, so the adoption sends them", () => {
    const inputs: AuthConfigInputs = { ...base, type: "use_custom_auth", authScheme: "OAUTH2", credentials: { client_id: "id", client_secret: "mine" } };
    const current = observe(maskedLiveOf({ ...inputs, credentials: { client_id: "id", client_secret: "dashboard" } }, "prefix4"), inputs, "unknown");
    const changed = diffAuthConfig(current, inputs).changed;
    expect(changed).toEqual(["credentials"]);
    expect(planUpdate(current, inputs, changed)).toEqual({ body: { type: "custom", credentials: { client_secret: "mine" } } });
  });

  it("reports a proxy added in the dashboard to a config without one", () => {
    const inputs: AuthConfigInputs = { ...base, type: "use_custom_auth", authScheme: "OAUTH2" };
    const observed = observe({ ...liveOf(inputs), proxy_config: { proxy_url: "https://evil.example.com" } }, inputs, undefined);
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

  it("updates with the variant of the config's type, only the fields that changed, \"\" for removed fields", () => {
    const olds: AuthConfigInputs = {
      ...base,
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      credentials: { client_id: "a", client_secret: "s", oauth_redirect_uri: "https://r" },
    };
    const news: AuthConfigInputs = { ...olds, name: "new", credentials: { client_id: "b", client_secret: "s" }, enabled: false };
    const outputs = redactSecrets(olds);
    expect(planUpdate(outputs, news, diffAuthConfig(outputs, news).changed)).toEqual({
      body: { type: "custom", name: "new", credentials: { client_id: "b", oauth_redirect_uri: "" } },
      status: "DISABLED",
    });
    // A rotated secret goes alone.
    const rotated = { ...olds, credentials: { ...olds.credentials, client_secret: "t" } };
    expect(planUpdate(outputs, rotated, ["credentials"])).toEqual({ body: { type: "custom", credentials: { client_secret: "t" } } });
    // Scopes are sent in the diff's spelling; cleared with "".
    const managedOld = { ...base, credentials: { scopes: "a" } };
    expect(planUpdate(managedOld, { ...base, credentials: { scopes: [" b", "a", "b", ""] } }, ["credentials"])).toEqual({ body: { type: "default", scopes: "a,b" } });
    expect(planUpdate(managedOld, base, ["credentials"])).toEqual({ body: { type: "default", scopes: "" } });
    expect(planUpdate(base, { ...base, revokeOnDelete: true }, ["revokeOnDelete"])).toEqual({});
  });
});

describe("secret versions (a rotation visible in preview --diff without the value)", () => {
  const custom: AuthConfigInputs = {
    ...base,
    type: "use_custom_auth",
    authScheme: "OAUTH2",
    credentials: { client_id: "id", client_secret: "one" },
    proxyConfig: { proxyUrl: "https://p.example.com", proxyAuthKey: "k" },
  };

  it("start at 1, count up only the secret that changed, and say nothing of the value", () => {
    const first = secretVersions(custom, {});
    expect(first).toEqual({ "credentials.client_secret": 1, "proxyConfig.proxyAuthKey": 1 });
    const olds = { ...custom, secretVersions: first };
    expect(secretVersions(custom, olds)).toEqual(first);
    const rotated = { ...custom, credentials: { ...custom.credentials, client_secret: "two" } };
    expect(secretVersions(rotated, olds)).toEqual({ "credentials.client_secret": 2, "proxyConfig.proxyAuthKey": 1 });
    expect(JSON.stringify(secretVersions(rotated, olds))).not.toContain("two");
  });

  it("compare against refreshed inputs (fingerprints, markers) as the diff does", () => {
    fc.assert(fc.property(inputsArb, (inputs) => {
      const olds = { ...redactSecrets(inputs), secretVersions: secretVersions(inputs, {}) };
      expect(secretVersions(inputs, olds)).toEqual(secretVersions(inputs, {}));
    }));
    const marked = { ...custom, credentials: { ...custom.credentials, client_secret: changedOnServer(T1) }, secretVersions: { "credentials.client_secret": 3 } };
    expect(secretVersions(custom, marked)).toMatchObject({ "credentials.client_secret": 4 });
  });
});
