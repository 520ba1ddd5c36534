/**
 * Whether another Pulumi operation is running on the stack, so that a drift check now would report the
 * deploy in progress as drift (the server already has some of the new settings, the state not yet).
 * `pulumi refresh --preview-only` neither takes nor checks the stack's lock (3.248, every backend), so
 * the drift command looks for it itself. Pure: what the backend says in, a reason (or none) out.
 *
 * Signs, each from one kind of backend:
 * - Pulumi Cloud: `pulumi stack ls --json` reports `updateInProgress` (DIY backends never set it).
 * - DIY (file://, postgres://, s3://, ...): the running operation's lock file under
 *   `.pulumi/locks/<org>/<project>/<stack>/`; read here for file:// backends (the files) and postgres://
 *   backends (the rows of its state table).
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
  /** The locks found (DIY file or PostgreSQL backend). */
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

/** The stack's organization, project and name; `stack` may be fully qualified (`org/project/stack`). */
function diyStackRef(project: string, stack: string): [org: string, project: string, name: string] {
  const parts = stack.split("/");
  // The DIY backend's organization is `organization`.
  if (parts.length === 3) return parts as [string, string, string];
  return parts.length === 2 ? ["organization", parts[0]!, parts[1]!] : ["organization", project, stack];
}

/** Where a DIY backend keeps the stack's locks, relative to its root: the project-scoped layout, then the legacy one. */
function diyLockDirs(project: string, stack: string): string[] {
  const [org, proj, name] = diyStackRef(project, stack);
  return [`.pulumi/locks/${org}/${proj}/${name}`, `.pulumi/locks/${name}`];
}

/** Whether the backend is a local directory (DIY, file://), whose files this process can read as the CLI does. */
export const isFileBackend = (backendUrl: string) => backendUrl.startsWith("file://");

/** The file:// backend's root directory, undefined for other backends. */
function fileBackendRoot(backendUrl: string, home: string): string | undefined {
  if (!isFileBackend(backendUrl)) return undefined;
  const root = decodeURIComponent(backendUrl.slice("file://".length).split("?")[0]!).replace(/\/+$/, "");
  return root === "~" || root.startsWith("~/") ? home + root.slice(1) : root;
}

/** The directories that may hold the stack's lock files under a file:// backend URL, none for other backends. */
export function fileBackendLockDirs(backendUrl: string, project: string, stack: string, home: string): string[] {
  const root = fileBackendRoot(backendUrl, home);
  return root === undefined ? [] : diyLockDirs(project, stack).map((dir) => `${root}/${dir}`);
}

/** How a DIY backend's checkpoint file ends: plain, gzipped, zstd-compressed (pkg/backend/diy/store.go, 3.248). */
const STATE_FILE_ENDINGS = [".json", ".json.gz", ".json.zst"];

/**
 * The files that may hold the stack's checkpoint under a file:// backend URL (the project-scoped layout, then the
 * legacy one; plain, gzipped or zstd-compressed), none for other backends. Every Pulumi operation that
 * writes the stack's state rewrites one of them, so their bytes, unchanged from before the export to after the
 * live reads, say that no operation wrote the state meanwhile, as a second export would, without running the CLI.
 */
export function fileBackendStateFiles(backendUrl: string, project: string, stack: string, home: string): string[] {
  const root = fileBackendRoot(backendUrl, home);
  if (root === undefined) return [];
  const [, proj, name] = diyStackRef(project, stack);
  const bases = [`.pulumi/stacks/${proj}/${name}`, `.pulumi/stacks/${name}`];
  return bases.flatMap((base) => STATE_FILE_ENDINGS.map((ending) => `${root}/${base}${ending}`));
}

