/**
 * The McpServer resource as the plugin serves it: a thin adapter from the plugin's requests to the hooks the
 * dynamic provider runs (provider/hooks/mcpServerProvider.ts), so both hosts share every decision. What differs,
 * and only here (as for AuthConfig, authConfigResource.ts):
 * - values arrive in Pulumi's secret envelopes: no McpServer field is secret, but a program may wrap one, and what
 *   leaves is marked again wherever the values it came from were;
 * - the resource's name (for the autoname) comes from the URN, not from the SDK's report;
 * - `pulumi import` calls read with an id alone: the hooks' read then observes the server as it is, and the
 *   inputs it returns are what import writes as program code;
 * - Create and Update may be previews, which must not write.
 */
import type { McpServerProvider } from "../hooks/mcpServerProvider";
import { diffMcpServer, type McpServerOutputs } from "../core/mcpServerMapping";
import type { McpServerInputs } from "../core/mcpServer";
import { markSecrets, unmarkSecrets } from "../core/secretMarks";
import { RESOURCE_NAME_KEY } from "../engineProtocol";
import { nameFromUrn, type PluginDiff } from "./authConfigResource";

type Props = Record<string, unknown>;
const plain = <T>(value: unknown): T => unmarkSecrets(value ?? {}).value as T;

/** `value` marked wherever `from` (what the engine sent) had a secret. */
function markedLike(value: unknown, from: unknown): Props {
  const { markedPaths } = unmarkSecrets(from ?? {});
  return markSecrets(value ?? {}, (path) => markedPaths.includes(path)) as Props;
}

export class McpServerResource {
  constructor(private readonly hooks: McpServerProvider) {}

  async check(urn: string, olds: unknown, news: unknown): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const named = { ...plain<Props>(news), [RESOURCE_NAME_KEY]: nameFromUrn(urn) };
    const { inputs, failures } = await this.hooks.check(plain(olds), named);
    return { inputs: markedLike(inputs, news), failures: failures ?? [] };
  }

  async diff(id: string, olds: unknown, news: unknown): Promise<PluginDiff> {
    const before = plain<McpServerOutputs>(olds);
    const after = plain<McpServerInputs>(news);
    const result = await this.hooks.diff(id, before, after);
    // The hook decides; the changed properties only feed the CLI's list of changed properties.
    return { ...result, diffs: diffMcpServer(before, after).changed };
  }

  /** A preview (never asked for: Configure says the plugin does not do previews) writes nothing: the program's values stand. */
  async create(news: unknown, preview: boolean): Promise<{ id: string; outs: Props }> {
    if (preview) return { id: "", outs: markedLike(plain(news), news) };
    const { id, outs } = await this.hooks.create(plain<McpServerInputs>(news));
    return { id, outs: markedLike(outs, news) };
  }

  async update(id: string, olds: unknown, news: unknown, preview: boolean): Promise<Props> {
    const before = plain<McpServerOutputs>(olds);
    const after = plain<McpServerInputs>(news);
    if (preview) return markedLike({ ...before, ...after }, news);
    return markedLike((await this.hooks.update(id, before, after)).outs, news);
  }

  /** A refresh passes the last outputs; `pulumi import` an id alone (then the inputs are the server's as it is). */
  async read(id: string, props: unknown): Promise<{ id: string; props?: Props; inputs?: Props }> {
    const result = await this.hooks.read(id, plain<McpServerOutputs>(props));
    if (!result.id) return { id: "" };
    return { id: result.id, props: markedLike(result.props, props), inputs: markedLike(result.inputs, props) };
  }

  async delete(id: string): Promise<void> {
    await this.hooks.delete(id);
  }
}
