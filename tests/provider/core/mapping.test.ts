import fc from "fast-check";
import { diffAuthConfig } from "../../../provider/core/diff";
import { redactSecrets } from "../../../provider/core/secrets";
import { omittedValue, PLAIN_WIRE_FIELDS } from "../../../provider/core/fields";
import { inputsOf, observe, planAfterCreate, planUpdate, toCreateBody } from "../../../provider/core/mapping";
import type { AuthConfigInputs } from "../../../provider/core/schema";
import { changedOnServer, isChangedOnServer, isHiddenCredential } from "../../../provider/core/visibility";
import type { WireAuthConfig } from "../../../provider/core/wire";
import { inputsArb } from "./arbitraries";
import { liveOf, MASK_FORMATS, maskedLiveOf, maskFormatArb, T0, T1, type MaskFormat } from "./liveViews";

const base: AuthConfigInputs = { toolkit: "hubspot", name: "crm", type: "use_composio_managed_auth", enabled: true, revokeOnDelete: false };

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
    fc.assert(
      fc.property(inputsArb, maskFormatArb, (inputs, format) => {
        const observed = observe(maskedLiveOf(inputs, format), redactSecrets(inputs), T0);
        expect(diffAuthConfig(observed, inputs).changed).toEqual([]);
      }),
    );
  });

  it("a config changed on the server since the last write shows as drift of exactly the hidden fields the program sets", () => {
    fc.assert(
      fc.property(inputsArb, maskFormatArb, (inputs, format) => {
        const observed = observe(maskedLiveOf(inputs, format, T1), redactSecrets(inputs), T0);
        expect(diffAuthConfig(observed, inputs).changed.sort()).toEqual(hiddenProperties(inputs).sort());
        // The update that follows resends the program's values, never a marker.
        const plan = planUpdate(inputsOf(observed), inputs, diffAuthConfig(observed, inputs).changed);
        expect(JSON.stringify(plan)).not.toContain("changed on the server");
        // Once marked, a later refresh that sees no newer change keeps the marks (the drift stays until repaired).
        const again = observe(maskedLiveOf(inputs, format, T1), inputsOf(observed), T1);
        expect(diffAuthConfig(again, inputs).changed.sort()).toEqual(hiddenProperties(inputs).sort());
      }),
    );
  });

  it("says when, never what, in place of a hidden value", () => {
    const inputs: AuthConfigInputs = {
      ...base,
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      credentials: { client_id: "id", client_secret: "s3cret", scopes: "read,write" },
    };
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
    const inputs: AuthConfigInputs = {
      ...base,
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      credentials: { client_id: "id", client_secret: "mine" },
    };
    const current = observe(
      maskedLiveOf({ ...inputs, credentials: { client_id: "id", client_secret: "dashboard" } }, "prefix4"),
      inputs,
      "unknown",
    );
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
  it("map every plain field of the field table by its wire name: created when set, sent when changed, read back", () => {
    const changedValue = (value: unknown) => (typeof value === "boolean" ? !value : `${String(value)}-changed`);
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const body = toCreateBody(inputs).auth_config as unknown as Record<string, unknown>;
        for (const { name, wire } of PLAIN_WIRE_FIELDS) {
          expect([name, body[wire]]).toEqual([name, inputs[name]]);
          const changed = { ...inputs, [name]: changedValue(inputs[name] ?? omittedValue(name)) } as AuthConfigInputs;
          const plan = planUpdate(inputs, changed, diffAuthConfig(inputs, changed).changed);
          expect([name, (plan.body as Record<string, unknown> | undefined)?.[wire]]).toEqual([name, changed[name]]);
          const live = { ...liveOf(inputs), [wire]: changed[name] } as WireAuthConfig;
          expect([name, observe(live, inputs, T0)[name]]).toEqual([name, changed[name]]);
        }
      }),
    );
  });

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
    expect(planAfterCreate(custom)).toEqual({
      body: { type: "custom", tool_access_config: { tools_available_for_execution: ["NOTION_B"] } },
    });
  });

  it('updates with the variant of the config\'s type, only the fields that changed, "" for removed fields', () => {
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
    expect(planUpdate(managedOld, { ...base, credentials: { scopes: [" b", "a", "b", ""] } }, ["credentials"])).toEqual({
      body: { type: "default", scopes: "a,b" },
    });
    expect(planUpdate(managedOld, base, ["credentials"])).toEqual({ body: { type: "default", scopes: "" } });
    expect(planUpdate(base, { ...base, revokeOnDelete: true }, ["revokeOnDelete"])).toEqual({});
  });
});
