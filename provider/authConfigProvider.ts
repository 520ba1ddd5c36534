/**
 * The AuthConfig resource's hooks. Each one is a thin sequence of API calls around the pure core
 * (check, diff, mapping), so what it decides is tested without I/O and what it does is tested
 * against the emulator.
 *
 * API calls per hook: check 0 (plus 1 toolkit look-up per toolkit per process, when the toolkit, type,
 * scheme or credentials changed), diff 0, create 1 POST (+1 status PATCH when `enabled: false`, +1
 * PATCH when `toolsAvailableForExecution` is set: the create body cannot carry it; +1 GET after either),
 * read 1 GET, update 1 PATCH and/or 1 status PATCH + 1 GET (0 calls when only `revokeOnDelete`
 * changed), delete 1 DELETE.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkAuthConfig, forEngine } from "./check";
import { processWarnings, type WarningSink } from "./engineLog";
import { ComposioApi } from "./client";
import { diffAuthConfig } from "./diff";
import { ComposioApiError } from "./errors";
import { redactSecrets } from "./fingerprint";
import { inputsOf, observe, planAfterCreate, planUpdate, serverPartOf, toCreateBody, type UpdatePlan } from "./mapping";
import type { AuthConfigInputs, AuthConfigOutputs } from "./model";
import { ProviderSettingsError, resolveSettings, type ProviderSettings } from "./settings";
import { checkAgainstToolkit, needsToolkitCheck, takePlainCredentials } from "./toolkitCheck";
import type { WireAuthConfig, WireCreateResponse } from "./wire";

/** Fields only the server sets, taken from a fresh read so outputs show the server's view. */
function serverFields(live: WireAuthConfig) {
  return {
    authConfigId: live.id,
    status: live.status,
    isComposioManaged: live.is_composio_managed ?? live.type === "default",
    noOfConnections: live.no_of_connections ?? 0,
    ...(live.auth_scheme ? { authScheme: live.auth_scheme as AuthConfigInputs["authScheme"] } : {}),
    ...(live.created_at ? { createdAt: live.created_at } : {}),
    ...(live.last_updated_at ? { lastUpdatedAt: live.last_updated_at } : {}),
  };
}

/**
 * The server's fields from a create's own answer: a new config is enabled and has no connections.
 * The answer has no `createdAt`/`lastUpdatedAt`; the first refresh or update fills them. Reading the
 * config back for them would double a create's requests: 200 creates under a 20 req/s rate limit
 * would take 20 s instead of 10 (BENCHMARKS.md).
 */
function answeredFields(answer: WireCreateResponse["auth_config"]) {
  return {
    authConfigId: answer.id,
    status: "ENABLED" as const,
    isComposioManaged: answer.is_composio_managed,
    noOfConnections: 0,
    ...(answer.auth_scheme ? { authScheme: answer.auth_scheme as AuthConfigInputs["authScheme"] } : {}),
  };
}

/**
 * The inputs a refresh writes back. A managed config's scheme is the toolkit's choice, not the
 * program's (it is replace-only and cannot drift), so it stays out of the inputs: otherwise every
 * refresh would show it as a new input.
 */
function refreshedInputs(observed: AuthConfigOutputs): AuthConfigInputs {
  const inputs = inputsOf(observed);
  if (inputs.type === "use_composio_managed_auth") delete inputs.authScheme;
  return inputs;
}

/**
 * Thrown when the config exists on the server but a follow-up step failed: the dynamic provider
 * turns an error with `id` into "created but failed to initialise", so Pulumi records the config in
 * state (and a later `up` finishes the job) instead of orphaning it.
 */
class PartialCreateError extends Error {
  readonly reasons: string[];
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    cause: Error,
  ) {
    super(`auth config ${id} was created, but finishing it failed: ${cause.message}`);
    this.reasons = [cause.message];
  }
}

export class AuthConfigProvider implements dynamic.ResourceProvider {
  private settings?: ProviderSettings;
  private settingsError?: Error;
  private api?: ComposioApi;
  /** Warnings already shown by this process: a rule that fires for many resources or runs says it once. */
  private readonly warned = new Set<string>();

  /** `warnings`: where warnings go; by default the engine's log when running under the Pulumi CLI. */
  constructor(private readonly warnings: WarningSink = processWarnings()) {}

  /** Reads settings once per provider process; a missing key only fails the hooks that call the API. */
  async configure(req: dynamic.ConfigureRequest): Promise<void> {
    this.useSettings(() => resolveSettings((key) => req.config.get(key), process.env));
  }

  /** Settings for callers outside the engine (the SDK's functions, tests). */
  useSettings(resolve: () => ProviderSettings): this {
    try {
      this.settings = resolve();
      this.settingsError = undefined;
    } catch (error) {
      this.settingsError = error as Error;
    }
    this.api = undefined;
    return this;
  }

  /**
   * The settings from configure, or from the environment when used without it; undefined without a
   * key. A settings error from configure stands: falling back to the environment would replace, say,
   * "composio:baseUrl must use https://" with a misleading "no API key is set".
   */
  private currentSettings(): ProviderSettings | undefined {
    if (!this.settings && !this.settingsError) this.useSettings(() => resolveSettings(() => undefined, process.env));
    return this.settings;
  }

  /**
   * Settings that can never work (a plain-http remote base URL, a malformed one) fail the preview,
   * before any API call. A missing key does not: a preview may run offline, and the hooks that call
   * the API say how to set one.
   */
  private unusableSettings(): { property: string; reason: string } | undefined {
    this.currentSettings();
    const error = this.settingsError;
    if (!(error instanceof ProviderSettingsError) || error.setting === "composio:apiKey") return undefined;
    return { property: error.setting, reason: error.message };
  }

