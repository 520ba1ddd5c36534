/**
 * The benchmark's pure parts for the dynamic provider vs package case: the state sizes it reports from
 * `pulumi stack export`, its knob, and which processes the sampler counts as the provider (the plugin's too).
 */
import { packageState, parsePackageSize } from "../../bench/packageCase";
import { isProviderCommand, mayBecomeProvider } from "../../bench/processes";

const PROVIDER_TEXT = "exports.handler = __f0; // ünïcode"; // bytes, not characters, are counted

function exportText(resources: object[]): string {
  return JSON.stringify({ version: 3, deployment: { manifest: {}, resources } }, null, 4);
}

const stack = { urn: "urn:pulumi:n2::p::pulumi:pulumi:Stack::p-n2", type: "pulumi:pulumi:Stack", outputs: { big: "x".repeat(5000) } };
const defaultProvider = {
  urn: "urn:pulumi:n2::p::pulumi:providers:composio::default",
  type: "pulumi:providers:composio",
  inputs: { apiKey: "y".repeat(5000) },
};

test("a config's entry is measured without the stack and provider resources, and `__provider` counts both copies", () => {
  const dynamic = (name: string) => ({
    urn: `urn:pulumi:n2::p::pulumi-nodejs:dynamic:Resource::${name}`,
    type: "pulumi-nodejs:dynamic:Resource",
    inputs: { __provider: PROVIDER_TEXT, toolkit: "github" },
    outputs: { __provider: PROVIDER_TEXT, toolkit: "github" },
  });
  const text = exportText([stack, defaultProvider, dynamic("a"), dynamic("bb")]);
  const state = packageState(text, 1234);
  expect(state.exportBytes).toBe(Buffer.byteLength(text));
  expect(state.storedBytes).toBe(1234);
  expect(state.providerBytes).toBe(2 * Buffer.byteLength(PROVIDER_TEXT));
  const entries = [dynamic("a"), dynamic("bb")].map((r) => Buffer.byteLength(JSON.stringify(r)));
  expect(state.resourceBytes).toBe((entries[0] + entries[1]) / 2);
});

test("a plugin's config stores no `__provider`", () => {
  const config = {
    urn: "urn:pulumi:n2::p::composio:index:AuthConfig::a",
    type: "composio:index:AuthConfig",
    inputs: { toolkit: "github" },
    outputs: { authConfigId: "ac_1" },
  };
  const state = packageState(exportText([stack, defaultProvider, config]), 10);
  expect(state.providerBytes).toBe(0);
  expect(state.resourceBytes).toBe(Buffer.byteLength(JSON.stringify(config)));
});

test("BENCH_PACKAGE is a number of configs, 0 skips the case, anything else fails naming the knob", () => {
  expect(parsePackageSize("200")).toBe(200);
  expect(parsePackageSize(" 50 ")).toBe(50);
  expect(parsePackageSize("0")).toBeUndefined();
  expect(() => parsePackageSize("1")).not.toThrow();
  for (const bad of ["yes", "2x100", "-1", ""])
    expect(() => parsePackageSize(bad)).toThrow(/BENCH_PACKAGE must be the number of auth configs/);
});

test("the sampler counts the dynamic provider and the composio plugin, not the launchers' resolvers", () => {
  expect(isProviderCommand(["node", "/r/node_modules/@pulumi/pulumi/cmd/dynamic-provider", "127.0.0.1:4000"].join("\0"))).toBe(true);
  expect(isProviderCommand(["node", "/r/bin/../dist/provider/plugin/main.js", "127.0.0.1:4000"].join("\0"))).toBe(true);
  expect(isProviderCommand(["node", "-e", 'require.resolve("@pulumi/pulumi/cmd/dynamic-provider")'].join("\0"))).toBe(false);
  expect(isProviderCommand(["node", "-p", 'require.resolve("x").replace(/y/, "dist/provider/plugin/main.js")'].join("\0"))).toBe(false);
  expect(isProviderCommand(["node", "/r/dist/emulator/cli.js"].join("\0"))).toBe(false);
});

test("a process is looked at again while it may still exec a provider: a launcher, or a child the CLI forked", () => {
  expect(mayBecomeProvider(["/bin/sh", "/r/bin/pulumi-resource-composio", "127.0.0.1:4000"].join("\0"))).toBe(true);
  expect(mayBecomeProvider(["/r/.cache/pulumi/3.248.0/bin/pulumi", "up", "--yes"].join("\0"))).toBe(true);
  expect(mayBecomeProvider(["pulumi", "preview"].join("\0"))).toBe(true);
  expect(mayBecomeProvider(["node", "/r/dist/emulator/cli.js"].join("\0"))).toBe(false);
  expect(mayBecomeProvider(["/usr/bin/pulumi-language-nodejs", "127.0.0.1:4000"].join("\0"))).toBe(false);
});
