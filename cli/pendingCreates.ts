/**
 * The state edit behind `composio-recover` (cli/recover.ts), pure. A run killed mid-create leaves "pending
 * create" operations in the state: the engine does not know whether the config was made. Those the
 * server has are put into the state as resources (id, and the pending inputs as outputs so the next
 * `pulumi refresh` reads them like any other); the rest are dropped, and the next `pulumi up` creates them.
 *
 * Why not `pulumi refresh --import-pending-creates <urn> <id>`: in 3.248 it turns the operation into a
 * pending import that the refresh then discards, so the config stays on the server, unknown to the
 * state (an orphan), and the next `up` creates a second one (scripts/reliability/interrupted.ts shows it).
 */
import { AUTH_CONFIG_TYPE } from "../provider/engineProtocol";

/** A resource or operation of a checkpoint: JSON the engine writes, of which this reads the few fields it needs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the engine's format, not this package's to type
type CheckpointEntry = any;
type Deployment = {
  deployment: { resources?: CheckpointEntry[]; pending_operations?: CheckpointEntry[] } & Record<string, unknown>;
} & Record<string, unknown>;

export interface PendingCreate {
  urn: string;
  toolkit: string;
  /** The name check gave it (the autoname, or the program's); undefined when it is a secret. */
  name?: string;
  /** "custom" or "default", as the server reports the config's kind. */
  kind: "custom" | "default";
}

export interface PendingSummary {
  creates: PendingCreate[];
  /** Pending creates of other resource types: a `stack import` would drop them, so they stop the recovery. */
  foreign: string[];
  /** Ids of the auth configs the state already holds (never adopted twice). */
  managedIds: Set<string>;
}

export function pendingCreates(state: Deployment): PendingSummary {
  const creates: PendingCreate[] = [];
  const foreign: string[] = [];
  for (const op of state.deployment.pending_operations ?? []) {
    if (op.type !== "creating") continue;
    const resource = op.resource ?? {};
    if (resource.type !== AUTH_CONFIG_TYPE) {
      foreign.push(resource.urn);
      continue;
    }
    const inputs = resource.inputs ?? {};
    creates.push({
      urn: resource.urn,
      toolkit: String(inputs.toolkit),
      name: typeof inputs.name === "string" ? inputs.name : undefined,
      kind: inputs.type === "use_custom_auth" ? "custom" : "default",
    });
  }
  const managedIds = new Set<string>(
    (state.deployment.resources ?? [])
      .filter((resource) => resource.type === AUTH_CONFIG_TYPE && resource.id)
      .map((resource) => resource.id as string),
  );
  return { creates, foreign, managedIds };
}

/**
 * The state with every pending AuthConfig create resolved: those in `found` (urn -> id) become
 * resources, the others disappear. Other pending operations stay (a `stack import` clears them, and
 * the refresh that follows reconciles their resources).
 */
export function resolvePendingCreates(state: Deployment, found: ReadonlyMap<string, string>): Deployment {
  const pending = state.deployment.pending_operations ?? [];
  const isOurs = (op: CheckpointEntry) => op.type === "creating" && op.resource?.type === AUTH_CONFIG_TYPE;
  const adopted = pending
    .filter((op) => isOurs(op) && found.has(op.resource.urn))
    .map((op) => {
      const id = found.get(op.resource.urn)!;
      return { ...op.resource, id, outputs: { ...op.resource.inputs, authConfigId: id } };
    });
  return {
    ...state,
    deployment: {
      ...state.deployment,
      // After everything already there: what they depend on (the stack, the provider) comes first.
      resources: [...(state.deployment.resources ?? []), ...adopted],
      pending_operations: pending.filter((op) => !isOurs(op)),
    },
  };
}
