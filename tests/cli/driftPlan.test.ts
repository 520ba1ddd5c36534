/**
 * composio-drift's check from the last checkpoint (cli/driftPlan.ts), without I/O: the engine's secret rule
 * (annotateSecrets), opening an export's secrets, and, as a property over generated configs and live views under
 * each mask format, that it reports drift exactly when the provider's own diff of the refreshed config against the
 * program's inputs has changes (what the next `up` would send), naming the same properties, and that a config it
 * knows clean without opening its secret outputs (unchanged since the checkpoint) is one the full read finds clean.
 */
import fc from "fast-check";
import { diffAuthConfig } from "../../provider/core/diff";
import { serverFields } from "../../provider/core/mapping";
import { refreshedState, UNCONFIRMED_PREFIX } from "../../provider/core/refresh";
import { isSecretPath, redactSecrets, SECRET_BEARING_PROPERTIES } from "../../provider/core/secrets";
import type { AuthConfigInputs } from "../../provider/core/schema";
import { AUTH_CONFIG_TYPE } from "../../provider/engineProtocol";
import {
  annotateSecrets,
  checkpointConfigs,
  listingServes,
  checkpointReport,
  configReads,
  needsOpening,
  plainValue,
  recordedProviderConfig,
  settingsSealed,
  unchangedSinceCheckpoint,
  type CheckpointConfig,
} from "../../cli/driftPlan";
import { isSecret } from "../../cli/driftReport";
import type { WireAuthConfig } from "../../provider/core/wire";
import { inputsArb } from "../provider/core/arbitraries";
import { maskedLiveOf, maskFormatArb, T0, T1 } from "../provider/core/liveViews";

const SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
/** A secret as `pulumi stack export --show-secrets` writes it. */
const shown = (value: unknown) => ({ ...SIG, plaintext: JSON.stringify(value) });
/** The value with each secret encrypted, as the backend's file holds it. */
function sealedAll<T>(value: T): T {
  if (isSecret(value)) return { ...SIG, ciphertext: "v1:bm9uY2U=:c2VhbGVk" } as T;
  if (Array.isArray(value)) return value.map(sealedAll) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, sealedAll(child)])) as T;
}

describe("annotateSecrets: the engine's rule for the inputs a read returns", () => {
  it("marks a key secret where the old value holds a secret, walks two objects, leaves new keys alone", () => {
    const outs = { name: "n", credentials: { client_id: "id", client_secret: "s2", scopes: "a" }, proxyConfig: null, extra: 1 };
    const ins = {
      name: shown("n"),
      credentials: { client_id: "id", client_secret: shown("s") },
      proxyConfig: { proxyUrl: "u", proxyAuthKey: shown("k") },
    };
    expect(annotateSecrets(outs, ins)).toEqual({
      name: { ...SIG, value: "n" },
      credentials: { client_id: "id", client_secret: { ...SIG, value: "s2" }, scopes: "a" },
      // Not both objects: the whole new value (here null) is secret, as the engine keeps it.
      proxyConfig: { ...SIG, value: null },
      extra: 1,
    });
  });

  it("a key the read dropped stays dropped", () => {
    expect(annotateSecrets({}, { credentials: shown({ scopes: "a" }) })).toEqual({});
  });
});

