/**
 * Drift from the last checkpoint, without the engine: each auth config and each MCP server of a stack's state (the
 * secrets it reads opened, in `plaintext`, as `pulumi stack export --show-secrets` writes them) and its live form from Composio
 * become the refresh step the engine would have reported, then the same report as the engine path's (driftReport.ts
 * `stepsReport`). Pure: the export and the live resources come in, the I/O is drift.ts's.
 *
 * The step is made the engine's way: the provider's own read (core/refresh.ts `refreshedState`) turns the prior
 * outputs and the live config into the refreshed inputs, and the secret bits of the old inputs are carried onto
 * them as Pulumi's engine does for a provider that does not take secrets (the dynamic provider), so a secret is
 * compared as `[secret]` on both sides and never by value, exactly as in the engine's events.
 */
import { AUTH_CONFIG_TYPE, MCP_SERVER_TYPE } from "../provider/engineProtocol";
import { refreshedState, unconfirmedSince } from "../provider/core/refresh";
import { withoutMarks } from "../provider/core/secretMarks";
import { markedFromPlain } from "../provider/core/secrets";
import { serverFields, type AuthConfigOutputs } from "../provider/core/mapping";
import { refreshedMcpServer, type McpServerOutputs } from "../provider/core/mcpServerMapping";
import type { WireMcpServer } from "../provider/core/mcpServer";
import type { WireAuthConfig } from "../provider/core/wire";
import { isSecret, stepsReport, type DriftReport, type RefreshStep } from "./driftReport";
import type { SecretsProvider } from "./driftSecrets";

/** The parts of `pulumi stack export`'s document this module reads. */
export interface ExportedState {
  deployment?: {
    manifest?: { time?: string };
    secrets_providers?: SecretsProvider;
    resources?: ExportedResource[];
    pending_operations?: unknown[];
  };
}

/** A stack's checkpoint as drift.ts read it (its secrets maybe still encrypted), and how to open them. */
export interface StoredCheckpoint {
  state: ExportedState;
  /**
   * The state with every secret opened (`{ plaintext }`, as `pulumi stack export --show-secrets` writes them); with
   * `only`, at least the secrets of the resources it selects (the CLI's export opens them all).
   */
  open: (only?: (resource: { type?: string }) => boolean) => Promise<ExportedState>;
}

/** A provider resource of the checkpoint: where the stack config the provider was made with is recorded. */
export const isProviderResource = (resource: { type?: string }) => resource.type?.startsWith("pulumi:providers:") ?? false;

interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  /** `<provider urn>::<provider id>` */
  provider?: string;
  /** A resource replaced and not yet deleted: the engine does not refresh it as the live one. */
  delete?: boolean;
}

/** One auth config (or MCP server) of the checkpoint: its stored inputs (secrets still marked) and the provider it was made with. */
export interface CheckpointConfig {
  urn: string;
  id: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  provider?: string;
}

/** The engine's secret marker, as it wraps a value it keeps secret. */
const SECRET_MARK = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) && !isSecret(value);

/** Whether the value is, or holds at any depth, a secret. */
function containsSecrets(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecrets);
  return isPlainObject(value) && Object.values(value).some(containsSecrets);
}

/**
 * The engine's `annotateSecrets` (pkg/resource/plugin/provider_plugin.go), for the inputs a read returns: where the
 * old value holds a secret, the new value at that key is secret; two objects are walked key by key instead (one
 * secret field does not make the whole object secret). Keys only the new side has stay as they are.
 */
export function annotateSecrets(outs: Record<string, unknown>, ins: Record<string, unknown>): Record<string, unknown> {
  const result = { ...outs };
  for (const [key, inValue] of Object.entries(ins)) {
    const outValue = outs[key];
    if (outValue === undefined) continue;
    if (isPlainObject(outValue) && isPlainObject(inValue)) result[key] = annotateSecrets(outValue, inValue);
    else if (!isSecret(outValue) && containsSecrets(inValue)) result[key] = { ...SECRET_MARK, value: outValue };
  }
  return result;
}

/**
 * The value with every secret opened: an export made with --show-secrets holds each as JSON in `plaintext`. A secret
 * still encrypted (an export without it) cannot be opened here: an error, never a guess.
 */
export function plainValue(value: unknown): unknown {
  if (isSecret(value)) {
    const { plaintext } = value as { plaintext?: unknown };
    if (typeof plaintext !== "string") throw new Error("the state export holds an encrypted secret (export it with --show-secrets)");
    return plainValue(JSON.parse(plaintext));
  }
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, plainValue(child)]));
  return value;
}

/** Whether the config needs a read: an unconfirmed create has nothing to read until the next `up` settles it. */
export const needsRead = (config: CheckpointConfig) => unconfirmedSince(config.id) === undefined;

