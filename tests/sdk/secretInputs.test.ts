/**
 * The paths the SDK reports as wrapped (sdk/secretInputs.ts `wrappedSecretPaths`), taken from the field
 * table's wrappable paths: never a path that is secret whatever the program did, never a value.
 */
import * as pulumi from "@pulumi/pulumi";

void pulumi.runtime.setMocks({ newResource: (args) => ({ id: "id", state: args.inputs }), call: () => ({}) }, "project", "stack", false);

// Imported after setMocks, as Pulumi's docs require.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- setMocks must run first
const { wrappedSecretPaths } = require("../../sdk/secretInputs") as typeof import("../../sdk/secretInputs");

const resolved = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

test("each wrapped value's path, a section wrapped whole for each path in it, secret-named credentials never", async () => {
  const paths = await resolved(
    wrappedSecretPaths({
      toolkit: pulumi.secret("github"),
      name: pulumi.secret("n"),
      adoptId: "ac_1",
      credentials: { client_id: pulumi.secret("id"), client_secret: pulumi.secret("s"), scopes: "repo" },
      proxyConfig: pulumi.secret({ proxyUrl: "https://proxy.example.com" }),
      toolAccessConfig: { toolsAvailableForExecution: ["a", pulumi.secret("b")] },
    }),
  );
  const expected = ["credentials.client_id", "name", "proxyConfig.proxyUrl", "toolAccessConfig.toolsAvailableForExecution"];
  expect([...(paths ?? [])].sort()).toEqual(expected);
});

test("a credentials object wrapped whole is credentials.*, and nothing wrapped reports nothing", async () => {
  expect(await resolved(wrappedSecretPaths({ credentials: pulumi.secret({ client_id: "id" }) }))).toEqual(["credentials.*"]);
  expect(await resolved(wrappedSecretPaths({ name: "n", credentials: { client_id: "id" } }))).toBeUndefined();
});