describe("needsOpening: the comparison opens a secret only when it reads one", () => {
  /** A secret as the backend's file holds it. */
  const sealed = { ...SIG, ciphertext: "v1:bm9uY2U=:c2VhbGVk" };
  const provider = (inputs: Record<string, unknown>) => ({ urn: "urn:p", id: "p1", type: "pulumi:providers:pulumi-nodejs", inputs });
  const config = (id: string, outputs: Record<string, unknown>, inputs: Record<string, unknown> = {}) => ({
    urn: `urn:${id}`,
    type: AUTH_CONFIG_TYPE,
    id,
    provider: "urn:p::p1",
    inputs,
    outputs,
  });
  const state = (...resources: object[]) => ({ deployment: { resources } }) as Parameters<typeof needsOpening>[0];
  /** needsOpening once the reads of the state's configs answered `live`. */
  const opens = (exported: ReturnType<typeof state>, live: ReadonlyMap<string, WireAuthConfig | undefined>) =>
    needsOpening(exported, configReads(checkpointConfigs(exported), live));

  const changed = { last_updated_at: "2026-12-01T11:00:00.000Z" } as WireAuthConfig;
  const liveAll = (...ids: string[]) => new Map(ids.map((id) => [id, changed]));

  it("no: the key in the environment, no secret output; the inputs' secrets are compared as [secret], never opened", () => {
    const other = provider({ "composio:baseUrl": "http://127.0.0.1:1", "app:token": sealed });
    expect(opens(state(other, config("ac_1", { name: "n" }, { name: sealed })), liveAll("ac_1"))).toBe(false);
    // An unconfirmed create is not read.
    expect(opens(state(other, config(`${UNCONFIRMED_PREFIX}1`, { credentials: sealed })), new Map())).toBe(false);
    // A config gone from Composio: its step is a delete, nothing of it is read.
    expect(opens(state(other, config("ac_1", { credentials: sealed })), new Map([["ac_1", undefined]]))).toBe(false);
    // What --show-secrets opened already.
    expect(
      opens(state(provider({ "composio:apiKey": shown("k") }), config("ac_1", { credentials: shown({ a: shown("s") }) })), liveAll("ac_1")),
    ).toBe(false);
  });

  it("yes: a recorded API key or base URL, a secret output of a changed config (at any depth, inside an opened one too)", () => {
    expect(opens(state(provider({ "composio:apiKey": sealed }), config("ac_1", {})), liveAll("ac_1"))).toBe(true);
    expect(opens(state(provider({ "composio:baseUrl": sealed }), config("ac_1", {})), liveAll("ac_1"))).toBe(true);
    expect(opens(state(provider({}), config("ac_1", { credentials: sealed })), liveAll("ac_1"))).toBe(true);
    expect(opens(state(provider({}), config("ac_1", { credentials: shown({ client_secret: sealed }) })), liveAll("ac_1"))).toBe(true);
  });

  it("settingsSealed: before the reads, only the recorded settings of the providers they use", () => {
    expect(settingsSealed(state(provider({ "composio:apiKey": sealed }), config("ac_1", { credentials: sealed })))).toBe(true);
    expect(settingsSealed(state(provider({ "composio:baseUrl": "u" }), config("ac_1", { credentials: sealed })))).toBe(false);
    // Its only config is an unconfirmed create: nothing is read with that key.
    expect(settingsSealed(state(provider({ "composio:apiKey": sealed }), config(`${UNCONFIRMED_PREFIX}1`, {})))).toBe(false);
  });
});

describe("plainValue", () => {
  it("opens --show-secrets' plaintext at any depth", () => {
    expect(plainValue({ a: shown({ b: "x" }), c: [shown(1)] })).toEqual({ a: { b: "x" }, c: [1] });
  });

  it("refuses an encrypted secret instead of guessing", () => {
    expect(() => plainValue({ ...SIG, ciphertext: "v1:abc" })).toThrow(/encrypted secret/);
  });
});

const PROVIDER = "urn:pulumi:dev::p::pulumi:providers:pulumi-nodejs::default";

/**
 * A config as `up` leaves it in state, exported with --show-secrets: in the inputs each secret field a secret of its
 * own (the SDK wraps them), in the outputs each secret-bearing property secret as a whole (additionalSecretOutputs).
 */