/** The resources of a type the checkpoint holds, in its order (what a refresh reads). */
function checkpointResources(state: ExportedState, type: string): CheckpointConfig[] {
  return (state.deployment?.resources ?? [])
    .filter((resource) => resource.type === type && resource.id && !resource.delete)
    .map((resource) => ({
      urn: resource.urn,
      id: resource.id!,
      inputs: resource.inputs ?? {},
      outputs: resource.outputs ?? {},
      ...(resource.provider ? { provider: resource.provider } : {}),
    }));
}

/** The auth configs the checkpoint holds, in its order. */
export const checkpointConfigs = (state: ExportedState) => checkpointResources(state, AUTH_CONFIG_TYPE);

/** The MCP servers the checkpoint holds (the SDK's McpServer), in its order. */
export const checkpointMcpServers = (state: ExportedState) => checkpointResources(state, MCP_SERVER_TYPE);

/** Whether the value holds, at any depth, a secret still encrypted (a checkpoint read from the backend's file). */
function holdsCiphertext(value: unknown): boolean {
  if (isSecret(value)) {
    const { plaintext } = value as { plaintext?: unknown };
    return typeof plaintext !== "string" || holdsCiphertext(JSON.parse(plaintext)); // a secret may hold secrets
  }
  if (Array.isArray(value)) return value.some(holdsCiphertext);
  return value !== null && typeof value === "object" && Object.values(value).some(holdsCiphertext);
}

/** The provider settings a refresh configures the provider with from the recorded config (resolveSettings's keys). */
const SETTINGS_KEYS = ["composio:apiKey", "composio:baseUrl"];

/**
 * Whether the settings the reads need are sealed: the provider a read resource was made with recorded a
 * `composio:apiKey` or `composio:baseUrl` still encrypted (set with `--secret`). Then the state is opened before the
 * reads; otherwise the reads come first, and `needsOpening` decides with them.
 */
export function settingsSealed(state: ExportedState): boolean {
  const read = [...checkpointConfigs(state).filter(needsRead), ...checkpointMcpServers(state)];
  const providers = new Set(read.map((resource) => resource.provider));
  return (state.deployment?.resources ?? [])
    .filter((resource) => providers.has(`${resource.urn}::${resource.id}`))
    .some((provider) => SETTINGS_KEYS.some((key) => holdsCiphertext(provider.inputs?.[key])));
}

/**
 * Whether a config is, on the server, as the checkpoint recorded it, so that its refresh step is known without the
 * prior outputs the provider's read carries over (its secret `credentials`): no drift, as a refresh of an unchanged
 * config always is. That holds when
 * - the live `last_updated_at` is the baseline the outputs recorded (Composio moves it on every change, so no field,
 *   hidden or visible, changed since): not so for a state written before baselines were recorded (none), an adopted
 *   config (`"unknown"`), a config gone or never confirmed (not read);
 * - and the read of the fields held in clear on both sides reports nothing: the provider's own read and the
 *   report's rules, on the checkpoint without every property that holds a secret in its inputs or outputs.
 * The properties left out are then the ones the read carries over from the outputs as written (hidden fields under
 * an unmoved baseline) or takes from the live record (`client_id`, unmoved too), which the step compares with the
 * inputs the same checkpoint recorded beside those outputs.
 */
export function unchangedSinceCheckpoint(config: CheckpointConfig, live: WireAuthConfig | undefined): boolean {
  const baseline = config.outputs.lastUpdatedAt;
  if (!needsRead(config) || !live || typeof baseline !== "string" || baseline !== live.last_updated_at) return false;
  const sealed = new Set(
    [...Object.keys(config.inputs), ...Object.keys(config.outputs)].filter(
      (key) => containsSecrets(config.inputs[key]) || containsSecrets(config.outputs[key]),
    ),
  );
  const clear = (record: object) => Object.fromEntries(Object.entries(record).filter(([key]) => !sealed.has(key)));
  const outputs = clear(config.outputs) as AuthConfigOutputs;
  const refreshed = withoutMarks(refreshedState(live, markedFromPlain(outputs)));
  const step = readStep({ ...config, inputs: clear(config.inputs), outputs }, { props: refreshed.props, inputs: clear(refreshed.inputs) });
  return stepsReport("", [step]).drifted.length === 0;
}

/**
 * A stack's auth configs as Composio answered (`live`, by id; absent or undefined: gone), and the ids of those
 * unchanged since the checkpoint (`unchangedSinceCheckpoint`), judged once for both `needsOpening` and the report.
 * The judgement holds for the checkpoint's configs opened or not: it leaves out every property holding a secret.
 */
export interface ConfigReads {
  live: ReadonlyMap<string, WireAuthConfig | undefined>;
  unchanged: ReadonlySet<string>;
}

