/**
 * The AuthConfig class's wiring under Pulumi's mocks: the type token, the inputs it registers,
 * which of them are secrets, and the serialized provider it stores.
 */
import * as pulumi from "@pulumi/pulumi";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
const registered: Registered[] = [];

// Async in its signature only: the mocks are in place when it returns.
void pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: "ac_mocked", state: { ...args.inputs, authConfigId: "ac_mocked", status: "ENABLED" } };
    },
    call: () => ({}),
  },
  "project",
  "stack",
  false,
);

// Imported after setMocks, as Pulumi's docs require.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after setMocks (above)
const { AuthConfig, declareAuthConfigs } = require("../../sdk") as typeof import("../../sdk");

import { COMPARED_PROPERTIES, SERVER_FIELDS } from "../../provider/core/fields";
import type { AuthConfigType, AuthScheme, CredentialValue } from "../../provider/core/schema";

/** The tool lists' type as the SDK declared it by hand. */
type ToolAccessConfig = { toolsForConnectedAccountCreation?: string[]; toolsAvailableForExecution?: string[] };

/** The signature Pulumi puts on a serialized secret: `{ [SECRET_SIG]: SECRET_VALUE, value }`. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** The value with secret envelopes removed, and whether `client_secret` sat inside one. */
function unwrap(value: unknown, insideSecret = false, found: { secretPaths: string[] } = { secretPaths: [] }, path = ""): unknown {
  if (value === null || typeof value !== "object") {
    if (insideSecret) found.secretPaths.push(path);
    return value;
  }
  const record = value as Record<string, unknown>;
  if (SECRET_SIG in record) return unwrap(record.value, true, found, path);
  if (Array.isArray(value)) return value.map((item, i) => unwrap(item, insideSecret, found, `${path}[${i}]`));
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrap(v, insideSecret, found, path ? `${path}.${k}` : k)]));
}

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe("AuthConfig", () => {
  it("registers a dynamic resource with a readable type token and the seed's option names", async () => {
    const config = new AuthConfig("notion", {
      toolkit: "notion",
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      name: "Notion Auth",
      credentials: { client_id: "id", client_secret: "s3cret" },
    });
    expect(await resolved(config.authConfigId)).toBe("ac_mocked");
    const entry = registered.find((r) => r.name === "notion")!;
    expect(entry.type).toBe("pulumi-nodejs:dynamic/composio:AuthConfig");
    const found = { secretPaths: [] as string[] };
    expect(unwrap(entry.inputs, false, found)).toMatchObject({
      toolkit: "notion",
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      name: "Notion Auth",
      credentials: { client_id: "id", client_secret: "s3cret" },
      // The SDK's report (engineProtocol.ts) is one property: Pulumi's SDK pays per registered property.
      __sdk: { resourceName: "notion", plainCredentials: ["client_id"] },
    });
    expect(
      Object.keys(entry.inputs)
        .filter((key) => key.startsWith("__"))
        .sort(),
    ).toEqual(["__provider", "__sdk"]);
    // The engine receives the client secret as a secret, whatever the program wrote.
    expect(found.secretPaths).toContain("credentials.client_secret");
    expect(found.secretPaths).not.toContain("toolkit");
  });

  it("stores a provider stub under 2 KB that holds no key and no secret", async () => {
    new AuthConfig("stubbed", { toolkit: "github", credentials: { scopes: "repo" } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const provider = registered.find((r) => r.name === "stubbed")!.inputs.__provider as string;
    expect(typeof provider).toBe("string");
    expect(Buffer.byteLength(provider)).toBeLessThan(2048);
    expect(provider).toContain('require("pulumi-composio/hooks")');
    expect(provider).not.toMatch(/apiKey|s3cret|x-api-key/);
  });

  it("marks secret-named credentials, the proxy key and shared credentials as secrets, leaving scopes readable", async () => {
    const config = new AuthConfig("secrets", {
      toolkit: "notion",
      type: "use_custom_auth",
      authScheme: "OAUTH2",
      credentials: { client_id: "id", client_secret: "s3cret", scopes: "read" },
      proxyConfig: { proxyUrl: "https://proxy.example.com", proxyAuthKey: "proxy-key" },
      sharedCredentials: { token: "shared" },
    });
    expect(await pulumi.isSecret(config.credentials)).toBe(true);
    expect(await pulumi.isSecret(config.proxyConfig)).toBe(true);
    expect(await pulumi.isSecret(config.sharedCredentials)).toBe(true);
    expect(await pulumi.isSecret(config.toolkit)).toBe(false);
  });

  it("keeps every credential of a stack config list secret when the list holds a secret", async () => {
    const entries = [
      { key: "acme", toolkit: "acme", type: "use_custom_auth", authScheme: "OAUTH2", credentials: { client_id: "id", app_pem: "pem" } },
    ];
    const secret = declareAuthConfigs(entries, {}, { secret: true }).resources.acme;
    expect(await pulumi.isSecret(secret.credentials)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const found = { secretPaths: [] as string[] };
    unwrap(registered.find((r) => r.name === "acme")!.inputs, false, found);
    // app_pem is not secret by name: only the list's secretness protects it.
    expect(found.secretPaths).toContain("credentials.app_pem");
  });

  it("exposes every declared output even when its argument is left out", async () => {
    const minimal = new AuthConfig("minimal", { toolkit: "github" });
    const { name, type, authScheme, enabled, revokeOnDelete, toolAccessConfig, isEnabledForToolRouter } = minimal;
    for (const output of [name, type, authScheme, enabled, revokeOnDelete, toolAccessConfig, isEnabledForToolRouter]) {
      expect(pulumi.Output.isInstance(output)).toBe(true);
    }
  });

  it("declares an output for every field the diff compares and every one the server sets, typed as the SDK always typed them", () => {
    const minimal = new AuthConfig("declared", { toolkit: "github" });
    for (const output of [...COMPARED_PROPERTIES, ...SERVER_FIELDS]) {
      expect([output, pulumi.Output.isInstance((minimal as unknown as Record<string, unknown>)[output])]).toEqual([output, true]);
    }
    // The types (derived from the field table) are the ones the class declared by hand before it: checked at compile time.
    type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
    type Out<T> = pulumi.Output<T>;
    type Declared = InstanceType<typeof AuthConfig>;
    const sameTypes: [
      Same<Declared["authConfigId"], Out<string>>,
      Same<Declared["type"], Out<AuthConfigType>>,
      Same<Declared["authScheme"], Out<AuthScheme>>,
      Same<Declared["credentials"], Out<Record<string, CredentialValue> | undefined>>,
      Same<Declared["toolAccessConfig"], Out<ToolAccessConfig | undefined>>,
      Same<Declared["proxyConfig"], Out<{ proxyUrl: string; proxyAuthKey?: string } | null | undefined>>,
      Same<Declared["isEnabledForToolRouter"], Out<boolean | undefined>>,
      Same<Declared["sharedCredentials"], Out<Record<string, unknown> | undefined>>,
      Same<Declared["enabled"], Out<boolean>>,
      Same<Declared["allowReplaceWithConnections"], Out<boolean | undefined>>,
      Same<Declared["status"], Out<"ENABLED" | "DISABLED">>,
      Same<Declared["noOfConnections"], Out<number>>,
      Same<Declared["lastUpdatedAt"], Out<string | undefined>>,
      // adoptId is read once and never compared: no declared output (authConfigId is the id).
      Same<"adoptId" extends keyof Declared ? true : false, false>,
    ] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true];
    expect(sameTypes.every(Boolean)).toBe(true);
  });
});
