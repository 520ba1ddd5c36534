/**
 * Whether another Pulumi operation is running on the stack, so that a drift check now would report the
 * deploy in progress as drift (the server already has some of the new settings, the state not yet).
 * `pulumi refresh --preview-only` neither takes nor checks the stack's lock (3.248, every backend), so
 * the drift command looks for it itself. Pure: what the backend says in, a reason (or none) out.
 *
 * Signs, each from one kind of backend:
 * - Pulumi Cloud: `pulumi stack ls --json` reports `updateInProgress` (DIY backends never set it).
 * - DIY (file://, s3://, ...): the running operation's lock file under `.pulumi/locks/<org>/<project>/<stack>/`;
 *   read here for file:// backends.
 * - Any backend: pending operations in the state (an operation is between starting a change and
 *   recording it, or one was killed there), and a state that changed while the refresh ran.
 */

/** The lock file's content, as the DIY backend writes it. */
export interface LockInfo {
  pid?: number;
  username?: string;
  hostname?: string;
  timestamp?: string;
}

export interface BusySigns {
  stack: string;
  /** From the backend's stack summary (Pulumi Cloud). */
  updateInProgress?: boolean;
  /** The lock files found (DIY file backend). */
  locks: LockInfo[];
  /** `deployment.pending_operations` of the state. */
  pendingOperations: number;
}

const describeLock = ({ username, hostname, pid, timestamp }: LockInfo) =>
  `by ${username ?? "?"}@${hostname ?? "?"} (pid ${pid ?? "?"}) at ${timestamp ?? "?"}`;

/** Why the stack is busy, or undefined when nothing says so. */
export function busyReason({ stack, updateInProgress, locks, pendingOperations }: BusySigns): string | undefined {
  if (updateInProgress) return `an update of stack "${stack}" is in progress (the backend reports it)`;
  if (locks.length > 0) {
    return `stack "${stack}" is locked by a running Pulumi operation (${locks.map(describeLock).join("; ")})`;
  }
  if (pendingOperations > 0) {
    return `stack "${stack}" has ${pendingOperations} pending operation(s): an operation is running, or one was interrupted`;
  }
  return undefined;
}

/** What to do about it, after the reason. */
export const BUSY_ADVICE =
  "Run the drift check again when it has finished (or pass --wait <duration>). " +
  "If no operation is running, a killed one left this behind: `pulumi cancel` removes its lock, and `composio-recover` resolves its pending creates.";

/** The message when the state changed while the refresh read it: its report compares against a moving target. */
export const changedDuringRefresh = (stack: string) => `stack "${stack}" was written by another Pulumi operation while the drift check ran`;

/**
 * The directories that may hold the stack's lock files under a file:// backend URL (project-scoped, then
 * the legacy layout), none for other backends. `stack` may be fully qualified (`org/project/stack`);
 * the DIY backend's organization is `organization`.
 */
export function fileBackendLockDirs(backendUrl: string, project: string, stack: string, home: string): string[] {
  if (!backendUrl.startsWith("file://")) return [];
  let root = decodeURIComponent(backendUrl.slice("file://".length).split("?")[0]).replace(/\/+$/, "");
  if (root === "~" || root.startsWith("~/")) root = home + root.slice(1);
  const parts = stack.split("/");
  const [org, proj, name] = parts.length === 3 ? parts : parts.length === 2 ? ["organization", ...parts] : ["organization", project, stack];
  return [`${root}/.pulumi/locks/${org}/${proj}/${name}`, `${root}/.pulumi/locks/${name}`];
}

/** `--wait` as milliseconds: `90`, `90s`, `5m`, `1h`; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? "s") as "ms" | "s" | "m" | "h"];
  return Math.round(Number(match[1]) * unit);
}