  private client(): ComposioApi {
    if (!this.api) {
      const settings = this.currentSettings();
      if (!settings) throw this.settingsError;
      this.api = new ComposioApi(settings);
    }
    return this.api;
  }

  /**
   * The schema's check (pure, offline), then, when it passes and the relevant inputs changed, the
   * toolkit's own rules: at most one toolkit look-up per toolkit per process; skipped without an
   * API key, and with a warning when the API cannot be reached.
   */
  async check(olds: unknown, rawNews: unknown): Promise<dynamic.CheckResult> {
    const { news, plainKeys } = takePlainCredentials(rawNews);
    const outcome = checkAuthConfig(olds, news);
    const inputs = outcome.inputs as unknown as AuthConfigInputs;
    // Every failure leaves in the engine's safe form (forEngine): none may make it print a value.
    if (outcome.failures.length > 0) return { inputs: outcome.inputs, failures: forEngine(outcome.failures) };
    const unusable = this.unusableSettings();
    if (unusable) return { inputs: outcome.inputs, failures: forEngine([unusable]) };
    if (!needsToolkitCheck(olds, inputs)) return outcome;
    const failures = await checkAgainstToolkit(inputs, plainKeys, this.currentSettings(), (message) => this.warnOnce(message));
    return { inputs: outcome.inputs, failures: forEngine(failures) };
  }

  private async warnOnce(message: string): Promise<void> {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    await this.warnings(message);
  }

  async diff(_id: string, olds: AuthConfigOutputs, news: AuthConfigInputs): Promise<dynamic.DiffResult> {
    const { changes, replaces } = diffAuthConfig(olds, news);
    return { changes, replaces, deleteBeforeReplace: false };
  }

  async create(inputs: AuthConfigInputs): Promise<dynamic.CreateResult> {
    const created = inputs.adoptId ? undefined : await this.client().createAuthConfig(toCreateBody(inputs));
    const id = created?.id ?? (await this.adopt(inputs));
    const plan = planAfterCreate(inputs);
    try {
      await this.apply(id, plan, inputs.toolkit);
      // The POST's answer describes the config unless something was written after it.
      const answer = plan.body || plan.status ? undefined : created?.answer;
      return { id, outs: answer ? redactSecrets({ ...inputs, ...answeredFields(answer) }) : await this.outputsAfterWrite(id, inputs) };
    } catch (error) {
      throw new PartialCreateError(id, { ...redactSecrets(inputs), authConfigId: id }, error as Error);
    }
  }

  /** The import workaround: take over an existing config, then make it match the program. */
  private async adopt(inputs: AuthConfigInputs): Promise<string> {
    const id = inputs.adoptId!;
    const live = await this.client().getAuthConfig(id, inputs.toolkit);
    if (!live) {
      throw new ComposioApiError(
        `adoptId: auth config ${id} does not exist in this Composio project; check the id (or remove adoptId to create a new config).`,
        404,
        undefined,
        undefined,
        "not found",
      );
    }
    if (live.toolkit.slug !== inputs.toolkit) {
      throw new Error(`adoptId: auth config ${id} belongs to toolkit "${live.toolkit.slug}", not "${inputs.toolkit}"; fix toolkit or adoptId.`);
    }
    const current = observe(live, inputs);
    const { changed } = diffAuthConfig(current, inputs);
    // `enabled: false` is applied by create's follow-up, like any new config.
    await this.apply(id, planUpdate(current, inputs, changed.filter((property) => property !== "enabled")), inputs.toolkit);
    if (inputs.enabled && live.status === "DISABLED") await this.client().setStatus(id, "ENABLED", inputs.toolkit);
    return id;
  }

  private async apply(id: string, plan: UpdatePlan, toolkit: string): Promise<void> {
    if (plan.body) await this.client().updateAuthConfig(id, plan.body, toolkit);
    if (plan.status) await this.client().setStatus(id, plan.status, toolkit);
  }

  /** Outputs after a write: the program's values (secrets as fingerprints) and the server's fields. */
  private async outputsAfterWrite(id: string, inputs: AuthConfigInputs, previous?: AuthConfigOutputs): Promise<AuthConfigOutputs> {
    const live = await this.client().getAuthConfig(id, inputs.toolkit);
    if (!live) throw new Error(`auth config ${id} disappeared right after it was written`);
    return redactSecrets({ ...inputs, ...serverFields(live) }, previous);
  }

  async read(id: string, props: AuthConfigOutputs): Promise<dynamic.ReadResult> {
    const live = await this.client().getAuthConfig(id, props.toolkit);
    // Gone on the server: an empty id tells the engine to drop it from state.
    if (!live) return {};
    // On import the props are program inputs with real secrets: they must not reach the outputs.
    const observed = redactSecrets(observe(live, inputsOf(props)), props);
    return { id, props: observed, inputs: refreshedInputs(observed) };
  }

  async update(id: string, olds: AuthConfigOutputs, news: AuthConfigInputs): Promise<dynamic.UpdateResult> {
    const { changed } = diffAuthConfig(olds, news);
    const plan = planUpdate(inputsOf(olds), news, changed);
    // Only state-side properties changed (revokeOnDelete): nothing to send.
    if (!plan.body && !plan.status) return { outs: redactSecrets({ ...news, ...serverPartOf(olds) }, olds) };
    await this.apply(id, plan, news.toolkit);
    return { outs: await this.outputsAfterWrite(id, news, olds) };
  }

  async delete(id: string, props: AuthConfigOutputs): Promise<void> {
    await this.client().deleteAuthConfig(id, props.revokeOnDelete ?? false, props.toolkit);
  }
}
