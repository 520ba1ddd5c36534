/**
 * One auth config, one resource. Two resources of a program that adopt the same id (`adoptId` or the
 * `import` option) would each make the config match their own arguments on every `up`, forever, and
 * nothing else would notice. So each adopted id is claimed by its resource for the run, and a second
 * claim fails the program naming both resources.
 *
 * Claims are kept per run, not per process: an Automation API process runs many programs (of many
 * stacks, or the same one again), each with its own root stack resource. Under Pulumi's mocks there is
 * no stack resource, and each `setMocks` installs a new mock monitor, which then stands for the run.
 * Other stacks are out of reach here (see docs/import-and-adoption.md).
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

/** Claims `id` for `resource`; the message when another resource of this run holds it already. */
function claim(id: string, resource: string): string | undefined {
  const claims = runClaims();
  const holder = claims.get(id);
  if (holder !== undefined && holder !== resource) return doubleAdoptionMessage(holder, resource);
  claims.set(id, resource);
  return undefined;
}

export interface AdoptionClaim {
  adoptId: pulumi.Input<string> | undefined;
  /** For the provider's check (ADOPTION_CONFLICT_KEY): set when an Output-valued id turned out to be claimed. */
  conflict?: pulumi.Output<string | undefined>;
}

/**
 * `adoptId` claimed for `resource`. A string id is claimed at once, and a conflict stops the program
 * with a RunError (its message alone), so the resource is never registered. An Output-valued id is
 * claimed when it resolves; a conflict then travels to the provider's check as `conflict`, which fails
 * the resource naming the property: thrown inside an apply, it would surface as an unhandled error
 * (an inline Automation API program would crash its host). An id unknown at preview is claimed at
 * `up`, when it is known.
 */
export function claimAdoptId(adoptId: pulumi.Input<string> | undefined, resource: string): AdoptionClaim {
  if (adoptId === undefined || adoptId === null) return { adoptId };
  if (typeof adoptId === "string") {
    const conflict = claim(adoptId, resource);
    if (conflict !== undefined) {
      const error = new pulumi.RunError(conflict);
      error.stack = error.message;
      throw error;
    }
    return { adoptId };
  }
  const claimed = pulumi.output(adoptId).apply((id) => ({ id, conflict: typeof id === "string" ? claim(id, resource) : undefined }));
  // The message names resources only; it is no secret even when the id is one.
  return { adoptId: claimed.apply(({ id }) => id), conflict: pulumi.unsecret(claimed.apply(({ conflict }) => conflict)) };
}
