/**
 * Stacks deployed before AuthConfig bundled its report into one `__sdk` input (engineProtocol.ts
 * SdkReport), under the real CLI against the emulator: a program registered as the SDK did then (the
 * resource name, plain credential names and wrapped paths as separate inputs) creates and refreshes a
 * stack; the same program on today's SDK then previews, ups and refreshes it with no change, no API
 * call and the same state. Needs `npm run build` first (npm test does it).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { PLAIN_CREDENTIALS_KEY, RESOURCE_NAME_KEY, SECRET_PATHS_KEY } from "../../provider/engineProtocol";
import { AuthConfig, type AuthConfigArgs } from "../../sdk";
import { authConfigProviderStub } from "../../sdk/providerStub";
import { plainCredentialKeys, secretCredentials, wrappedSecretPaths } from "../../sdk/secretInputs";
import { SIG_KEY } from "../../provider/core/secretMarks";
import { startComposioStack, type ComposioStack } from "../../testbed/composioStack";
import type { TestComposio } from "../../testbed/emulatorApi";
import { preview, refresh, up, type E2eEnv, type OpResult } from "../../testbed/harness";

jest.setTimeout(5 * 60_000);

const API_KEY = "SENTINEL-api-key-upgrade-e2e-6e0b";
const CLIENT_SECRET = "SENTINEL-client-secret-upgrade-e2e-2c7d";
const SECRET_NAME = "SENTINEL-secret-name-upgrade-e2e-91fa";

let env: E2eEnv;
let composio: TestComposio;
let stack: Stack;
let cleanup: ComposioStack["cleanup"] | undefined;
let sdk: "separate keys" | "bundled" = "separate keys";
let allOutput = "";

/** AuthConfig's type token and provider, registered as the SDK registered it before the bundle. */
class EarlierAuthConfig extends pulumi.dynamic.Resource {}

// A name the program wraps as a secret (a wrapped path), a secret-named and a plain credential, an autonamed config.
const desired = (): Record<string, AuthConfigArgs> => ({
  notion: {
    toolkit: "notion",
    type: "use_custom_auth",
    authScheme: "OAUTH2",
    name: pulumi.secret(SECRET_NAME),
    credentials: { client_id: "notion-client", client_secret: CLIENT_SECRET },
  },
  github: { toolkit: "github", credentials: { scopes: "repo" } },
});

const program = async () => {
  for (const [name, args] of Object.entries(desired())) {
    if (sdk === "bundled") {
      new AuthConfig(name, args);
      continue;
    }
    const inputs = {
      ...args,
      credentials: secretCredentials(args.credentials),
      [RESOURCE_NAME_KEY]: name,
      [PLAIN_CREDENTIALS_KEY]: plainCredentialKeys(args.credentials),
      [SECRET_PATHS_KEY]: wrappedSecretPaths(args),
    };
    new EarlierAuthConfig(
      authConfigProviderStub,
      name,
      inputs,
      { additionalSecretOutputs: ["credentials", "proxyConfig", "sharedCredentials"] },
      "composio",
      "AuthConfig",
    );
  }
};

async function run(op: typeof up | typeof preview | typeof refresh): Promise<OpResult> {
  const result = await op(stack);
  allOutput += result.output;
  return result;
}

/** The resources' inputs and outputs as stored, by URN, each secret as one marker (its ciphertext changes with every write). */
async function storedResources(): Promise<unknown> {
  const { deployment } = await env.exportStack(stack);
  const resources = (deployment.deployment.resources as Array<{ type: string; urn: string; inputs: unknown; outputs: unknown }>).filter(
    (r) => r.type.endsWith(":AuthConfig"),
  );
  const markSecrets = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(markSecrets);
    if (value === null || typeof value !== "object") return value;
    if (SIG_KEY in value) return "[secret]";
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, markSecrets(item)]));
  };
  // By URN: the engine writes resources in the order their steps finished.
  return resources
    .sort((a, b) => a.urn.localeCompare(b.urn))
    .map(({ urn, inputs, outputs }) => ({ urn, inputs: markSecrets(inputs), outputs: markSecrets(outputs) }));
}

beforeAll(async () => {
  ({ composio, env, stack, cleanup } = await startComposioStack({ name: "sdk-report-upgrade", apiKey: API_KEY, program }));
}, 15 * 60_000);

afterAll(() => cleanup?.());

test("a stack the separate keys deployed and refreshed sees no change, no API call and the same state on the bundled SDK", async () => {
  expect((await run(up)).changes).toEqual({ create: 3 });
  expect((await run(refresh)).changes).toEqual({ same: 3 });
  const before = await storedResources();
  // What that SDK's check kept in state: the resource name and the wrapped paths.
  expect(JSON.stringify(before)).toContain(`"${RESOURCE_NAME_KEY}":"github"`);
  expect(JSON.stringify(before)).toContain(`"${SECRET_PATHS_KEY}":["name"]`);

  sdk = "bundled";
  await composio.control.clearStats();
  expect((await run(preview)).changes).toEqual({ same: 3 });
  expect((await run(up)).changes).toEqual({ same: 3 });
  expect(await composio.authConfigCalls()).toBe(0);
  expect(await storedResources()).toEqual(before);
  expect((await run(refresh)).changes).toEqual({ same: 3 });
  expect((await run(preview)).changes).toEqual({ same: 3 });
  expect(JSON.stringify(await storedResources())).not.toContain("__sdk");
});

test("no secret of the program appears in the CLI's output or the state", async () => {
  const { text } = await env.exportStack(stack);
  for (const secret of [CLIENT_SECRET, SECRET_NAME, API_KEY]) {
    expect(allOutput).not.toContain(secret);
    expect(text).not.toContain(secret);
  }
});