/**
 * How to find the stack's locks under a postgres:// backend URL (Pulumi's PostgreSQL DIY backend, 3.248+), or
 * undefined for other backends. That backend keeps every file of the DIY layout as a row of one table (`table`
 * in the URL, default `pulumi_state`): `key` is the file's path prefixed with the URL's path (the database name,
 * so `state/.pulumi/locks/...` for `.../state`), `data` is `{"data": "<the file's bytes, base64>"}`. A running
 * operation's lock is the row `<prefix>.pulumi/locks/<org>/<project>/<stack>/<uuid>.json`.
 * `connectionString` is the URL without `table`, which the PostgreSQL client would not understand.
 */
export function postgresBackendLockQuery(
  backendUrl: string,
  project: string,
  stack: string,
): { connectionString: string; table: string; keyPrefixes: string[] } | undefined {
  if (!backendUrl.startsWith("postgres://")) return undefined;
  const url = new URL(backendUrl);
  const table = url.searchParams.get("table") || "pulumi_state";
  // Pulumi puts the name into its SQL unquoted; a name that needs quoting there is not one it can use either.
  if (!/^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/.test(table)) {
    throw new Error(`the backend URL's table "${table}" is not a plain SQL table name`);
  }
  url.searchParams.delete("table");
  const subDir = url.pathname.replace(/^\/+/, "");
  const prefix = subDir === "" ? "" : subDir.endsWith("/") ? subDir : `${subDir}/`;
  return { connectionString: url.toString(), table, keyPrefixes: diyLockDirs(project, stack).map((dir) => `${prefix}${dir}/`) };
}

/**
 * The locks among rows of the state table whose keys start with one of `keyPrefixes`: the `.json` files
 * directly under a prefix (the legacy prefix `.pulumi/locks/<stack>/` would also match the project layout's
 * subdirectories of a stack named like the organization). A row that does not decode still counts, as `{}`.
 */
export function postgresLocks(rows: readonly { key: string; data: unknown }[], keyPrefixes: readonly string[]): LockInfo[] {
  const isLock = (key: string) =>
    key.endsWith(".json") && keyPrefixes.some((prefix) => key.startsWith(prefix) && !key.slice(prefix.length).includes("/"));
  return rows.filter(({ key }) => isLock(key)).map(({ data }) => lockOfRow(data));
}

/** A row's `data` (JSON: an object, or its text): `{"data": "<the lock file, base64>"}`. */
function lockOfRow(data: unknown): LockInfo {
  const row = typeof data === "string" ? tryJson(data) : data;
  const encoded = (row as { data?: unknown } | null | undefined)?.data;
  if (typeof encoded !== "string") return {};
  const lock = tryJson(Buffer.from(encoded, "base64").toString("utf8"));
  return lock !== null && typeof lock === "object" ? (lock as LockInfo) : {};
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `--wait` as milliseconds: `90`, `90s`, `5m`, `1h`; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? "s") as "ms" | "s" | "m" | "h"];
  return Math.round(Number(match[1]) * unit);
}

/**
 * The project's stacks on a file:// backend in the project-scoped layout (its `.pulumi/meta.yaml` says `version: 1`),
 * as `pulumi stack ls` finds them: the checkpoint files directly in `.pulumi/stacks/<project>/` (backups such as
 * `.json.bak` and the blob store's `.attrs` are not stacks); undefined when that is not how the backend is laid out
 * (another backend or the legacy layout: ask the CLI). `read` gives a directory's file names (none when it is
 * missing) and a file's text (undefined when missing).
 */
export function fileBackendStackNames(
  backendUrl: string,
  project: string,
  home: string,
  read: { names: (dir: string) => string[]; text: (file: string) => string | undefined },
): string[] | undefined {
  const root = fileBackendRoot(backendUrl, home);
  if (root === undefined || !/^version:[ \t]*1[ \t]*$/m.test(read.text(`${root}/.pulumi/meta.yaml`) ?? "")) return undefined;
  const names = read.names(`${root}/.pulumi/stacks/${project}`).flatMap((file) => {
    const ending = STATE_FILE_ENDINGS.find((end) => file.endsWith(end));
    return ending ? [file.slice(0, -ending.length)] : [];
  });
  return [...new Set(names)].sort();
}
