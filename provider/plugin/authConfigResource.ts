/**
 * The AuthConfig resource as the plugin serves it: a thin adapter from the plugin's requests to the
 * same hooks the dynamic provider runs (provider/hooks/authConfigProvider.ts), so both hosts share
 * every decision. What differs, and only here:
 * - values arrive in secret envelopes and must leave in them (secretEnvelopes.ts);
 * - the resource's name comes from the URN, not from a `__resourceName` input the SDK adds;
 * - `pulumi import` calls read with an id alone (see `read`);
 * - Create and Update may be previews, which must not write.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { AuthConfigProvider } from "../hooks/authConfigProvider";
import { diffAuthConfig } from "../core/diff";
import { redactSecrets } from "../core/secrets";
import { openSecrets } from "../hooks/sealing";
import { serverPartOf, type AuthConfigOutputs } from "../core/mapping";
import type { AuthConfigInputs } from "../core/schema";
import { PLAIN_CREDENTIALS_KEY } from "../engineProtocol";
import { asDynamicNews, unwrapSecrets, wrapSecrets } from "./secretEnvelopes";

export const AUTH_CONFIG_TOKEN = "composio:index:AuthConfig";

/** The resource's name in the program: the URN's last part (`urn:pulumi:stack::project::type::name`). */
export function nameFromUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

type Props = Record<string, unknown>;
const plain = <T>(value: unknown): T => unwrapSecrets(value ?? {}).value as T;

export interface PluginDiff extends dynamic.DiffResult {
  /** The top-level properties that differ, for the CLI's detailed diff. */
  diffs: string[];
}

export class AuthConfigResource {
  constructor(private readonly hooks: AuthConfigProvider) {}

  async check(urn: string, olds: unknown, news: unknown): Promise<{ inputs: Props; failures: dynamic.CheckFailure[] }> {
    const { news: dynamicNews, secretPaths } = asDynamicNews(news, nameFromUrn(urn));
    const result = await this.hooks.check(plain(olds), dynamicNews);
    const inputs = { ...(result.inputs ?? {}) } as Props;
    // check already takes it out; kept out here too, so it never reaches state if that changes.
    delete inputs[PLAIN_CREDENTIALS_KEY];
    return { inputs: wrapSecrets(inputs, secretPaths) as Props, failures: result.failures ?? [] };
  }

  async diff(id: string, olds: unknown, news: unknown): Promise<PluginDiff> {
    const before = plain<AuthConfigOutputs>(olds);
    const after = plain<AuthConfigInputs>(news);
    const result = await this.hooks.diff(id, before, after);
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
    const inputs = plain<AuthConfigInputs>(news);
    if (preview) return { id: "", outs: this.outgoing(redactSecrets(inputs), news) };
    const result = await this.hooks.create(inputs);
    return { id: result.id, outs: this.outgoing(result.outs, news) };
  }

  async update(id: string, olds: unknown, news: unknown, preview: boolean): Promise<Props> {
    const before = plain<AuthConfigOutputs>(olds);
    const after = plain<AuthConfigInputs>(news);
    if (preview) return this.outgoing(redactSecrets({ ...after, ...serverPartOf(before) }, before), news);
    return this.outgoing((await this.hooks.update(id, before, after)).outs, news);
  }

  /**
   * A refresh passes the last outputs; `pulumi import` passes an id alone. The hooks' read handles
   * both: with no previous outputs it observes the config as the server shows it, and the inputs it
   * returns (what import writes as program code) are the visible ones. Fields Composio never returns
   * (client secrets, API keys, the proxy key) are left out rather than guessed: the imported program
   * runs with no changes and no writes, and adding a secret to it later sends that field once.
   */
  async read(id: string, props: unknown): Promise<{ id: string; props?: Props; inputs?: Props }> {
    const olds = plain<AuthConfigOutputs>(props);
    const result = await this.hooks.read(id, olds);
    if (!result.id) return { id: "" };
    return { id: result.id, props: this.outgoing(result.props, props), inputs: result.inputs && this.outgoing(result.inputs, props) };
  }

  async delete(id: string, props: unknown): Promise<void> {
    await this.hooks.delete(id, plain<AuthConfigOutputs>(props));
  }

  /** Values leaving for the engine: wrapped wherever the values they came from were. */
  private outgoing(value: unknown, from: unknown): Props {
    return wrapSecrets(value ?? {}, unwrapSecrets(from ?? {}).secretPaths) as Props;
  }
}
