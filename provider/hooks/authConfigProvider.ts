/**
 * The AuthConfig resource's hooks. Each one is a thin sequence of API calls around the pure core
 * (check, diff, mapping), so what it decides is tested without I/O and what it does is tested
 * against the emulator.
 *
 * API calls per hook: check 0 (plus 1 toolkit look-up per toolkit per process, when the toolkit, type,
 * scheme or credentials changed), diff 0, create 1 POST + 1 GET for the baseline `last_updated_at` (+1
 * status PATCH when `enabled: false`, +1 PATCH when `toolsAvailableForExecution` is set: the create body
 * cannot carry it), read 1 GET or less (the reads of a refresh share one listing, 200 configs a request:
 * coalescedReads.ts), update 1 PATCH and/or 1 status PATCH + 1 GET (0 calls when only `revokeOnDelete` or
 * `allowReplaceWithConnections` changed), delete 1 GET (its connected accounts, counted live) + 1 DELETE. A diff
 * that replaces the config also makes 1 GET for that count, unless the program allowed the replace.
 *
 * The hooks work in the core's terms (core/secretMarks.ts): values with secrets marked, as the plugin receives
 * them (`diffMarked`, `createMarked`, ...). They pass them to the core as they are, read fields from them unmarked,
 * and what they return keeps the marks of what it was made from. The dynamic provider's methods (`diff`, `create`,
 * ...) are its edge: its plain values are marked from `__secretPaths` first and what leaves is plain again
 * (dynamicEdge.ts).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkMarked, forEngine, type CheckFailure, type SuffixSource } from "../core/check";
import { unmarkSecrets, withoutMarks } from "../core/secretMarks";
import { dynamicInputs, markedFromReport, plainAnswer, type HostKnowledge } from "./dynamicEdge";
import { randomSuffix } from "./autonameSuffix";
import { processWarnings, type WarningSink } from "./engineLog";
import { ComposioApi, exactName, UnconfirmedCreateError, type LostConfigName } from "../api/client";
import { diffAuthConfig } from "../core/diff";
import { ComposioApiError, RefusedWriteError } from "../api/errors";
import { decideConnectionGuard, type GuardSubject } from "../core/connectionGuard";
import { isFingerprint, isStoredValue, markedFromPlain, redactSecrets, secretVersions } from "../core/secrets";
import { openSecrets } from "./sealing";
import {
  inputsOf,
  observe,
  planAfterCreate,
  planUpdate,
  serverFields,
  serverPartOf,
  toCreateBody,
  type AuthConfigOutputs,
  type UpdatePlan,
} from "../core/mapping";
import { isVariant, type AuthConfigInputs, type StoredAuthConfig } from "../core/schema";
import { MISSING_KEY_PREVIEW_WARNING, ProviderSettingsError, resolveSettings, type ProviderSettings } from "../api/settings";
import { checkAgainstToolkit, needsToolkitCheck } from "./toolkitCheck";
import { refreshedState, schemeFromProgram, UNCONFIRMED_PREFIX, unconfirmedSince } from "../core/refresh";
import { UNKNOWN } from "../engineProtocol";

/**
 * The engine shows an adoption as `+ create`: the preview says what it really does. Only for a resource not yet in
 * the state (`olds` without an id adopted), and only once the id is known (an Output may still be unknown). The id itself is
 * not said: a program may pass it as a secret.
 */
function adoptionNotice(olds: unknown, inputs: AuthConfigInputs): string | undefined {
  const adopted = olds !== null && typeof olds === "object" && "adoptId" in olds;
  if (adopted || typeof inputs.adoptId !== "string" || inputs.adoptId === UNKNOWN) return undefined;
  return (
    `AuthConfig "${inputs.__resourceName ?? inputs.name}" adopts the existing auth config its adoptId names: the plan shows a create, ` +
    "but `pulumi up` creates nothing; it takes that config over and changes it to match the program."
  );
}

/**
 * A create that failed but must be remembered: the dynamic provider turns an error with `id` into
 * "created but failed to initialise", so Pulumi records the resource in state (and the next `up`
 * carries on from it) instead of forgetting a config that exists or may exist.
 */
class RecordedCreateError extends Error {
  readonly reasons: string[];
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    message: string,
  ) {
    super(message);
    this.reasons = [message];
  }
}

/**
 * The name an unconfirmed create recorded, as the look-up for its lost config takes it: a name the
 * program wrapped as a secret was recorded as its fingerprint, so configs are tested against that.
 */
function recordedName(recorded: string): LostConfigName {
  return isFingerprint(recorded) ? { matches: (name) => isStoredValue(name, "name", recorded) } : exactName(recorded);
}

