import fc from "fast-check";
import {
  ALWAYS_SET_OUTPUTS,
  AUTH_CONFIG_FIELDS,
  COMPARED_PROPERTIES,
  DEFAULTS,
  fieldCoverage,
  fieldDescription,
  isAlwaysSecretPath,
  isHiddenOnRead,
  isSecretKey,
  isWrappablePath,
  REPLACE_PROPERTIES,
  SECRET_BEARING_PROPERTIES,
  SERVER_FIELDS,
  STATE_ONLY_PROPERTIES,
  WRAPPABLE_PATHS,
  type FieldSpec,
} from "../../../provider/core/fields";
import { SPECIAL_MAPPINGS } from "../../../provider/core/mapping";
import { isSecretPath } from "../../../provider/core/secrets";

const fieldName = fc.stringMatching(/^[a-z][a-z_]{0,15}$/);

describe("what the field table derives", () => {
  // The lists the provider wrote by hand before the table, which state written by earlier releases depends on: a new
  // field may join them, but none of these may leave or move.
  const keeps = (derived: readonly string[], before: string[]) => expect(derived.filter((name) => before.includes(name))).toEqual(before);

  it("keeps the provider's replace, compare, state-only, default and output lists", () => {
    keeps(REPLACE_PROPERTIES, ["toolkit", "type", "authScheme"]);
    keeps(COMPARED_PROPERTIES, [
      "toolkit",
      "type",
      "authScheme",
      "name",
      "credentials",
      "toolAccessConfig",
      "proxyConfig",
      "isEnabledForToolRouter",
      "sharedCredentials",
      "enabled",
      "revokeOnDelete",
      "allowReplaceWithConnections",
    ]);
    expect(COMPARED_PROPERTIES.slice(0, REPLACE_PROPERTIES.length)).toEqual(REPLACE_PROPERTIES);
    keeps(STATE_ONLY_PROPERTIES, ["revokeOnDelete", "allowReplaceWithConnections"]);
    expect(DEFAULTS).toMatchObject({ type: "use_composio_managed_auth", enabled: true, revokeOnDelete: false });
    keeps(SERVER_FIELDS, ["authConfigId", "status", "isComposioManaged", "noOfConnections", "createdAt", "lastUpdatedAt"]);
    keeps(ALWAYS_SET_OUTPUTS, [
      "toolkit",
      "name",
      "type",
      "enabled",
      "revokeOnDelete",
      "authConfigId",
      "status",
      "isComposioManaged",
      "noOfConnections",
    ]);
  });

  it("keeps the secret-bearing properties and the paths a program may wrap", () => {
    keeps(SECRET_BEARING_PROPERTIES, ["credentials", "proxyConfig", "sharedCredentials"]);
    keeps([...WRAPPABLE_PATHS].sort(), [
      "adoptId",
      "credentials.*",
      "name",
      "proxyConfig.proxyUrl",
      "toolAccessConfig.toolsAvailableForExecution",
      "toolAccessConfig.toolsForConnectedAccountCreation",
    ]);
  });

  it("says a replacing field's consequence in its description, once", () => {
    for (const name of Object.keys(AUTH_CONFIG_FIELDS)) {
      const replaces = (REPLACE_PROPERTIES as string[]).includes(name);
      expect([name, fieldDescription(name)!.endsWith("Changing it replaces the auth config.")]).toEqual([name, replaces]);
    }
  });

  it("makes a credential secret by its name, every shared credential and the proxy key always, the rest only when wrapped", () => {
    fc.assert(
      fc.property(fieldName, (key) => {
        expect(isAlwaysSecretPath(`credentials.${key}`)).toBe(isSecretKey(key));
        expect(isSecretPath(`credentials.${key}`, ["credentials.*"])).toBe(true);
        expect(isAlwaysSecretPath(`sharedCredentials.${key}`)).toBe(true);
        expect(isWrappablePath(`credentials.${key}`)).toBe(true);
        expect(isWrappablePath(`credentials.${key}.0`)).toBe(false);
      }),
    );
    expect(isAlwaysSecretPath("proxyConfig.proxyAuthKey")).toBe(true);
    expect(isAlwaysSecretPath("proxyConfig.proxyUrl")).toBe(false);
    expect(isSecretPath("proxyConfig.proxyUrl", ["proxyConfig.proxyUrl"])).toBe(true);
    for (const unwrappable of ["toolkit", "type", "authScheme", "enabled", "credentials", "proxyConfig"]) {
      expect([unwrappable, isWrappablePath(unwrappable)]).toEqual([unwrappable, false]);
    }
  });

  it("hides every credential of a managed config, all but client_id and consumer_key of a custom one, the proxy key, shared values", () => {
    fc.assert(
      fc.property(fieldName, (key) => {
        expect(isHiddenOnRead(`credentials.${key}`, true)).toBe(true);
        expect(isHiddenOnRead(`credentials.${key}`, false)).toBe(key !== "client_id" && key !== "consumer_key");
        expect(isHiddenOnRead(`sharedCredentials.${key}`, false)).toBe(true);
      }),
    );
    expect(isHiddenOnRead("proxyConfig.proxyAuthKey", false)).toBe(true);
    expect(isHiddenOnRead("proxyConfig.proxyUrl", false)).toBe(false);
    expect(isHiddenOnRead("name", true)).toBe(false);
  });
});

describe("fieldCoverage", () => {
  const table = AUTH_CONFIG_FIELDS as Record<string, FieldSpec>;
  const implemented = { schemaFields: Object.keys(table), specialMappings: Object.keys(SPECIAL_MAPPINGS) };
  const newFlag: FieldSpec = { description: "A new switch.", change: "updates", secret: "never", wire: { plain: "new_flag" } };

  it("finds nothing missing in the provider's own table, nor in one with a new plain field the schema takes", () => {
    expect(fieldCoverage(table, implemented)).toEqual([]);
    expect(fieldCoverage({ ...table, newFlag }, { ...implemented, schemaFields: [...implemented.schemaFields, "newFlag"] })).toEqual([]);
  });

  it("names a field added to the table without a mapping, or one a change would update without sending it", () => {
    const special = { ...newFlag, wire: { special: "mapping.ts observeNewFlag" } };
    const schemaFields = [...implemented.schemaFields, "newFlag"];
    expect(fieldCoverage({ ...table, newFlag: special }, { ...implemented, schemaFields })).toEqual([
      expect.stringMatching(/^newFlag: its wire mapping is special, but mapping.ts SPECIAL_MAPPINGS has no entry for it/),
    ]);
    expect(fieldCoverage({ ...table, newFlag: { ...newFlag, wire: "notSent" } }, { ...implemented, schemaFields })).toEqual([
      expect.stringMatching(/^newFlag: a change of it updates the config, but it is never sent/),
    ]);
  });

  it("names a field the zod schema does not take, and a hand-written mapping the table does not know", () => {
    expect(fieldCoverage({ ...table, newFlag }, implemented)).toEqual([
      expect.stringMatching(/^newFlag: not in every variant of the zod schema/),
    ]);
    expect(fieldCoverage(table, { ...implemented, specialMappings: [...implemented.specialMappings, "name"] })).toEqual([
      "name: mapped by hand in mapping.ts, but the field table does not say so",
    ]);
  });
});
