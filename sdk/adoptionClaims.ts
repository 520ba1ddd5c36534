/**
 * One auth config, one resource. Two resources of a program that adopt the same id (`adoptId` or the
 * `import` option) would each make the config match their own arguments on every `up`, forever, and
 * nothing else would notice. So each adopted id is claimed by its resource for the run, and a second
 * claim fails the program naming both resources.
 *
 * Claims are kept per run, not per process: an Automation API process runs many programs (of many
 * stacks, or the same one again), each with its own root stack resource. Under Pulumi's mocks there is
 * no stack resource, and each `setMocks` installs a new mock monitor, which then stands for the run.
 * Other stacks are out of reach here (see the README, "Importing an existing auth config").
 */
import * as pulumi from "@pulumi/pulumi";

const claimsByRun = new WeakMap<object, Map<string, string>>();
/** Only when a program runs with neither a stack resource nor a monitor. */
const processRun = {};

function runClaims(): Map<string, string> {
  const run: object = pulumi.runtime.getStackResource() ?? pulumi.runtime.getMonitor() ?? processRun;
  let claims = claimsByRun.get(run);
  if (!claims) claimsByRun.set(run, (claims = new Map()));
  return claims;
}

/**
 * The message for a second claim; pure. It names the resources, never the id: an id can reach the
 * program as a secret (from stack config or another stack), and no failure may print a value.
 */
export function doubleAdoptionMessage(first: string, second: string): string {
  return (
    `AuthConfig "${second}" adopts the same auth config as AuthConfig "${first}" of this program: ` +
    `two resources managing one auth config would undo each other's changes on every \`pulumi up\`. ` +
    `Keep adoptId (or the import option) on one of them and remove it from the other.`
  );
}

function claim(id: string, resource: string): void {
  const claims = runClaims();
  const holder = claims.get(id);
  if (holder !== undefined && holder !== resource) {
    // A RunError stops the program with its message alone. An Output-valued id fails after the program's
    // body has returned, where Pulumi prints the error's `stack` instead: that is the message too.
    const error = new pulumi.RunError(doubleAdoptionMessage(holder, resource));
    error.stack = error.message;
    throw error;
  }
  claims.set(id, resource);
}

/**
 * `adoptId` claimed for `resource`: at once when it is a string (so the resource is never
 * registered), or when an Output-valued id resolves (a conflict then fails the resource's
 * registration). An id unknown at preview is claimed at `up`, when it is known.
 */
export function claimAdoptId(adoptId: pulumi.Input<string> | undefined, resource: string): pulumi.Input<string> | undefined {
  if (adoptId === undefined || adoptId === null) return adoptId;
  if (typeof adoptId === "string") {
    claim(adoptId, resource);
    return adoptId;
  }
  return pulumi.output(adoptId).apply((id) => {
    if (typeof id === "string") claim(id, resource);
    return id;
  });
}
