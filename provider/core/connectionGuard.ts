/**
 * The guard on an auth config's connected accounts. An auth config's value is its connected accounts:
 * every end user who linked an account through it. Deleting the config (a destroy, the config removed
 * from the program, or the second half of a replace) cuts all of them off, so it goes ahead only when
 * the config has none or the program opted in with `allowReplaceWithConnections: true`.
 * Pure: the count is read by the caller (provider/hooks), live, just before it is needed.
 */

/** What is about to happen to the config: a replace (decided at diff) or a delete (the delete step). */
type GuardedOperation = "replace" | "delete";

export interface GuardSubject {
  operation: GuardedOperation;
  /** The resource's name in the program (or the config's name when state lacks it). */
  resourceName: string;
  authConfigId: string;
  /** The connected accounts the server counts now (`no_of_connections`). */
  connections: number;
  /** The program set `allowReplaceWithConnections: true`. */
  allowed: boolean;
  /** For a replace: the properties whose change forces it. */
  replacedBy?: readonly string[];
}

export type GuardDecision =
  | {
      proceed: true;
      /** Accounts the write cuts off; 0 when there are none. */ cutOff: number;
      /** Said in the output when some are cut off. */ notice?: string;
    }
  | { proceed: false; message: string };

/** The migration that keeps the users, the alternative every refusal names. */
const MIGRATE =
  "To keep those users, migrate instead: declare the new auth config beside this one, move the users to it " +
  "(each connects again through the new config), then remove this one (docs/own-oauth-app-in-production.md).";

const accounts = (count: number): string => `${count} connected account${count === 1 ? "" : "s"}`;

export function decideConnectionGuard(subject: GuardSubject): GuardDecision {
  const { operation, resourceName, authConfigId, connections, allowed } = subject;
  const config = `auth config "${resourceName}" (${authConfigId})`;
  // A negative or fractional count is no count a server gives; nothing is taken for granted on it.
  const count = Number.isFinite(connections) && connections > 0 ? Math.ceil(connections) : 0;
  if (count === 0) return { proceed: true, cutOff: 0 };
  if (allowed) {
    const done = operation === "replace" ? "replaced" : "deleted";
    return {
      proceed: true,
      cutOff: count,
      notice:
        `${config} is ${done} with ${accounts(count)} (allowReplaceWithConnections is set): ${count === 1 ? "its user is" : "those users are"} ` +
        `cut off and must connect again${operation === "replace" ? " through the new config" : ""}.`,
    };
  }
  const users = `their users lose the connection: every tool call through them fails until each user connects again`;
  if (operation === "replace") {
    const cause = subject.replacedBy && subject.replacedBy.length > 0 ? `changing ${subject.replacedBy.join(", ")}` : "this change";
    return {
      proceed: false,
      message:
        `${config} has ${accounts(count)}, and ${cause} replaces it: deleting the old config deletes those ${accounts(count)} and ` +
        `${users}. Nothing was changed. To replace it anyway, set allowReplaceWithConnections: true on the resource for this change. ${MIGRATE}`,
    };
  }
  return {
    proceed: false,
    message:
      `${config} has ${accounts(count)}; deleting it deletes them and ${users}. Nothing was deleted. To delete it anyway, ` +
      `set allowReplaceWithConnections: true on the resource and run \`pulumi up\` (no API call; the state records it), then delete it ` +
      `again (a resource already removed from the program: put it back with the flag for that \`up\`). ${MIGRATE}`,
  };
}
