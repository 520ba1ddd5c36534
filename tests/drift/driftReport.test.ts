/** The drift command's pure parts: events -> report, the value diff and masking, formats, arguments. */
import fc from "fast-check";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { parseDriftArgs } from "../../cli/driftArgs";
import { formatJson, formatText } from "../../cli/driftFormat";
import { AUTH_CONFIG_TYPE, diffValues, driftReport, errorMessages, masked } from "../../cli/driftReport";

/** A value as the engine's events show a secret (its wire signature, the value hidden). */
const secret = () => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" });

let sequence = 0;
function outputsEvent(op: string, name: string, oldInputs?: Record<string, unknown>, newInputs?: Record<string, unknown>, type = AUTH_CONFIG_TYPE): EngineEvent {
  const urn = `urn:pulumi:dev::p::${type}::${name}`;
  const state = (inputs: Record<string, unknown>) => ({ type, urn, id: `ac_${name}`, parent: "", provider: "", inputs, outputs: {} });
  return {
    sequence: sequence++,
    timestamp: 0,
    resOutputsEvent: {
      metadata: {
        op,
        urn,
        type,
        provider: "",
        ...(oldInputs ? { old: state(oldInputs) } : {}),
        ...(newInputs ? { new: state(newInputs) } : {}),
      },
    },
  } as unknown as EngineEvent;
}

const base = { __provider: "exports.handler = ...", __resourceName: "n", toolkit: "notion", name: "Notion", enabled: true };

describe("driftReport", () => {
  it("reports changed inputs by path, deleted configs, and ignores bookkeeping, outputs and other types", () => {
    const events = [
      outputsEvent("same", "github", { ...base, toolkit: "github" }, { ...base, toolkit: "github" }),
      outputsEvent(
        "update",
        "notion",
        { ...base, credentials: { scopes: "a,b", client_secret: secret() } },
        { ...base, __autoname: "x", name: "Renamed", credentials: { scopes: "a", client_secret: secret() } },
      ),
      // Only outputs moved (e.g. lastUpdatedAt): not drift.
      outputsEvent("update", "slack", { ...base, toolkit: "slack" }, { ...base, toolkit: "slack", __provider: "other" }),
      outputsEvent("delete", "hubspot", { ...base, toolkit: "hubspot" }),
      outputsEvent("update", "bucket", { size: 1 }, { size: 2 }, "aws:s3/bucket:Bucket"),
    ];
    const report = driftReport("dev", events);
    expect(report.checked).toBe(4);
    expect(report.drifted).toEqual([
      {
        resource: "notion",
        urn: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/composio:AuthConfig::notion",
        id: "ac_notion",
        toolkit: "notion",
        change: "changed",
        properties: [
          { path: "credentials.scopes", desired: "a,b", live: "a" },
          { path: "name", desired: "Notion", live: "Renamed" },
        ],
      },
      expect.objectContaining({ resource: "hubspot", change: "deleted", toolkit: "hubspot", properties: [] }),
    ]);
  });

  it("reports hidden fields a refresh marked as changed on the server, secrets too, once per mark", () => {
    const marker = "[hidden field: changed on the server at 2026-12-01T10:00:00.000Z; the value cannot be read back]";
    const desired = { ...base, credentials: { client_id: "id", scopes: "a,b", client_secret: secret() }, proxyConfig: secret() };
    const marks = { "credentials.client_secret": marker, "credentials.scopes": marker, "proxyConfig.proxyAuthKey": marker };
    const live = {
      ...desired,
      credentials: { client_id: "id", scopes: marker, client_secret: secret() },
      __changedOnServer: marks,
    };
    const [drift] = driftReport("dev", [outputsEvent("update", "notion", desired, live)]).drifted;
    expect(drift!.properties).toEqual([
      // In a secret the marker reaches the events as [secret], equal to the desired one: the marks list it.
      { path: "credentials.client_secret", desired: "[secret]", live: marker },
      { path: "credentials.scopes", desired: "a,b", live: marker },
      { path: "proxyConfig.proxyAuthKey", desired: "[secret]", live: marker },
    ]);
    // Marks the last state already had (a `pulumi refresh` stored them) are not new drift.
    expect(driftReport("dev", [outputsEvent("update", "notion", live, live)]).drifted).toEqual([]);
  });

  it("collects the engine's error diagnostics", () => {
    const events = [
      { sequence: 1, timestamp: 0, diagnosticEvent: { message: " boom \n", color: "never", severity: "error" } },
      { sequence: 2, timestamp: 0, diagnosticEvent: { message: "fine", color: "never", severity: "info" } },
    ] as EngineEvent[];
    expect(errorMessages(events)).toEqual(["boom"]);
  });
});

const json = fc.jsonValue({ maxDepth: 3 });
/** JSON values with engine-style secrets somewhere inside. */
const withSecrets: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ maxDepth: 3 }, json, fc.constant(secret()), fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), tie("value"), { maxKeys: 3 })),
})).value;

describe("diffValues", () => {
  it("finds no difference between a value and itself", () => {
    fc.assert(fc.property(withSecrets, (value) => expect(diffValues(value, JSON.parse(JSON.stringify(value)))).toEqual([])));
  });

  it("never shows what a secret hides, and reports only real differences", () => {
    fc.assert(
      fc.property(withSecrets, withSecrets, (desired, live) => {
        const diffs = diffValues({ root: desired }, { root: live });
        expect(JSON.stringify(diffs)).not.toContain("ciphertext");
        for (const diff of diffs) expect(diff.desired).not.toEqual(diff.live);
        if (JSON.stringify(masked(desired)) === JSON.stringify(masked(live))) expect(diffs).toEqual([]);
      }),
    );
  });

  it("leaves out a side where the property is not set", () => {
    expect(diffValues({ a: 1 }, { b: 2 })).toEqual([{ path: "a", desired: 1 }, { path: "b", live: 2 }]);
    expect(formatText({ stack: "s", checked: 1, drifted: [{ resource: "r", urn: "u", change: "changed", properties: [{ path: "b", live: 2 }] }] })).toContain(
      "    b: desired (not set), live 2",
    );
  });
});

describe("formats", () => {
  it("JSON carries the stack, whether it drifted, the count and the configs", () => {
    expect(JSON.parse(formatJson({ stack: "prod", checked: 2, drifted: [] }))).toEqual({ stack: "prod", drift: false, checked: 2, authConfigs: [] });
  });
});

describe("parseDriftArgs", () => {
  it.each([
    [["--stack", "dev"], { kind: "run", args: { stack: "dev", cwd: "/w", json: false } }],
    [["-s", "prod", "--cwd", "infra", "--json"], { kind: "run", args: { stack: "prod", cwd: "/w/infra", json: true } }],
    [["--stack=dev", "-C", "/abs"], { kind: "run", args: { stack: "dev", cwd: "/abs", json: false } }],
    [["--help"], { kind: "help" }],
    [[], { kind: "error", message: "--stack is required, e.g. --stack dev", json: false }],
    [["--json", "--stack"], { kind: "error", message: expect.stringContaining("--stack"), json: true }],
    [["--stack", "dev", "extra"], { kind: "error", message: expect.stringContaining("extra"), json: false }],
  ])("%j", (argv, expected) => {
    expect(parseDriftArgs(argv, "/w")).toEqual(expected);
  });
});
