/**
 * The drift command's pure parts: events -> report, the value diff and masking, formats, arguments, where a
 * backend keeps a stack's locks and state (a file backend's stacks: on real files).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { parseDriftArgs, stacksAtOnce } from "../../cli/driftArgs";
import { busyReason, fileBackendLockDirs, fileBackendStackNames, fileBackendStateFiles, parseDuration } from "../../cli/driftBusy";
import { postgresBackendLockQuery, postgresLocks } from "../../cli/driftBusy";
import { formatJson, formatText } from "../../cli/driftFormat";
import { packageResourcesMessage, packageResourceTypes } from "../../cli/driftErrors";
import { projectNameOf } from "../../cli/driftPulumi";
import { AUTH_CONFIG_TYPE } from "../../provider/engineProtocol";
import { diffValues, driftReport, errorMessages, masked, oncePerCause } from "../../cli/driftReport";

/** A value as the engine's events show a secret (its wire signature, the value hidden). */
const secret = () => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" });

let sequence = 0;
function outputsEvent(
  op: string,
  name: string,
  oldInputs?: Record<string, unknown>,
  newInputs?: Record<string, unknown>,
  type = AUTH_CONFIG_TYPE,
): EngineEvent {
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
  it("lists every config the refresh read with its live noOfConnections; a deleted config has none", () => {
    const withConnections = (event: EngineEvent, count: number) => {
      event.resOutputsEvent!.metadata.new!.outputs = { noOfConnections: count };
      return event;
    };
    const events = [
      withConnections(outputsEvent("same", "github", { ...base, toolkit: "github" }, { ...base, toolkit: "github" }), 3),
      withConnections(outputsEvent("update", "notion", base, { ...base, name: "Renamed" }), 0),
      outputsEvent("delete", "hubspot", { ...base, toolkit: "hubspot" }),
    ];
    expect(driftReport("dev", events).connections).toEqual([
      { resource: "github", id: "ac_github", noOfConnections: 3 },
      { resource: "notion", id: "ac_notion", noOfConnections: 0 },
    ]);
  });

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

// As the engine's events deliver them: parsed JSON (fast-check's jsonValue also yields -0, which no parsed JSON holds).
const json = fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown);
/** JSON values with engine-style secrets somewhere inside. */
const withSecrets: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { maxDepth: 3 },
    json,
    fc.constant(secret()),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie("value"), { maxKeys: 3 }),
  ),
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
    expect(diffValues({ a: 1 }, { b: 2 })).toEqual([
      { path: "a", desired: 1 },
      { path: "b", live: 2 },
    ]);
    expect(
      formatText({
        stack: "s",
        checked: 1,
        drifted: [{ resource: "r", urn: "u", change: "changed", properties: [{ path: "b", live: 2 }] }],
        connections: [],
      }),
    ).toContain("    b: desired (not set), live 2");
  });
});

describe("formats", () => {
  it("JSON carries the stack, whether it drifted, the count, the drifted configs and every config's connected accounts", () => {
    const connections = [{ resource: "github", id: "ac_github", noOfConnections: 3 }];
    expect(JSON.parse(formatJson({ stack: "prod", checked: 2, drifted: [], connections }))).toEqual({
      stack: "prod",
      drift: false,
      checked: 2,
      authConfigs: [],
      connections,
    });
  });
});

