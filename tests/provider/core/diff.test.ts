import fc from "fast-check";
import { diffAuthConfig } from "../../../provider/core/diff";
import type { AuthConfigInputs } from "../../../provider/core/schema";
import { inputsArb } from "./arbitraries";

const base: AuthConfigInputs = { toolkit: "hubspot", name: "crm", type: "use_composio_managed_auth", enabled: true, revokeOnDelete: false };

describe("diff", () => {
  it("of any config with itself is empty", () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        expect(diffAuthConfig(inputs, inputs)).toEqual({ changes: false, changed: [], replaces: [] });
      }),
    );
  });

  it("sees no change between equivalent spellings", () => {
    const olds = { ...base, credentials: { scopes: "sales-email-read,tickets" } };
    const news = {
      ...base,
      credentials: { scopes: [" tickets", "sales-email-read"] },
      isEnabledForToolRouter: false,
      toolAccessConfig: {},
    };
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
