/**
 * The objects Pulumi serializes into every AuthConfig's (and McpServer's) state as `__provider`. It holds no code of
 * its own: each hook loads the implementation from the installed package when it runs. So the
 * stored text is small (about 2 KB, whatever the implementation's size), carries no settings or
 * secrets (they come from stack config at run time), and stays the same across package upgrades,
 * so an upgrade never forces a replacement and old state still loads for delete.
 *
 * Nothing here may capture module-scope values: Pulumi's closure serializer would pull them (and
 * everything they reach) into the state. `require` by package name is resolved by the provider
 * process from the program's directory, where the package is installed.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";

// Seven near-identical lines on purpose: a shared helper would be serialized too and cost more bytes
// than it saves (measured: 1.9 KB as written, 2.3 KB through a forwarding helper).
/* eslint-disable @typescript-eslint/no-require-imports -- each hook loads the package by name when it runs (above) */
export const authConfigProviderStub: dynamic.ResourceProvider = {
  configure: (...a) => require("pulumi-composio/hooks").configure(...a),
  check: (...a) => require("pulumi-composio/hooks").check(...a),
  diff: (...a) => require("pulumi-composio/hooks").diff(...a),
  create: (...a) => require("pulumi-composio/hooks").create(...a),
  read: (...a) => require("pulumi-composio/hooks").read(...a),
  update: (...a) => require("pulumi-composio/hooks").update(...a),
  delete: (...a) => require("pulumi-composio/hooks").delete(...a),
};

/** McpServer's: the same, from the package's `hooks/mcpServer` entry. */
export const mcpServerProviderStub: dynamic.ResourceProvider = {
  configure: (...a) => require("pulumi-composio/hooks/mcpServer").configure(...a),
  check: (...a) => require("pulumi-composio/hooks/mcpServer").check(...a),
  diff: (...a) => require("pulumi-composio/hooks/mcpServer").diff(...a),
  create: (...a) => require("pulumi-composio/hooks/mcpServer").create(...a),
  read: (...a) => require("pulumi-composio/hooks/mcpServer").read(...a),
  update: (...a) => require("pulumi-composio/hooks/mcpServer").update(...a),
  delete: (...a) => require("pulumi-composio/hooks/mcpServer").delete(...a),
};
/* eslint-enable @typescript-eslint/no-require-imports */
