/**
 * `McpServer`: a Composio MCP server managed by Pulumi, exposing the toolkits of given auth configs to agents at
 * `mcpUrl`. Pass AuthConfig outputs as `authConfigIds` (`[github.authConfigId]`): Pulumi then creates the auth
 * configs first and deletes the server before them. The arguments and outputs are the field table's
 * (provider/core/mcpServer.ts); the hooks live in provider/hooks/mcpServerProvider.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { mcpServerProviderStub } from "./providerStub";
import { AUTH_CONFIG_MODULE, MCP_SERVER_NAME, SDK_REPORT_KEY, type SdkReport } from "../provider/engineProtocol";
import { MCP_SERVER_FIELD_NAMES, MCP_SERVER_OUTPUT_NAMES, type McpServerArgsShape } from "../provider/core/mcpServer";
import type { McpServerOutputs } from "../provider/core/mcpServerMapping";
import type { InputOf } from "./argumentTypes";

/** The arguments, each value (and each list entry: an AuthConfig's `authConfigId`) a `pulumi.Input`. */
export type McpServerArgs = {
  [K in keyof McpServerArgsShape as K extends `__${string}` ? never : K]: InputOf<Exclude<McpServerArgsShape[K], undefined>>;
};

/** Every argument and every output only the server sets, as the engine returns them. */
const DECLARED_OUTPUTS = [...MCP_SERVER_FIELD_NAMES, ...MCP_SERVER_OUTPUT_NAMES];
type DeclaredOutputs = { readonly [K in (typeof DECLARED_OUTPUTS)[number]]: pulumi.Output<McpServerOutputs[K]> };

// The outputs are declared by merging this interface into the class, as AuthConfig's (sdk/authConfig.ts).
// The members are DeclaredOutputs', set by pulumi.dynamic.Resource's constructor.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- see above
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
