/**
 * What the benchmark declares: N auth configs cycling through the seed's cases over the emulator's eight
 * toolkits, and the same N resources of a no-op dynamic provider (the engine's floor). Both programs read
 * the same specs, so the floor carries the same property bags (secrets included) through the same engine.
 * The package case (packageCase.ts) declares the same specs as the `composio` plugin's resource too; the MCP case
 * (mcpCase.ts) adds an McpServer over each auth config.
 */
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { AuthConfig, McpServer, type AuthConfigArgs } from "pulumi-composio";
import { findToolkit } from "../emulator/catalog";

export interface Spec {
  /** The Pulumi resource name (also the floor's id). */
  name: string;
  args: AuthConfigArgs;
}

/** One entry per case; `i` numbers the resource, `label` ends its display name. */
const CASES: ((label: string, i: number) => AuthConfigArgs)[] = [
  (label) => ({ toolkit: "github", name: `GitHub ${label}` }),
  (label, i) => ({
    toolkit: "notion",
    type: "use_custom_auth",
    authScheme: "OAUTH2",
    name: `Notion Auth ${label}`,
    credentials: { client_id: `notion-client-${i}`, client_secret: `bench-client-secret-${i}` },
  }),
  (label) => ({ toolkit: "hubspot", name: `HubSpot ${label}`, credentials: { scopes: "sales-email-read,tickets" } }),
  (label) => ({ toolkit: "perplexityai", type: "use_custom_auth", authScheme: "API_KEY", name: `Perplexity ${label}`, credentials: {} }),
  (label) => ({ toolkit: "gmail", name: `Gmail ${label}` }),
  (label) => ({ toolkit: "linear", type: "use_custom_auth", authScheme: "API_KEY", name: `Linear ${label}`, credentials: {} }),
  (label) => ({ toolkit: "slack", name: `Slack ${label}`, credentials: { scopes: ["chat:write", "channels:read"] } }),
  (label) => ({ toolkit: "posthog", type: "use_custom_auth", authScheme: "API_KEY", name: `PostHog ${label}`, credentials: {} }),
];

/** N specs; a new `revision` renames every config (an in-place update of all). */
export function specs(n: number, revision: number): Spec[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `ac-${i}`,
    args: CASES[i % CASES.length](`${i} r${revision}`, i),
  }));
}

/** The distinct toolkits of N specs: the most toolkit look-ups one run may make. */
export function toolkitCount(n: number): number {
  return Math.min(n, CASES.length);
}

/**
 * The floor's provider: it stores what it is given and reports a change when any input differs. It
 * captures nothing, so its `__provider` is a few hundred bytes and its process loads no package.
 */
const noopProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: inputs.__sdk.resourceName, outs: inputs };
  },
  async diff(_id, olds, news) {
    const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
    keys.delete("__provider");
    const changes = [...keys].some((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
    return { changes, replaces: [], deleteBeforeReplace: false };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async read(id, props) {
    return { id, props };
  },
  async delete() {},
};

class NoopResource extends pulumi.dynamic.Resource {}

let noopProviderText: Promise<string> | undefined;

/**
 * A legacy transformation (it runs in the program, after dynamic.Resource has put the serialized
 * provider in the properties) that swaps AuthConfig's provider for the no-op one: same SDK class,
 * same property bag, same engine work, no provider work.
 */
const withNoopProvider: pulumi.ResourceTransformation = ({ props, opts }) => {
  noopProviderText ??= pulumi.runtime.serializeFunction(() => noopProvider, { allowSecrets: true }).then((f) => f.text);
  return { props: { ...props, __provider: noopProviderText }, opts };
};

/** The two programs; `current()` is read when the engine runs the program, so the caller switches revisions. */
export function authConfigProgram(current: () => Spec[]): PulumiFn {
  return async () => {
    for (const { name, args } of current()) new AuthConfig(name, args);
  };
}

/** AuthConfig resources served by the no-op provider: the floor for resources of AuthConfig's shape. */
export function shapeFloorProgram(current: () => Spec[]): PulumiFn {
  return async () => {
    for (const { name, args } of current()) new AuthConfig(name, args, { transformations: [withNoopProvider] });
  };
}

/** A no-op resource with `props` as its bag; its id is `name`, as the `__sdk` report gives it (AuthConfig's and McpServer's). */
function noopResource(name: string, props: pulumi.Inputs): NoopResource {
  return new NoopResource(noopProvider, name, { ...props, __sdk: { resourceName: name } }, {}, "bench", "Noop");
}

/** The floor's resource for one spec: the same bag as AuthConfig's, credentials secret as AuthConfig makes them. */
const noopAuthConfig = ({ name, args }: Spec) =>
  noopResource(name, { ...args, credentials: args.credentials && pulumi.secret(args.credentials) });

export function floorProgram(current: () => Spec[]): PulumiFn {
  return async () => {
    for (const spec of current()) noopAuthConfig(spec);
  };
}

/**
 * The MCP case (mcpCase.ts): one server per auth config, exposing that config's toolkit, allowed the first tool of
 * the toolkit in the emulator's catalog (a tool the API accepts for it).
 */
export interface McpSpec {
  name: string;
  authConfig: Spec;
  allowedTools: string[];
}

export function mcpSpecs(n: number): McpSpec[] {
  return specs(n, 0).map((authConfig, i) => {
    const toolkit = findToolkit(authConfig.args.toolkit as string);
    if (!toolkit) throw new Error(`no toolkit ${authConfig.args.toolkit} in the emulator's catalog`);
    return { name: `mcp-${i}`, authConfig, allowedTools: Object.keys(toolkit.tool_scopes).slice(0, 1) };
  });
}

/** N auth configs and N McpServers, each server given its config's `authConfigId` (so created after it). */
export function mcpServerProgram(current: McpSpec[]): PulumiFn {
  return async () => {
    for (const { name, authConfig, allowedTools } of current) {
      const config = new AuthConfig(authConfig.name, authConfig.args);
      new McpServer(name, { authConfigIds: [config.authConfigId], allowedTools });
    }
  };
}

/** The MCP case's floor: the same 2N bags on the no-op provider, each server's bag given its config's id. */
export function mcpFloorProgram(current: McpSpec[]): PulumiFn {
  return async () => {
    for (const { name, authConfig, allowedTools } of current) {
      const config = noopAuthConfig(authConfig);
      noopResource(name, { authConfigIds: [config.id], allowedTools });
    }
  };
}

/** The outputs a generated SDK registers beside the inputs (as `undefined`): the schema's non-input properties. */
function packageOutputNames(schemaPath: string): string[] {
  const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
  const resource = schema.resources["composio:index:AuthConfig"];
  return Object.keys(resource.properties).filter((key) => !(key in resource.inputProperties));
}

/** CustomResource is abstract in the SDK's types; a generated SDK's class is this, with typed properties. */
class PackageAuthConfig extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs) {
    super("composio:index:AuthConfig", name, props);
  }
}

/**
 * The same specs through the `composio` resource provider plugin (provider/plugin), declared as a generated SDK
 * declares `composio:index:AuthConfig`: a CustomResource with the inputs and the schema's outputs. The args go
 * in as a YAML or Go program writes them (the plugin's check makes secret-named credential fields secret).
 */
export function packageProgram(current: () => Spec[], schemaPath: string): PulumiFn {
  const outputs = Object.fromEntries(packageOutputNames(schemaPath).map((key) => [key, undefined]));
  return async () => {
    for (const { name, args } of current()) new PackageAuthConfig(name, { ...args, ...outputs });
  };
}
