/**
 * examples/proxy-config under Pulumi's mocks. Its RandomPassword needs the @pulumi/random provider plugin, which
 * cannot be built here (its Go module replaces a local module that is not published), so the engine cannot run
 * it; the mocks stand in for the engine: they record what the program registers and answer with a password.
 * The other examples run under the real CLI (tests/e2e/examples.test.ts).
 */
import * as pulumi from "@pulumi/pulumi";

const PROJECT = "composio-proxy-config";
const PASSWORD = "SENTINEL-random-password-9f2c41";
const PROXY_URL = "https://proxy.internal.example.com";

const registered: pulumi.runtime.MockResourceArgs[] = [];

// Async in its signature only: the mocks are in place when it returns.
void pulumi.runtime.setMocks(
  {
    newResource(args) {
      registered.push(args);
      const outputs =
        args.type === "random:index/randomPassword:RandomPassword" ? { result: PASSWORD } : { authConfigId: `ac_${args.name}` };
      return { id: `${args.name}-id`, state: { ...args.inputs, ...outputs } };
    },
    call: () => ({}),
  },
  PROJECT,
  "test",
  false,
);
pulumi.runtime.setAllConfig({ [`${PROJECT}:proxyUrl`]: PROXY_URL });

// Loaded after setMocks, as Pulumi's docs require; resolved as the CLI would, from the example's own directory.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after setMocks (above)
const program = require("../../examples/proxy-config") as typeof import("../../examples/proxy-config");

/** `value` with each secret envelope Pulumi serializes (`{[sigKey]: secretSig, value}`) replaced by `replace(envelope)`. */
function withSecrets(value: unknown, replace: (envelope: { value: unknown }) => unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v) => (v?.[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig ? replace(v) : v)),
  );
}

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

test("the proxy key is a RandomPassword, handed to the auth config's proxyConfig as a secret", async () => {
  expect(await resolved(program.authConfigId)).toBe("ac_github-via-proxy");
  const password = registered.find((r) => r.type === "random:index/randomPassword:RandomPassword")!;
  expect(password.inputs).toEqual({ length: 40, special: false });
  const authConfig = registered.find((r) => r.type === "pulumi-nodejs:dynamic/composio:AuthConfig")!;
  expect(withSecrets(authConfig.inputs, (envelope) => envelope.value)).toMatchObject({
    toolkit: "github",
    type: "use_custom_auth",
    authScheme: "API_KEY",
    credentials: {},
    proxyConfig: { proxyUrl: PROXY_URL, proxyAuthKey: PASSWORD },
  });
  // The engine receives the key only inside secret envelopes: encrypted in state, masked in output.
  expect(JSON.stringify(withSecrets(authConfig.inputs, () => "[secret]"))).not.toContain(PASSWORD);
});

test("the stack exports the key as a secret, for the proxy's own deployment", async () => {
  expect(await pulumi.isSecret(program.proxyAuthKey)).toBe(true);
  expect(await resolved(program.proxyAuthKey)).toBe(PASSWORD);
});
