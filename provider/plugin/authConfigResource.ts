/**
 * The AuthConfig resource as the plugin serves it: a thin adapter from the plugin's requests to the
 * same hooks the dynamic provider runs (provider/hooks/authConfigProvider.ts), so both hosts share
 * every decision. What differs, and only here:
 * - values arrive in Pulumi's secret envelopes, which are the core's own marked form (core/secretMarks.ts):
 *   they go to the hooks and the core as they arrive, and what comes back is marked where they were (check
 *   marks every secret, so every secret leaves marked); check's secrets leave sealed inside their envelopes
 *   (see `check`, and README.md "Why the plugin seals");
 * - the resource's name comes from the URN, not from a `__resourceName` input the SDK adds;
 * - `pulumi import` calls read with an id alone (see `read`);
 * - Create and Update may be previews, which must not write.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { AuthConfigProvider } from "../hooks/authConfigProvider";
import { diffAuthConfig } from "../core/diff";
import { redactSecrets } from "../core/secrets";
import { serverPartOf, type AuthConfigOutputs } from "../core/mapping";
import type { AuthConfigInputs, StoredAuthConfig } from "../core/schema";
import { openSecrets, sealSecrets } from "../hooks/sealing";
import { AUTH_CONFIG_TOKEN } from "../engineProtocol";

export { AUTH_CONFIG_TOKEN };

/** The resource's name in the program: the URN's last part (`urn:pulumi:stack::project::type::name`). */
export function nameFromUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

type Props = Record<string, unknown>;
/** The engine's values, secrets marked, in the type the hooks name them by (absent: none). */
const marked = <T>(value: unknown): T => (value ?? {}) as T;

export interface PluginDiff extends dynamic.DiffResult {
  /** The top-level properties that differ, for the CLI's detailed diff. */
  diffs: string[];
}

export class AuthConfigResource {
  constructor(private readonly hooks: AuthConfigProvider) {}

  /**
   * The core's check over the envelopes as they arrived; the secrets it marks leave sealed inside their
   * envelopes (hooks/sealing.ts), as the dynamic provider's do: this plugin answers no preview, so the engine
   * takes the checked inputs as the planned outputs, and a Node.js program's `--debug` prints those in clear,
   * envelopes or not (README.md "Why the plugin seals").
   */
  async check(urn: string, olds: unknown, news: unknown): Promise<{ inputs: Props; failures: dynamic.CheckFailure[] }> {
    const { inputs, failures, checked } = await this.hooks.checkMarked(olds, news, { resourceName: nameFromUrn(urn) });
    if (!checked) return { inputs, failures };
    return { inputs: sealSecrets(inputs as StoredAuthConfig, marked(olds)), failures };
  }

  async diff(id: string, olds: unknown, news: unknown): Promise<PluginDiff> {
    const before = marked<AuthConfigOutputs>(olds);
    const after = marked<AuthConfigInputs>(news);
    const result = await this.hooks.diffMarked(id, before, after);
    // The hook decides; the changed properties (the core's own list, over the opened seals as the hook
    // compares them) only feed the CLI's list of changed properties.
    const changed = result.changes ? diffAuthConfig(before, openSecrets(after, { unopened: "keep" })).changed : [];
    return { ...result, diffs: [...new Set([...changed, ...(result.replaces ?? [])])] };
  }

  /**
   * A preview (the engine calls Create and Update with preview=true only if Configure says it
   * supports previews; this plugin says not, and still never writes on one): the program's values
   * as the outputs, secrets fingerprinted, with nothing sent to Composio.
   */
  async create(news: unknown, preview: boolean): Promise<{ id: string; outs: Props }> {
    const inputs = marked<AuthConfigInputs>(news);
    if (preview) return { id: "", outs: { ...redactSecrets(inputs) } };
    const result = await this.hooks.createMarked(inputs);
    return { id: result.id, outs: result.outs };
  }

  async update(id: string, olds: unknown, news: unknown, preview: boolean): Promise<Props> {
    const before = marked<AuthConfigOutputs>(olds);
    const after = marked<AuthConfigInputs>(news);
    if (preview) return redactSecrets({ ...after, ...serverPartOf(before) }, before);
    return (await this.hooks.updateMarked(id, before, after)).outs;
  }

  /**
   * A refresh passes the last outputs; `pulumi import` passes an id alone. The hooks' read handles
   * both: with no previous outputs it observes the config as the server shows it, and the inputs it
   * returns (what import writes as program code) are the visible ones. Fields Composio never returns
   * (client secrets, API keys, the proxy key) are left out rather than guessed: the imported program
   * runs with no changes and no writes, and adding a secret to it later sends that field once.
   */
  async read(id: string, props: unknown): Promise<{ id: string; props?: Props; inputs?: Props }> {
    const result = await this.hooks.readMarked(id, marked<AuthConfigOutputs>(props));
    if (!result.id) return { id: "" };
    return { id: result.id, props: result.props, inputs: result.inputs };
  }

  async delete(id: string, props: unknown): Promise<void> {
    await this.hooks.delete(id, marked<AuthConfigOutputs>(props));
  }
}
