/**
 * The store of auth configs, connected accounts and MCP servers: in memory, optionally mirrored to a JSON state file. Every change is
 * written to the file (temp file + fsync + rename) before it takes effect in memory and before the
 * response goes out, so a crash or SIGTERM never loses an acknowledged change and never leaves a
 * half-written file. If the write fails the change is dropped and the request fails.
 *
 * Deletes are soft (as Composio's are): a deleted config stays stored with `deleted_at` but every
 * read path (get, all) skips it. Timestamps come from `stamp()`, which never hands out the same
 * instant twice, so every write is visible as a strictly later `last_updated_at`.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, basename, join } from "node:path";
import { randomAlphanumeric } from "./ids";
import type { StoredAuthConfig, StoredConnectedAccount, StoredMcpServer } from "./types";

const STATE_VERSION = 1;
/** The emulator's one project user, recorded as `created_by` (also for configs from older state files). */
export const PROJECT_USER = "user_emulator";

interface StateFile {
  version: number;
  next_seq: number;
  auth_configs: StoredAuthConfig[];
  /** Absent in files written before connected accounts were emulated. */
  connected_accounts?: StoredConnectedAccount[];
  /** Absent in files written before MCP servers were emulated. */
  mcp_servers?: StoredMcpServer[];
}

interface State {
  configs: Map<string, StoredAuthConfig>;
  accounts: Map<string, StoredConnectedAccount>;
  servers: Map<string, StoredMcpServer>;
}

export class AuthConfigStore {
  private configs: ReadonlyMap<string, StoredAuthConfig> = new Map();
  private accounts: ReadonlyMap<string, StoredConnectedAccount> = new Map();
  private servers: ReadonlyMap<string, StoredMcpServer> = new Map();
  private nextSeq = 1;
  /** The last timestamp handed out or loaded, in ms since the epoch. */
  private lastStampMs = 0;

  constructor(private readonly stateFile?: string) {
    if (stateFile) this.load(stateFile);
  }

  /** A live (not deleted) config. Callers get copies, so nothing outside can change stored state by mutation. */
  get(id: string): StoredAuthConfig | undefined {
    return liveCopy(this.configs, id);
  }

  /** A stored config, deleted or not (ids are never reused; the control API shows deleted ones). */
  getStored(id: string): StoredAuthConfig | undefined {
    const config = this.configs.get(id);
    return config && structuredClone(config);
  }

  /** Every live config. */
  all(): StoredAuthConfig[] {
    return liveCopies(this.configs);
  }

  /**
   * The current time as ISO 8601, strictly later than any timestamp handed out before (or loaded
   * from the state file): two writes in the same millisecond get consecutive milliseconds.
   */
  stamp(nowMs: number = Date.now()): string {
    this.lastStampMs = Math.max(nowMs, this.lastStampMs + 1);
    return new Date(this.lastStampMs).toISOString();
  }

  /** Reserves the next creation sequence number (used for stable list ordering). */
  takeSeq(): number {
    return this.nextSeq++;
  }

  put(config: StoredAuthConfig): void {
    this.commit(({ configs }) => configs.set(config.id, structuredClone(config)));
  }

  /**
   * Marks a live config deleted, and its live connected accounts with it, in one change (assumption:
   * the API deletes a config's accounts with it; emulator/README.md); false when there is none.
   */
  softDelete(id: string, at: string): boolean {
    const config = this.configs.get(id);
    if (!config || config.deleted_at) return false;
    this.commit(({ configs, accounts }) => {
      configs.set(id, { ...structuredClone(config), deleted_at: at });
      for (const account of accounts.values()) {
        if (account.auth_config_id === id && !account.deleted_at) accounts.set(account.id, { ...structuredClone(account), deleted_at: at });
      }
    });
    return true;
  }

  /** A live connected account (a copy). */
  getAccount(id: string): StoredConnectedAccount | undefined {
    return liveCopy(this.accounts, id);
  }

  /** Whether an id was ever given to a connected account (ids are never reused). */
  hasAccountId(id: string): boolean {
    return this.accounts.has(id);
  }

  /** Every live connected account. */
  allAccounts(): StoredConnectedAccount[] {
    return liveCopies(this.accounts);
  }

  /** The live connected accounts of an auth config: its `no_of_connections`. */
  connectionCount(authConfigId: string): number {
    let count = 0;
    for (const account of this.accounts.values()) if (account.auth_config_id === authConfigId && !account.deleted_at) count++;
    return count;
  }

  putAccount(account: StoredConnectedAccount): void {
    this.commit(({ accounts }) => accounts.set(account.id, structuredClone(account)));
  }

