/**
 * The AuthConfig resource as the plugin serves it: a thin adapter from the plugin's requests to the
 * same hooks the dynamic provider runs (provider/hooks/authConfigProvider.ts), so both hosts share
 * every decision. What differs, and only here:
 * - values arrive in Pulumi's secret envelopes, which are the core's own marked form (core/secretMarks.ts):
 *   check takes them as they are and returns its inputs marked (each secret sealed inside its envelope, see
 *   `check`); the other hooks take plain values, and what leaves is marked again wherever the values it came
 *   from were, and wherever the core calls a value secret;
 * - the resource's name comes from the URN, not from a `__resourceName` input the SDK adds;
 * - `pulumi import` calls read with an id alone (see `read`);
 * - Create and Update may be previews, which must not write.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { AuthConfigProvider } from "../hooks/authConfigProvider";
import { diffAuthConfig } from "../core/diff";
import { isSecretPath, redactSecrets } from "../core/secrets";
import { markSecrets, unmarkSecrets } from "../core/secretMarks";
import { serverPartOf, type AuthConfigOutputs } from "../core/mapping";
import type { AuthConfigInputs, StoredAuthConfig } from "../core/schema";
import { openSecrets, sealSecrets } from "../hooks/sealing";
import { AUTH_CONFIG_TOKEN, SECRET_PATHS_KEY } from "../engineProtocol";

export { AUTH_CONFIG_TOKEN };

/** The resource's name in the program: the URN's last part (`urn:pulumi:stack::project::type::name`). */
export function nameFromUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

type Props = Record<string, unknown>;
const plain = <T>(value: unknown): T => unmarkSecrets(value ?? {}).value as T;

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
   * envelopes or not.
   */
  async check(urn: string, olds: unknown, news: unknown): Promise<{ inputs: Props; failures: dynamic.CheckFailure[] }> {
    const { inputs, failures, checked } = await this.hooks.checkMarked(olds, news, { resourceName: nameFromUrn(urn) });
    if (!checked) return { inputs, failures };
    const { value, markedPaths } = unmarkSecrets(inputs);
    const sealed = sealSecrets(value as StoredAuthConfig, plain(olds));
    return { inputs: markSecrets(sealed, (path) => markedPaths.includes(path)) as Props, failures };
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

  /**
   * Values leaving for the engine, marked wherever the values they came from were, and wherever the core
   * calls a value secret (a client secret given plain, the paths in `__secretPaths`): the engine encrypts
   * those in state.
   */
  private outgoing(value: unknown, from: unknown): Props {
    const { markedPaths } = unmarkSecrets(from ?? {});
    const wrapped = (value as Props | null)?.[SECRET_PATHS_KEY];
    const programPaths = Array.isArray(wrapped) ? (wrapped as string[]) : [];
    return markSecrets(value ?? {}, (path) => markedPaths.includes(path) || isSecretPath(path, programPaths)) as Props;
  }
}
