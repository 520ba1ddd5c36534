import fc from "fast-check";
import { diffAuthConfig } from "../../../provider/core/diff";
import { isFingerprint, markedFromPlain, redactSecrets, secretVersions } from "../../../provider/core/secrets";
import { withoutMarks } from "../../../provider/core/secretMarks";
import { inputsOf, observe, planUpdate } from "../../../provider/core/mapping";
import type { AuthConfigInputs, StoredAuthConfig } from "../../../provider/core/schema";
import { changedOnServer } from "../../../provider/core/visibility";
import type { WireAuthConfig } from "../../../provider/core/wire";
import { at, inputsArb, inputsWrappedArb } from "./arbitraries";
import { maskedLiveOf, T0, T1 } from "./liveViews";

const base: AuthConfigInputs = { toolkit: "hubspot", name: "crm", type: "use_composio_managed_auth", enabled: true, revokeOnDelete: false };

describe("secret fingerprints in outputs", () => {
  const secretValues = (config: AuthConfigInputs) =>
    [config.credentials?.client_secret, config.proxyConfig?.proxyAuthKey, ...Object.values(config.sharedCredentials ?? {})].filter(
      (value) => value !== undefined,
    );

  it("outputs never hold a secret, yet diff against the program is empty", () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const outputs = redactSecrets(inputs);
        expect(secretValues(outputs)).toHaveLength(secretValues(inputs).length);
        for (const value of secretValues(outputs)) expect(isFingerprint(value)).toBe(true);
        expect(diffAuthConfig(outputs, inputs).changed).toEqual([]);
        expect(redactSecrets(inputs, outputs)).toEqual(outputs);
      }),
    );
  });

  it("a changed secret is a change", () => {
    const inputs: AuthConfigInputs = {
      ...base,
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      credentials: { client_id: "a", client_secret: "one" },
    };
    const outputs = redactSecrets(inputs);
    expect(diffAuthConfig(outputs, { ...inputs, credentials: { client_id: "a", client_secret: "two" } }).changed).toEqual(["credentials"]);
  });
});

describe("values the program wrapped as secrets (__secretPaths, marked from them as the dynamic provider's edge does)", () => {
  /** Plain outputs as the dynamic provider keeps them: its plain values marked from `__secretPaths` for the core, then plain again. */
  const redacted = (inputs: StoredAuthConfig, previous?: StoredAuthConfig) =>
    withoutMarks(redactSecrets(markedFromPlain(inputs), previous));

  it("are fingerprints in outputs, and the program diffs clean against them", () => {
    fc.assert(
      fc.property(inputsWrappedArb, (inputs) => {
        const outputs = redacted(inputs);
        for (const path of inputs.__secretPaths!) {
          const value = at(outputs, path);
          if (path === "credentials.*") for (const field of Object.values(value as object)) expect(isFingerprint(field)).toBe(true);
          else expect(isFingerprint(value)).toBe(true);
        }
        expect(diffAuthConfig(outputs, markedFromPlain(inputs)).changed).toEqual([]);
        expect(redacted(inputs, outputs)).toEqual(outputs);
        // Unmarked and without the edge, a wrapped value is not known as secret: the core reads marks only.
        if (inputs.__secretPaths!.includes("name")) expect(redactSecrets(inputs).name).toBe(inputs.name);
      }),
    );
  });

  it("read back from the server (reordered tools, respelled scopes) keep their fingerprints: a clean refresh", () => {
    fc.assert(
      fc.property(inputsWrappedArb, (inputs) => {
        const outputs = { ...redacted(inputs), lastUpdatedAt: T0 };
        const live = maskedLiveOf(inputs, "prefix4");
        const reordered: WireAuthConfig = {
          ...live,
          tool_access_config: {
            tools_for_connected_account_creation: [...(live.tool_access_config?.tools_for_connected_account_creation ?? [])].reverse(),
            tools_available_for_execution: [...(live.tool_access_config?.tools_available_for_execution ?? [])].reverse(),
          },
        };
        const refreshed = withoutMarks(redactSecrets(observe(reordered, markedFromPlain(outputs), T0), outputs));
        expect(diffAuthConfig(refreshed, markedFromPlain(inputs)).changed).toEqual([]);
        for (const path of inputs.__secretPaths!) expect(at(refreshed, path)).toEqual(at(outputs, path));
      }),
    );
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
    const outputs = { ...redacted(inputs), lastUpdatedAt: T0 };
    const live = {
      ...maskedLiveOf(inputs, "stars"),
      name: "renamed-by-hand",
      credentials: { client_id: "other-id", client_secret: "********" },
    };
    const refreshed = withoutMarks(redactSecrets(observe(live, markedFromPlain(outputs), T0), outputs));
    expect(JSON.stringify(refreshed)).not.toMatch(/renamed-by-hand|other-id|wrapped-/);
    const { changed } = diffAuthConfig(refreshed, markedFromPlain(inputs));
    expect(changed).toEqual(["name", "credentials"]);
    expect(planUpdate(markedFromPlain(inputsOf(refreshed)), markedFromPlain(inputs), changed).body).toEqual({
      type: "custom",
      name: "wrapped-name",
      credentials: { client_id: "wrapped-id" },
    });
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
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const olds = { ...redactSecrets(inputs), secretVersions: secretVersions(inputs, {}) };
        expect(secretVersions(inputs, olds)).toEqual(secretVersions(inputs, {}));
      }),
    );
    const marked = {
      ...custom,
      credentials: { ...custom.credentials, client_secret: changedOnServer(T1) },
      secretVersions: { "credentials.client_secret": 3 },
    };
    expect(secretVersions(custom, marked)).toMatchObject({ "credentials.client_secret": 4 });
  });
});