describe("parseDriftArgs", () => {
  const run = (stacks: object, extra: object = {}) => ({
    kind: "run",
    args: { stacks, cwd: "/w", json: false, waitMs: 0, engine: false, ...extra },
  });
  const single = (name: string) => ({ kind: "single", name });
  it.each([
    [["--stack", "dev"], run(single("dev"))],
    [["-s", "prod", "--cwd", "infra", "--json"], run(single("prod"), { cwd: "/w/infra", json: true })],
    [["--stack=dev", "-C", "/abs"], run(single("dev"), { cwd: "/abs" })],
    [["--stack", "dev", "--wait", "10m"], run(single("dev"), { waitMs: 600_000 })],
    [["--all-stacks", "--engine"], run({ kind: "job", names: [], patterns: [], all: true }, { engine: true })],
    [
      ["--stack", "dev", "--wait", "soon"],
      { kind: "error", message: "--wait soon is not a duration; use e.g. 90s, 10m or 1h", json: false },
    ],
    [["--help"], { kind: "help" }],
    [[], { kind: "error", message: "--stack is required, e.g. --stack dev, --stack 'prod-*' or --all-stacks", json: false }],
    [["--json", "--stack"], { kind: "error", message: expect.stringContaining("--stack"), json: true }],
    [["--stack", "dev", "extra"], { kind: "error", message: expect.stringContaining("extra"), json: false }],
    // Several stacks: a job (its table and JSON), whatever the globs match.
    [["--stack", "dev", "-s", "prod", "--stack", "dev"], run({ kind: "job", names: ["dev", "prod"], patterns: [], all: false })],
    [["--stack", "prod-*"], run({ kind: "job", names: [], patterns: ["prod-*"], all: false })],
    [
      ["--stack", "dev", "--stack", "eu-?", "--parallel", "2"],
      run({ kind: "job", names: ["dev"], patterns: ["eu-?"], all: false }, { parallel: 2 }),
    ],
    [["--all-stacks", "--json"], run({ kind: "job", names: [], patterns: [], all: true }, { json: true })],
    [
      ["--all-stacks", "--stack", "dev"],
      { kind: "error", message: "--all-stacks checks every stack already; leave out --stack, or --all-stacks", json: false },
    ],
    [["--stack", " "], { kind: "error", message: expect.stringContaining("--stack needs a stack name or a glob"), json: false }],
    [["--all-stacks", "--parallel", "0"], { kind: "error", message: "--parallel 0 is not a number of stacks from 1 to 32", json: false }],
    [
      ["--all-stacks", "--parallel", "two"],
      { kind: "error", message: "--parallel two is not a number of stacks from 1 to 32", json: false },
    ],
  ])("%j", (argv, expected) => {
    expect(parseDriftArgs(argv, "/w")).toEqual(expected);
  });

  it("stacks at once: --parallel as given; else 16 when no check runs a process (a file:// backend's checkpoints), else 4", () => {
    expect(stacksAtOnce({ engine: false }, true)).toBe(16);
    expect(stacksAtOnce({ engine: false }, false)).toBe(4);
    expect(stacksAtOnce({ engine: true }, true)).toBe(4);
    expect(stacksAtOnce({ parallel: 2, engine: false }, true)).toBe(2);
    expect(stacksAtOnce({ parallel: 8, engine: true }, false)).toBe(8);
  });
});