function stored(inputs: AuthConfigInputs, id = "ac_test123"): CheckpointConfig {
  const sealed: Record<string, unknown> = { ...redactSecrets(inputs) };
  for (const property of SECRET_BEARING_PROPERTIES) {
    const fields = sealed[property];
    if (fields === null || typeof fields !== "object") continue;
    sealed[property] = Object.fromEntries(
      Object.entries(fields).map(([key, value]) => [key, isSecretPath(`${property}.${key}`) ? shown(value) : value]),
    );
  }
  const outputs: Record<string, unknown> = {
    ...redactSecrets(
      { ...inputs, ...serverFields(maskedLiveOf(inputs, "stars", T0)), ...(inputs.authScheme ? { __schemeFromProgram: true } : {}) },
      inputs,
    ),
  };
  for (const property of SECRET_BEARING_PROPERTIES) if (outputs[property] !== undefined) outputs[property] = shown(outputs[property]);
  return { urn: `urn:pulumi:dev::p::${AUTH_CONFIG_TYPE}::cfg`, id, inputs: sealed, outputs, provider: `${PROVIDER}::p1` };
}

/** Configs check lets through: a custom config always names its scheme (the shared generator is wider). */
const checkedInputsArb = inputsArb.filter((inputs) => inputs.type === "use_composio_managed_auth" || inputs.authScheme !== undefined);

const handEditArb = fc.record({
  rename: fc.boolean(),
  toggle: fc.boolean(),
  tools: fc.option(fc.constant<string[]>(["HAND_PICKED"])),
  written: fc.boolean(),
});

/** A managed config with no credentials. */
const GITHUB: AuthConfigInputs = {
  toolkit: "github",
  name: "GitHub",
  type: "use_composio_managed_auth",
  enabled: true,
  revokeOnDelete: false,
};

describe("checkpointReport agrees with the provider's read and diff", () => {
  it("drift exactly when the diff of the refreshed config against the program's inputs has changes, naming the same properties", () => {
    fc.assert(
      fc.property(checkedInputsArb, maskFormatArb, handEditArb, (inputs, format, edit) => {
        const edited: AuthConfigInputs = {
          ...inputs,
          ...(edit.rename ? { name: `${inputs.name} (by hand)` } : {}),
          ...(edit.toggle ? { enabled: !inputs.enabled } : {}),
          ...(edit.tools ? { toolAccessConfig: { ...inputs.toolAccessConfig, toolsAvailableForExecution: edit.tools } } : {}),
        };
        const live = maskedLiveOf(edited, format, edit.written || edit.rename || edit.toggle || edit.tools ? T1 : T0);
        const config = stored(inputs);
        const report = checkpointReport("dev", [config], configReads([config], new Map([[config.id, live]])));
        const { changed } = diffAuthConfig(refreshedState(live, plainValue(config.outputs) as never).props, inputs);
        const named = [...new Set(report.drifted.flatMap((drift) => drift.properties.map((p) => p.path.split(".")[0])))].sort();
        expect(named).toEqual([...changed].sort());
        expect(report).toMatchObject({ stack: "dev", checked: 1 });
      }),
    );
  });

  it("a config unchanged since the checkpoint is known clean without its secrets: only when the full read finds no drift", () => {
    fc.assert(
      fc.property(checkedInputsArb, maskFormatArb, handEditArb, (inputs, format, edit) => {
        const edited = edit.rename ? { ...inputs, name: `${inputs.name} (by hand)` } : inputs;
        const moved = edit.written || edit.rename || edit.toggle;
        const live = maskedLiveOf(edited, format, moved ? T1 : T0);
        const config = stored(inputs);
        const unchanged = unchangedSinceCheckpoint(config, live);
        // The baseline is the evidence: never without it, always when it holds and the clear fields agree.
        expect(unchanged).toBe(!moved);
        if (!unchanged) return;
        expect(diffAuthConfig(refreshedState(live, plainValue(config.outputs) as never).props, inputs).changed).toEqual([]);
        // Its secrets still encrypted, as the backend's file holds them: the same report, nothing opened.
        const fromFile = { ...config, inputs: sealedAll(config.inputs), outputs: sealedAll(config.outputs) };
        expect(unchangedSinceCheckpoint(fromFile, live)).toBe(true);
        const report = checkpointReport("dev", [fromFile], configReads([fromFile], new Map([[config.id, live]])));
        expect(report.drifted).toEqual([]);
        expect(report.connections).toEqual([{ resource: "cfg", id: config.id, noOfConnections: live.no_of_connections ?? 0 }]);
      }),
    );
  });

  it("no baseline to go by: a state written before baselines were recorded, an adopted config, an unconfirmed create", () => {
    const live = maskedLiveOf(GITHUB, "stars", T0);
    const config = stored(GITHUB);
    expect(unchangedSinceCheckpoint(config, live)).toBe(true);
    const { lastUpdatedAt: _, ...beforeBaselines } = config.outputs;
    expect(unchangedSinceCheckpoint({ ...config, outputs: beforeBaselines }, live)).toBe(false);
    expect(unchangedSinceCheckpoint({ ...config, outputs: { ...config.outputs, lastUpdatedAt: "unknown" } }, live)).toBe(false);
    expect(unchangedSinceCheckpoint({ ...config, id: `${UNCONFIRMED_PREFIX}1765000000000` }, live)).toBe(false);
    expect(unchangedSinceCheckpoint(config, undefined)).toBe(false);
    // A visible field that differs from the checkpoint under the same baseline is read, never assumed.
    expect(unchangedSinceCheckpoint(config, { ...live, name: "Renamed" })).toBe(false);
  });

  it("a config gone from Composio is deleted; an unconfirmed create is checked, never read, never drift", () => {
    const gone = stored(GITHUB, "ac_gone");
    const unconfirmed = { ...stored(GITHUB), id: `${UNCONFIRMED_PREFIX}1765000000000`, urn: gone.urn.replace("::cfg", "::lost") };
    const report = checkpointReport("dev", [gone, unconfirmed], configReads([gone, unconfirmed], new Map()));
    expect(report.checked).toBe(2);
    expect(report.drifted).toEqual([
      { resource: "cfg", urn: gone.urn, id: "ac_gone", toolkit: "github", change: "deleted", properties: [] },
    ]);
  });
});

