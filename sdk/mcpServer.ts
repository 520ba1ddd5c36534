/**
 * `McpServer`: a Composio MCP server managed by Pulumi, exposing the toolkits of given auth configs to agents at
 * `mcpUrl`. Pass AuthConfig outputs as `authConfigIds` (`[github.authConfigId]`): Pulumi then creates the auth
 * configs first and deletes the server before them. The arguments and outputs are the field table's
 * (provider/core/mcpServer.ts); the hooks live in provider/hooks/mcpServerProvider.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { AUTH_CONFIG_MODULE, MCP_SERVER_NAME, SDK_REPORT_KEY, type SdkReport } from "../provider/engineProtocol";
import { MCP_SERVER_FIELD_NAMES, MCP_SERVER_OUTPUT_NAMES, type McpServerArgsShape } from "../provider/core/mcpServer";
import type { McpServerOutputs } from "../provider/core/mcpServerMapping";
import type { InputOf } from "./argumentTypes";

/** The arguments, each value (and each list entry: an AuthConfig's `authConfigId`) a `pulumi.Input`. */
export type McpServerArgs = {
  [K in keyof McpServerArgsShape as K extends `__${string}` ? never : K]: InputOf<Exclude<McpServerArgsShape[K], undefined>>;
};

/**
 * The object Pulumi serializes into every McpServer's state: no code of its own, each hook loads the installed
 * package's (see providerStub.ts, which does the same for AuthConfig, for why the lines are written out).
 */
const mcpServerProviderStub: dynamic.ResourceProvider = {
  configure: (...a) => require("pulumi-composio/hooks/mcpServer").configure(...a),
  check: (...a) => require("pulumi-composio/hooks/mcpServer").check(...a),
  diff: (...a) => require("pulumi-composio/hooks/mcpServer").diff(...a),
  create: (...a) => require("pulumi-composio/hooks/mcpServer").create(...a),
  read: (...a) => require("pulumi-composio/hooks/mcpServer").read(...a),
  update: (...a) => require("pulumi-composio/hooks/mcpServer").update(...a),
  delete: (...a) => require("pulumi-composio/hooks/mcpServer").delete(...a),
};

/** Every argument and every output only the server sets, as the engine returns them. */
const DECLARED_OUTPUTS = [...MCP_SERVER_FIELD_NAMES, ...MCP_SERVER_OUTPUT_NAMES];
type DeclaredOutputs = { readonly [K in (typeof DECLARED_OUTPUTS)[number]]: pulumi.Output<McpServerOutputs[K]> };

// The outputs are declared by merging this interface into the class, as AuthConfig's (sdk/authConfig.ts).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- set by pulumi.dynamic.Resource's constructor
export interface McpServer extends DeclaredOutputs {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class McpServer extends pulumi.dynamic.Resource {
  constructor(name: string, args: McpServerArgs, opts: pulumi.CustomResourceOptions = {}) {
    super(
      mcpServerProviderStub,
      name,
      {
        // Every declared output must be a key here, or it is undefined on the object when the program leaves it out.
        ...Object.fromEntries(DECLARED_OUTPUTS.map((output) => [output, undefined])),
        ...args,
        // check() autonames from the resource's name, as Pulumi's own providers do from the URN.
        [SDK_REPORT_KEY]: { resourceName: name } satisfies SdkReport,
      },
      opts,
      AUTH_CONFIG_MODULE,
      MCP_SERVER_NAME,
    );
  }
}