/** The resource's name as state records it (configs recorded before the SDK reported it: the config's name). */
function resourceNameOf(props: StoredAuthConfig): string {
  return typeof props.__resourceName === "string" && props.__resourceName !== "" ? props.__resourceName : props.name;
}

function guardSubject(
  operation: GuardSubject["operation"],
  id: string,
  props: StoredAuthConfig,
  connections: number,
  allowed: boolean,
  replacedBy?: string[],
): GuardSubject {
  return { operation, resourceName: resourceNameOf(props), authConfigId: id, connections, allowed, ...(replacedBy ? { replacedBy } : {}) };
}

/** The shared check's answer: inputs with secrets marked; `checked` when they passed the schema (else the raw news). */
export interface MarkedCheckResult {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
  checked: boolean;
}

export class AuthConfigProvider implements dynamic.ResourceProvider {
  private settings?: ProviderSettings;
  private settingsError?: Error;
  private api?: ComposioApi;
  /** Warnings already shown by this process: a rule that fires for many resources or runs says it once. */
  private readonly warned = new Set<string>();
  /**
   * Auth config ids whose replace this process's diff let through because the program set
   * allowReplaceWithConnections. The replace's delete comes later in the same run with the old state,
   * which does not hold the flag when it was set in this very change.
   */
  private readonly replacesAllowed = new Set<string>();

  /**
   * `warnings`: where warnings go; by default the engine's log when running under the Pulumi CLI.
   * `suffix`: the random part of generated names (tests pass a fixed one).
   */
  constructor(
    private readonly warnings: WarningSink = processWarnings(),
    private readonly suffix: SuffixSource = randomSuffix,
  ) {}

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
   * before any API call. A missing key does not: a preview may run offline (check warns that it did),
   * and the hooks that call the API say how to set one.
   */
  private unusableSettings(): { property: string; reason: string } | undefined {
    this.currentSettings();
    const error = this.settingsError;
    if (!(error instanceof ProviderSettingsError) || error.setting === "composio:apiKey") return undefined;
    return { property: error.setting, reason: error.message };
  }