describe("listingServes: a listing shared by several stacks never predates a checkpoint it is compared with", () => {
  it("serves checkpoints written before it began (with a margin for the writer's clock), not later ones", () => {
    const began = Date.parse("2026-12-07T05:00:00Z");
    expect(listingServes(began, began - 60_000)).toBe(true);
    expect(listingServes(began, began - 1_000)).toBe(false);
    expect(listingServes(began, began + 30_000)).toBe(false);
  });
});

describe("the checkpoint's parts", () => {
  const state = {
    deployment: {
      resources: [
        {
          urn: PROVIDER,
          type: "pulumi:providers:pulumi-nodejs",
          id: "p1",
          inputs: { "composio:apiKey": shown("key-1"), "composio:baseUrl": "http://127.0.0.1:1" },
        },
        { urn: "urn:a", type: AUTH_CONFIG_TYPE, id: "ac_1", inputs: { name: "a" }, outputs: {}, provider: `${PROVIDER}::p1` },
        { urn: "urn:b", type: AUTH_CONFIG_TYPE, id: "ac_2", inputs: { name: "b" }, outputs: {}, delete: true },
        { urn: "urn:other", type: "pulumi:pulumi:Stack" },
      ],
    },
  };

  it("the auth configs a refresh reads: not the stack, not one replaced and waiting for its delete", () => {
    expect(checkpointConfigs(state).map((config) => config.id)).toEqual(["ac_1"]);
  });

  it("the provider config recorded at the last up, its secret opened", () => {
    const config = recordedProviderConfig(state, `${PROVIDER}::p1`);
    expect([config("composio:apiKey"), config("composio:baseUrl"), config("composio:other")]).toEqual([
      "key-1",
      "http://127.0.0.1:1",
      undefined,
    ]);
    expect(recordedProviderConfig(state, undefined)("composio:apiKey")).toBeUndefined();
  });
});