  /** Marks a live connected account deleted; false when there is none. */
  softDeleteAccount(id: string, at: string): boolean {
    if (!liveCopy(this.accounts, id)) return false;
    this.commit(({ accounts }) => markDeleted(accounts, id, at));
    return true;
  }

  /** A live MCP server (a copy). */
  getServer(id: string): StoredMcpServer | undefined {
    return liveCopy(this.servers, id);
  }

  /** Whether an id was ever given to an MCP server (ids are never reused). */
  hasServerId(id: string): boolean {
    return this.servers.has(id);
  }

  /** Every live MCP server. */
  allServers(): StoredMcpServer[] {
    return liveCopies(this.servers);
  }

  putServer(server: StoredMcpServer): void {
    this.commit(({ servers }) => servers.set(server.id, structuredClone(server)));
  }

  /** Marks a live MCP server deleted; false when there is none. */
  softDeleteServer(id: string, at: string): boolean {
    if (!liveCopy(this.servers, id)) return false;
    this.commit(({ servers }) => markDeleted(servers, id, at));
    return true;
  }

  clear(): void {
    this.commit(({ configs, accounts, servers }) => {
      configs.clear();
      accounts.clear();
      servers.clear();
    });
  }

  private commit(mutate: (next: State) => void): void {
    const next: State = { configs: new Map(this.configs), accounts: new Map(this.accounts), servers: new Map(this.servers) };
    mutate(next);
    if (this.stateFile) writeAtomically(this.stateFile, serialize(next, this.nextSeq));
    this.configs = next.configs;
    this.accounts = next.accounts;
    this.servers = next.servers;
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return; // first run: start empty
      throw err;
    }
    // A corrupt state file is an error, not an empty start: silently wiping a demo's state is worse.
    let state: StateFile;
    try {
      state = JSON.parse(text) as StateFile;
    } catch (err) {
      throw new Error(`State file ${file} is not valid JSON: ${(err as Error).message}`);
    }
    if (state?.version !== STATE_VERSION || !Array.isArray(state.auth_configs)) {
      throw new Error(`State file ${file} is not a composio-emulator state file (version ${STATE_VERSION})`);
    }
    this.configs = new Map(state.auth_configs.map((c) => [c.id, { ...c, created_by: c.created_by ?? PROJECT_USER }]));
    const accounts = state.connected_accounts ?? [];
    this.accounts = new Map(accounts.map((a) => [a.id, a]));
    const servers = state.mcp_servers ?? [];
    this.servers = new Map(servers.map((s) => [s.id, s]));
    for (const record of [...state.auth_configs, ...accounts, ...servers]) {
      const stamps = "last_updated_at" in record ? [record.created_at, record.last_updated_at] : [record.created_at, record.updated_at];
      for (const at of [...stamps, record.deleted_at]) {
        if (at) this.lastStampMs = Math.max(this.lastStampMs, Date.parse(at) || 0);
      }
    }
    const maxSeq = [...state.auth_configs, ...accounts, ...servers].reduce((max, c) => Math.max(max, c.seq), 0);
    this.nextSeq = Math.max(state.next_seq ?? 1, maxSeq + 1);
  }
}

/** Soft-deletable records: a set `deleted_at` hides them from every read but the control API's. */
interface SoftDeletable {
  deleted_at?: string;
}

function liveCopy<T extends SoftDeletable>(records: ReadonlyMap<string, T>, id: string): T | undefined {
  const record = records.get(id);
  return record && !record.deleted_at ? structuredClone(record) : undefined;
}

function liveCopies<T extends SoftDeletable>(records: ReadonlyMap<string, T>): T[] {
  return [...records.values()].filter((r) => !r.deleted_at).map((r) => structuredClone(r));
}

function markDeleted<T extends SoftDeletable>(records: Map<string, T>, id: string, at: string): void {
  records.set(id, { ...structuredClone(records.get(id)!), deleted_at: at });
}

function serialize({ configs, accounts, servers }: State, nextSeq: number): string {
  const state: StateFile = {
    version: STATE_VERSION,
    next_seq: nextSeq,
    auth_configs: [...configs.values()],
    connected_accounts: [...accounts.values()],
    mcp_servers: [...servers.values()],
  };
  return JSON.stringify(state, null, 2) + "\n";
}

/** Write to a sibling temp file, fsync it, rename over the target, then fsync the directory. */
export function writeAtomically(file: string, content: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomAlphanumeric(8)}.tmp`);
  try {
    // 0600: the state holds unmasked secrets.
    const fd = openSync(tmp, "w", 0o600);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDirectory(dirname(file));
}

function fsyncDirectory(dir: string): void {
  // Makes the rename itself durable; some platforms cannot open directories, which is harmless.
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}
