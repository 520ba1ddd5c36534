/** The state edit of recoverPendingCreates (pure): adopt what the server has, drop the rest, touch nothing else. */
import { pendingCreates, resolvePendingCreates } from "../../cli/pendingCreates";
import { AUTH_CONFIG_TYPE } from "../../provider/engineProtocol";

const resource = (name: string, inputs: Record<string, unknown>, type = AUTH_CONFIG_TYPE) => ({
  urn: `urn:pulumi:test::p::${type}::${name}`,
  custom: true,
  type,
  inputs: { __provider: "exports.handler = ...", ...inputs } as Record<string, unknown>,
  parent: "urn:pulumi:test::p::pulumi:pulumi:Stack::p-test",
});

const state = () => ({
  version: 3,
  deployment: {
    manifest: { time: "t" },
    resources: [
      { urn: "stack", type: "pulumi:pulumi:Stack" },
      { ...resource("kept", { toolkit: "github", name: "kept" }), id: "ac_kept" },
    ],
    pending_operations: [
      { type: "creating", resource: resource("made", { toolkit: "github", name: "made-1a2b3c4", type: "use_composio_managed_auth" }) },
      { type: "creating", resource: resource("unmade", { toolkit: "notion", name: "unmade-5d6e7f8", type: "use_custom_auth" }) },
      { type: "updating", resource: { ...resource("kept", { toolkit: "github", name: "kept" }), id: "ac_kept" } },
    ],
  },
});

test("lists the pending AuthConfig creates with what a look-up needs, and the ids already managed", () => {
  const { creates, foreign, managedIds } = pendingCreates(state());
  expect(creates).toEqual([
    { urn: expect.stringMatching(/::made$/), toolkit: "github", name: "made-1a2b3c4", kind: "default" },
    { urn: expect.stringMatching(/::unmade$/), toolkit: "notion", name: "unmade-5d6e7f8", kind: "custom" },
  ]);
  expect(foreign).toEqual([]);
  expect([...managedIds]).toEqual(["ac_kept"]);
});

test("pending creates of other types are reported, a secret name is not guessed", () => {
  const s = state();
  s.deployment.pending_operations.push({ type: "creating", resource: resource("bucket", {}, "aws:s3/bucket:Bucket") });
  s.deployment.pending_operations[0].resource.inputs.name = {
    "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
    ciphertext: "x",
  } as never;
  const { creates, foreign } = pendingCreates(s);
  expect(foreign).toEqual(["urn:pulumi:test::p::aws:s3/bucket:Bucket::bucket"]);
  expect(creates[0].name).toBeUndefined();
});

test("a found create becomes a resource with the pending inputs as outputs; an unfound one is dropped; other operations stay", () => {
  const before = state();
  const made = before.deployment.pending_operations[0].resource.urn;
  const after = resolvePendingCreates(before, new Map([[made, "ac_made"]]));
  expect(after.deployment.resources).toHaveLength(3);
  expect(after.deployment.resources![2]).toEqual({
    ...before.deployment.pending_operations[0].resource,
    id: "ac_made",
    outputs: { ...before.deployment.pending_operations[0].resource.inputs, authConfigId: "ac_made" },
  });
  expect(after.deployment.pending_operations).toEqual([before.deployment.pending_operations[2]]);
  expect(after.deployment.manifest).toEqual(before.deployment.manifest);
  // The input is not modified.
  expect(before.deployment.pending_operations).toHaveLength(3);
});