  private missingKey(): boolean {
    return (
      !this.currentSettings() && this.settingsError instanceof ProviderSettingsError && this.settingsError.setting === "composio:apiKey"
    );
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
   * The dynamic provider's check: its plain values and the SDK's report marked at its edge
   * (dynamicEdge.ts), the shared check, then the checked inputs as it keeps them (plain, secrets sealed).
   */
  async check(olds: unknown, rawNews: unknown): Promise<dynamic.CheckResult> {
    const { news, host } = markedFromReport(rawNews);
    const { inputs, failures, checked } = await this.checkMarked(olds, news, host);
    return { inputs: checked ? dynamicInputs(inputs, host, olds) : unmarkSecrets(inputs).value, failures };
  }

  /**
   * The schema's check (pure, offline) over values with secrets marked (core/secretMarks.ts), then, when it
   * passes and the relevant inputs changed, the toolkit's own rules: at most one toolkit look-up per toolkit
   * per process; skipped without an API key, and with a warning when the API cannot be reached. The inputs
   * come back marked; `checked` says whether they passed the schema (else they are the raw news).
   */
  async checkMarked(olds: unknown, news: unknown, host: HostKnowledge): Promise<MarkedCheckResult> {
    const outcome = checkMarked(olds, news, { ...host, suffix: this.suffix });
    // Every failure leaves in the engine's safe form (forEngine): none may make it print a value.
    if (!outcome.ok) return { inputs: outcome.inputs, failures: forEngine(outcome.failures), checked: false };
    const checkedInputs = outcome.inputs as unknown as AuthConfigInputs;
    const inputs = withoutMarks(checkedInputs);
    const previous = withoutMarks(olds);
    const versions = secretVersions(checkedInputs, (olds ?? {}) as Partial<AuthConfigInputs>);
    const marked = versions ? { ...outcome.inputs, secretVersions: versions } : outcome.inputs;
    const unusable = this.unusableSettings();
    if (unusable) return { inputs: marked, failures: forEngine([unusable]), checked: true };
    if (this.missingKey()) await this.warnOnce(MISSING_KEY_PREVIEW_WARNING);
    const adoption = adoptionNotice(previous, inputs);
    if (adoption) await this.warnOnce(adoption);
    if (!needsToolkitCheck(previous, checkedInputs)) return { inputs: marked, failures: [], checked: true };
    const plainKeys = host.plainCredentials ?? outcome.plainCredentials;
    const failures = await checkAgainstToolkit(inputs, plainKeys, this.currentSettings(), (message) => this.warnOnce(message));
    return { inputs: marked, failures: forEngine(failures), checked: true };
  }

  private async warnOnce(message: string): Promise<void> {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    await this.warnings(message);
  }

  async diff(id: string, olds: AuthConfigOutputs, news: AuthConfigInputs): Promise<dynamic.DiffResult> {
    return this.diffMarked(id, markedFromPlain(olds), markedFromPlain(news));
  }

  async create(checked: AuthConfigInputs): Promise<dynamic.CreateResult> {
    return plainAnswer(() => this.createMarked(markedFromPlain(checked)));
  }

  async read(id: string, props: AuthConfigOutputs): Promise<dynamic.ReadResult> {
    return plainAnswer(() => this.readMarked(id, markedFromPlain(props)));
  }

  async update(id: string, olds: AuthConfigOutputs, checked: AuthConfigInputs): Promise<dynamic.UpdateResult> {
    return plainAnswer(() => this.updateMarked(id, markedFromPlain(olds), markedFromPlain(checked)));
  }

  async diffMarked(id: string, olds: AuthConfigOutputs, news: AuthConfigInputs): Promise<dynamic.DiffResult> {
    // Delete first, so the look-up for the lost config runs before a new one exists to be confused with it.
    if (unconfirmedSince(id) !== undefined) return { changes: true, replaces: ["authConfigId"], deleteBeforeReplace: true };
    const { changes, replaces } = diffAuthConfig(olds, openSecrets(news, { unopened: "keep" }));
    if (replaces.length > 0)
      await this.guardReplace(id, withoutMarks(olds), withoutMarks(news).allowReplaceWithConnections === true, replaces);
    return { changes, replaces, deleteBeforeReplace: false };
  }

  /**
   * A replace deletes the old config, and with it every connected account: refused at the diff (so at
   * `pulumi preview`, before any write) unless the program allows it. The count is read live (1 GET):
   * the state's `noOfConnections` is as old as the last refresh.
   */
  private async guardReplace(id: string, olds: AuthConfigOutputs, allowed: boolean, replacedBy: string[]): Promise<void> {
    if (allowed) {
      this.replacesAllowed.add(id);
      return;
    }
    if (!this.currentSettings()) {
      // An offline preview stays possible; the delete step checks again before anything is deleted.
      await this.warnOnce(
        `auth config "${resourceNameOf(olds)}" (${id}) would be replaced, and whether it has connected accounts could not be checked ` +
          "(no API key: set composio:apiKey or COMPOSIO_API_KEY); `pulumi up` checks it before deleting the old config.",
      );
      return;
    }
    const live = await this.client().getAuthConfig(id, olds.toolkit);
    const decision = decideConnectionGuard(guardSubject("replace", id, olds, live?.no_of_connections ?? 0, false, replacedBy));
    if (!decision.proceed) throw new RefusedWriteError(decision.message);
  }

  /**
   * The POST (or the adoption), its follow-ups, and one read-back: the create's answer has no
   * `last_updated_at`, and without that baseline a change made on the server before the first
   * refresh would go unseen in the fields reads hide (visibility.ts).
   */
  async createMarked(checked: AuthConfigInputs): Promise<dynamic.CreateResult> {
    const inputs = openSecrets(checked);
    const id = withoutMarks(inputs).adoptId ? await this.adopt(inputs) : await this.post(inputs);
    try {
      await this.apply(id, planAfterCreate(inputs), withoutMarks(inputs).toolkit);
      return { id, outs: await this.outputsAfterWrite(id, inputs, checked) };
    } catch (error) {
      const message = `auth config ${id} was created, but finishing it failed: ${(error as Error).message}`;
      throw new RecordedCreateError(id, { ...redactSecrets(inputs, checked), authConfigId: id }, message);
    }
  }

  private async post(inputs: AuthConfigInputs): Promise<string> {
    try {
      return (await this.client().createAuthConfig(toCreateBody(inputs))).id;
    } catch (error) {
      if (!(error instanceof UnconfirmedCreateError)) throw error;
      const message =
        `${error.message}. Pulumi keeps it in the state as unconfirmed: the next \`pulumi up\` looks for it again and ` +
        `deletes it before creating the config anew, so running again never leaves a duplicate (\`pulumi destroy\` also finds it).`;
      throw new RecordedCreateError(`${UNCONFIRMED_PREFIX}${error.since}`, { ...redactSecrets(inputs) }, message);
    }
  }

  /** The import workaround: take over an existing config, then make it match the program. */
  private async adopt(inputs: AuthConfigInputs): Promise<string> {
    const { adoptId, toolkit, enabled } = withoutMarks(inputs);
    const id = adoptId!;
    const live = await this.client().getAuthConfig(id, toolkit);
    if (!live) {
      throw new ComposioApiError(
        `adoptId: auth config ${id} does not exist in this Composio project; check the id (or remove adoptId to create a new config).`,
        { status: 404, composioMessage: "not found" },
      );
    }
    if (live.toolkit.slug !== toolkit) {
      throw new Error(`adoptId: auth config ${id} belongs to toolkit "${live.toolkit.slug}", not "${toolkit}"; fix toolkit or adoptId.`);
    }
    // Nothing this program wrote is on the server yet: every hidden field it sets is sent.
    const current = observe(live, inputs, "unknown");
    const { changed } = diffAuthConfig(current, inputs);
    // `enabled: false` is applied by create's follow-up, like any new config.
    await this.apply(
      id,
      planUpdate(
        current,
        inputs,
        changed.filter((property) => property !== "enabled"),
      ),
      toolkit,
    );
    if (enabled && live.status === "DISABLED") await this.client().setStatus(id, "ENABLED", toolkit);
    return id;
  }

  private async apply(id: string, plan: UpdatePlan, toolkit: string): Promise<void> {
    if (plan.body) await this.client().updateAuthConfig(id, plan.body, toolkit);
    if (plan.status) await this.client().setStatus(id, plan.status, toolkit);
  }

  /**
   * Outputs after a write: the program's values (secrets as fingerprints) and the server's fields.
   * The fingerprints are those of `checked`'s seals, so the state's inputs and outputs compare alike.
   */
  private async outputsAfterWrite(id: string, inputs: AuthConfigInputs, checked: AuthConfigInputs): Promise<AuthConfigOutputs> {
    const live = await this.client().getAuthConfig(id, withoutMarks(inputs).toolkit);
    if (!live) throw new Error(`auth config ${id} disappeared right after it was written`);
    return redactSecrets({ ...inputs, ...serverFields(live), ...schemeFromProgram(inputs.authScheme !== undefined) }, checked);
  }

  async readMarked(id: string, props: AuthConfigOutputs): Promise<dynamic.ReadResult> {
    // Nothing to read until the next `up` settles it (see unconfirmedSince).
    if (unconfirmedSince(id) !== undefined) return { id, props };
    const live = await this.client().readAuthConfig(id, withoutMarks(props).toolkit);
    // Gone on the server: an empty id tells the engine to drop it from state.
    if (!live) return {};
    return { id, ...refreshedState(live, props) };
  }

  async updateMarked(id: string, olds: AuthConfigOutputs, checked: AuthConfigInputs): Promise<dynamic.UpdateResult> {
    const news = openSecrets(checked);
    const { changed } = diffAuthConfig(olds, news);
    const plan = planUpdate(inputsOf(olds), news, changed);
    // Only state-side properties changed (revokeOnDelete, allowReplaceWithConnections): nothing to send.
    if (!plan.body && !plan.status) return { outs: redactSecrets({ ...news, ...serverPartOf(olds) }, checked) };
    await this.apply(id, plan, withoutMarks(news).toolkit);
    return { outs: await this.outputsAfterWrite(id, news, checked) };
  }

  /**
   * The DELETE, after the guard: the config's connected accounts are counted live (1 GET) and a config
   * that has some is deleted only when the program allowed it; then the output says how many were cut off.
   */
  async delete(id: string, markedProps: AuthConfigOutputs): Promise<void> {
    const props = withoutMarks(markedProps);
    const since = unconfirmedSince(id);
    const lost = since === undefined ? { id } : await this.findLost(props, since);
    if (!lost) return;
    const live = await this.client().getAuthConfig(lost.id, props.toolkit);
    // Already gone: nothing to delete.
    if (!live) return;
    const replacing = this.replacesAllowed.has(id);
    const allowed = replacing || props.allowReplaceWithConnections === true;
    const decision = decideConnectionGuard(
      guardSubject(replacing ? "replace" : "delete", lost.id, props, live.no_of_connections ?? 0, allowed),
    );
    if (!decision.proceed) throw new RefusedWriteError(decision.message);
    await this.client().deleteAuthConfig(lost.id, props.revokeOnDelete ?? false, props.toolkit);
    if (decision.notice) await this.warnings(decision.notice);
  }

  /** The config an unconfirmed create made, looked up by the body it sent (made from its checked inputs again). */
  private async findLost(recorded: AuthConfigOutputs, since: number) {
    // The create recorded checked inputs, which always keep their variant's rules.
    if (!isVariant(recorded)) throw new Error(`the unconfirmed create of ${recorded.name} recorded inputs no create could have sent`);
    return this.client().findCreatedSince(toCreateBody(recorded), since, recordedName(recorded.name));
  }
}