describe("busy: another operation on the stack", () => {
  const idle = { stack: "prod", locks: [], pendingOperations: 0 };

  it("nothing says so: not busy", () => {
    expect(busyReason(idle)).toBeUndefined();
    expect(busyReason({ ...idle, updateInProgress: false })).toBeUndefined();
  });

  it("names what says so: the backend, the lock (who, where, when) or pending operations", () => {
    expect(busyReason({ ...idle, updateInProgress: true })).toBe('an update of stack "prod" is in progress (the backend reports it)');
    expect(busyReason({ ...idle, locks: [{ pid: 42, username: "ci", hostname: "runner-1", timestamp: "2026-12-01T10:00:00Z" }] })).toBe(
      'stack "prod" is locked by a running Pulumi operation (by ci@runner-1 (pid 42) at 2026-12-01T10:00:00Z)',
    );
    expect(busyReason({ ...idle, pendingOperations: 3 })).toMatch(
      /3 pending operation\(s\): an operation is running, or one was interrupted/,
    );
  });

  it("finds a file backend's lock directory (project-scoped and legacy), and none for other backends", () => {
    expect(fileBackendLockDirs("file:///state/", "app", "dev", "/home/u")).toEqual([
      "/state/.pulumi/locks/organization/app/dev",
      "/state/.pulumi/locks/dev",
    ]);
    expect(fileBackendLockDirs("file://~", "app", "org/other/prod", "/home/u")[0]).toBe("/home/u/.pulumi/locks/org/other/prod");
    expect(fileBackendLockDirs("s3://bucket", "app", "dev", "/home/u")).toEqual([]);
    expect(fileBackendLockDirs("https://api.pulumi.com", "app", "dev", "/home/u")).toEqual([]);
  });

  it("finds the files a file backend may keep the stack's checkpoint in (layouts, compressions), none for other backends", () => {
    expect(fileBackendStateFiles("file:///state/", "app", "dev", "/home/u")).toEqual([
      "/state/.pulumi/stacks/app/dev.json",
      "/state/.pulumi/stacks/app/dev.json.gz",
      "/state/.pulumi/stacks/app/dev.json.zst",
      "/state/.pulumi/stacks/dev.json",
      "/state/.pulumi/stacks/dev.json.gz",
      "/state/.pulumi/stacks/dev.json.zst",
    ]);
    // A qualified name's project wins over the program's; the organization is not part of the path.
    expect(fileBackendStateFiles("file://~/st", "app", "org/other/prod", "/home/u")[0]).toBe("/home/u/st/.pulumi/stacks/other/prod.json");
    for (const other of ["s3://bucket", "https://api.pulumi.com", "postgres://db/state"]) {
      expect(fileBackendStateFiles(other, "app", "dev", "/h")).toEqual([]);
    }
  });

  describe("a file backend's stacks, as `pulumi stack ls` lists them", () => {
    let root: string;
    const read = {
      names: (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []),
      text: (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined),
    };
    const write = (file: string, text = "{}") => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), "drift-stacks-"));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("the project's checkpoint files, whatever their compression; not backups, attributes or other projects", () => {
      write(".pulumi/meta.yaml", "version: 1\n");
      const files = ["dev.json", "dev.json.bak", "dev.json.attrs", "prod.json.gz", "qa.json.zst", "notes.txt"];
      for (const file of files) write(`.pulumi/stacks/app/${file}`);
      write(".pulumi/stacks/other/staging.json");
      expect(fileBackendStackNames(`file://${root}`, "app", "/h", read)).toEqual(["dev", "prod", "qa"]);
      expect(fileBackendStackNames(`file://${root}`, "new-app", "/h", read)).toEqual([]);
    });

    it("undefined (ask the CLI) for the legacy layout and for other backends", () => {
      write(".pulumi/stacks/dev.json");
      expect(fileBackendStackNames(`file://${root}`, "app", "/h", read)).toBeUndefined();
      write(".pulumi/meta.yaml", "version: 0\n");
      expect(fileBackendStackNames(`file://${root}`, "app", "/h", read)).toBeUndefined();
      expect(fileBackendStackNames("https://api.pulumi.com", "app", "/h", read)).toBeUndefined();
    });
  });

  it("reads the project's name from Pulumi.yaml when it is written plainly, else leaves it to the Automation API", () => {
    expect(projectNameOf("name: app\nruntime: nodejs\n")).toBe("app");
    expect(projectNameOf('runtime:\n  name: nodejs\nname: "my-app.v2" # the project\n')).toBe("my-app.v2");
    expect(projectNameOf("name: 'a_b'\r\nruntime: yaml\r\n")).toBe("a_b");
    expect(projectNameOf("name: >-\n  app\n")).toBeUndefined();
    expect(projectNameOf("runtime: nodejs\n")).toBeUndefined();
  });

  it("finds a PostgreSQL backend's lock rows: the URL's path prefixes the keys, `table` names the table", () => {
    expect(postgresBackendLockQuery("postgres://ci:pw@db:5432/state?sslmode=disable", "app", "dev")).toEqual({
      connectionString: "postgres://ci:pw@db:5432/state?sslmode=disable",
      table: "pulumi_state",
      keyPrefixes: ["state/.pulumi/locks/organization/app/dev/", "state/.pulumi/locks/dev/"],
    });
    const custom = postgresBackendLockQuery("postgres://db/pulumi?table=team_state&sslmode=require", "app", "org/other/prod");
    expect(custom).toMatchObject({ connectionString: "postgres://db/pulumi?sslmode=require", table: "team_state" });
    expect(custom?.keyPrefixes[0]).toBe("pulumi/.pulumi/locks/org/other/prod/");
    // No database in the URL (the client's default): no path, so no prefix, as in Pulumi's keys.
    expect(postgresBackendLockQuery("postgres://ci@db:5432?sslmode=disable", "app", "dev")?.keyPrefixes[0]).toBe(
      ".pulumi/locks/organization/app/dev/",
    );
    expect(() => postgresBackendLockQuery("postgres://db/s?table=x;drop", "app", "dev")).toThrow(
      /table "x;drop" is not a plain SQL table name/,
    );
    for (const other of ["file:///state", "s3://bucket", "https://api.pulumi.com"])
      expect(postgresBackendLockQuery(other, "app", "dev")).toBeUndefined();
  });

  it("decodes the lock rows (base64 lock files) directly under the stack's lock prefixes, nothing else", () => {
    const lock = { pid: 7, username: "ci", hostname: "runner-2", timestamp: "2026-12-01T10:00:00Z" };
    const row = (key: string, content: unknown = lock) => ({
      key,
      data: { data: Buffer.from(JSON.stringify(content)).toString("base64") },
    });
    const prefixes = ["state/.pulumi/locks/organization/app/organization/", "state/.pulumi/locks/organization/"];
    expect(
      postgresLocks(
        [
          row("state/.pulumi/locks/organization/app/organization/6f1c.json"),
          // The stack "organization"'s legacy prefix also starts other projects' lock keys: not its locks.
          row("state/.pulumi/locks/organization/other/organization/9a2b.json"),
          row("state/.pulumi/locks/organization/app/organization/notes.txt"),
          {
            key: "state/.pulumi/locks/organization/3d4e.json",
            data: JSON.stringify({ data: Buffer.from(JSON.stringify({ pid: 8 })).toString("base64") }),
          },
          { key: "state/.pulumi/locks/organization/app/organization/bad.json", data: { data: "not base64 json" } },
        ],
        prefixes,
      ),
    ).toEqual([lock, { pid: 8 }, {}]);
  });

  it("reads --wait durations", () => {
    expect([parseDuration("90"), parseDuration("90s"), parseDuration("1.5m"), parseDuration("1h"), parseDuration("250ms")]).toEqual([
      90_000, 90_000, 90_000, 3_600_000, 250,
    ]);
    for (const bad of ["", "m", "-5s", "5 minutes"]) expect(parseDuration(bad)).toBeUndefined();
  });
});