export function configReads(configs: readonly CheckpointConfig[], live: ReadonlyMap<string, WireAuthConfig | undefined>): ConfigReads {
  return { live, unchanged: new Set(configs.filter((config) => unchangedSinceCheckpoint(config, live.get(config.id))).map((c) => c.id)) };
}

/**
 * Whether the comparison opens a secret `state` holds still encrypted, once the reads answered: the recorded
 * settings (`settingsSealed`), and the outputs of each resource whose read needs them (the provider's read starts
 * from them: `credentials` is a secret output, its hidden fields are carried over). A config gone, never confirmed
 * or unchanged since the checkpoint needs none. Nothing else is opened: the inputs' secrets are compared as
 * `[secret]` on both sides, as the engine's events show them. So a clean stack whose key comes from the environment
 * needs no decryption at all.
 */
export function needsOpening(state: ExportedState, { live, unchanged }: ConfigReads): boolean {
  const read = [
    ...checkpointConfigs(state).filter((config) => live.get(config.id) !== undefined && !unchanged.has(config.id)),
    ...checkpointMcpServers(state),
  ];
  return settingsSealed(state) || read.some((resource) => holdsCiphertext(resource.outputs));
}

/**
 * The stack config the provider recorded at the last `up` (`composio:apiKey`, `composio:baseUrl`), which a refresh
 * configures it with: a look-up by key, secrets opened. Undefined for a key it does not hold.
 */
export function recordedProviderConfig(state: ExportedState, providerRef: string | undefined): (key: string) => string | undefined {
  const provider = (state.deployment?.resources ?? []).find((resource) => providerRef === `${resource.urn}::${resource.id}`);
  return (key) => {
    const value = plainValue(provider?.inputs?.[key]);
    return typeof value === "string" ? value : undefined;
  };
}

/** How far the clock of the machine that wrote a checkpoint may be ahead of this one's. */
const CLOCK_SKEW_MS = 2_000;

/**
 * Whether a listing begun at `listingSince` may be compared with a checkpoint written at `writtenAt` (epoch ms):
 * only if it began after it. One begun before could miss what the `up` that wrote the checkpoint changed on the
 * server, and report the deploy as drift.
 */
export const listingServes = (listingSince: number, writtenAt: number) => listingSince > writtenAt + CLOCK_SKEW_MS;

/**
 * The refresh step of one resource, as the engine reports it: `refreshed` is what the provider's read makes of the
 * live resource, undefined when it is gone (the engine drops it: a delete).
 */
function readStep(resource: CheckpointConfig, refreshed: { props: object; inputs: object } | undefined): RefreshStep {
  const old = { id: resource.id, inputs: resource.inputs };
  if (!refreshed) return { urn: resource.urn, op: "delete", old };
  const inputs = annotateSecrets(refreshed.inputs as Record<string, unknown>, resource.inputs);
  return { urn: resource.urn, op: "update", old, new: { id: resource.id, inputs, outputs: { ...refreshed.props } } };
}

/**
 * A config's refresh step: `live` as Composio shows it (undefined: gone), `unchanged` whether it is unchanged since
 * the checkpoint. A config with nothing to read keeps its state.
 */
function refreshStep(config: CheckpointConfig, live: WireAuthConfig | undefined, unchanged: boolean): RefreshStep {
  const old = { id: config.id, inputs: config.inputs };
  if (!needsRead(config)) return { urn: config.urn, op: "same", old, new: { ...old, outputs: config.outputs } };
  // Its outputs as recorded, with what only the server sets as read now (the live count of connected accounts).
  if (unchanged) {
    return { urn: config.urn, op: "same", old, new: { ...old, outputs: { ...config.outputs, ...serverFields(live!) } } };
  }
  // The dynamic provider's read: its plain outputs marked from `__secretPaths` for the core, its answer plain again.
  return readStep(config, live && withoutMarks(refreshedState(live, markedFromPlain(plainValue(config.outputs) as AuthConfigOutputs))));
}

/** An MCP server's refresh step: `live` as Composio shows it (undefined: gone). */
const serverStep = (server: CheckpointConfig, live: WireMcpServer | undefined): RefreshStep =>
  readStep(server, live && refreshedMcpServer(live, plainValue(server.outputs) as McpServerOutputs));

/**
 * The stack's drift report from its checkpoint's configs and MCP servers and their live reads (by id; absent: gone).
 */
export function checkpointReport(
  stack: string,
  configs: readonly CheckpointConfig[],
  { live, unchanged }: ConfigReads,
  servers: readonly CheckpointConfig[] = [],
  liveServers: ReadonlyMap<string, WireMcpServer | undefined> = new Map(),
): DriftReport {
  return stepsReport(
    stack,
    configs.map((config) => refreshStep(config, live.get(config.id), unchanged.has(config.id))),
    servers.map((server) => serverStep(server, liveServers.get(server.id))),
  );
}