describe("oncePerCause: a refused key is said once, not once per auth config", () => {
  const refused = (id: string, toolkit: string, request: string) =>
    `Preview failed: Composio API error while reading auth config ${id} (toolkit "${toolkit}"): Invalid API key (status 401, request id ${request}). In Pulumi: check the key.`;

  it("the same answer for several configs: one message naming them all, with the first request id", () => {
    expect(
      oncePerCause([
        refused("ac_1", "notion", "req_A"),
        refused("ac_2", "github", "req_A"),
        refused("ac_3", "hubspot", "req_B"),
        "preview failed",
      ]),
    ).toEqual([
      "Preview failed: Composio API error while reading 3 auth configs (ac_1, ac_2, ac_3): Invalid API key (status 401, request id req_A). In Pulumi: check the key.",
      "preview failed",
    ]);
  });

  it("different causes stay apart, in order; one config's message is left as it is", () => {
    const other =
      'Preview failed: Composio API error while reading auth config ac_2 (toolkit "github"): Internal error (status 500, request id req_C).';
    expect(oncePerCause([refused("ac_1", "notion", "req_A"), other])).toEqual([refused("ac_1", "notion", "req_A"), other]);
  });
});

describe("the package's resources: never counted as none", () => {
  it("packageResourceTypes names the composio package's tokens a state holds, once each; the SDK's are not among them", () => {
    const resources = [
      { type: "pulumi:pulumi:Stack" },
      { type: "composio:index:McpServer" },
      { type: "composio:index:AuthConfig" },
      { type: "composio:index:AuthConfig" },
      { type: AUTH_CONFIG_TYPE },
      {},
    ];
    expect(packageResourceTypes(resources)).toEqual(["composio:index:AuthConfig", "composio:index:McpServer"]);
    expect(packageResourceTypes([{ type: AUTH_CONFIG_TYPE }, { type: "pulumi:providers:composio" }])).toEqual([]);
  });

  it("the message names the stack, what it holds and the engine's check that covers it", () => {
    expect(packageResourcesMessage("prod", ["composio:index:AuthConfig"])).toBe(
      'stack "prod" holds the composio package\'s composio:index:AuthConfig resources (a YAML or Go program), which ' +
        "composio-drift does not read; it reads the TypeScript SDK's AuthConfig and McpServer. Check this stack with " +
        "`pulumi preview --refresh --expect-no-changes --stack prod`, which fails on drift.",
    );
  });
});
