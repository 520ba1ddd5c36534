/**
 * A throwaway PostgreSQL server for one test file, as the state backend of Pulumi's PostgreSQL DIY backend
 * (`postgres://...`, CLI 3.248+):
 *
 *   let pg: TestPostgres;
 *   beforeAll(async () => { pg = await startPostgres("team"); });
 *   afterAll(() => pg?.stop());
 *   await createE2eEnv("team", { backendUrl: pg.backendUrl });
 *
 * initdb into a new temp dir, a free loopback port, trust auth for the user `pulumi`, a database `state`.
 * PostgreSQL refuses to run as root, so as root (CI, these machines) initdb and pg_ctl run as the `postgres`
 * system user (which the Debian package creates) and the data dir is theirs. No PostgreSQL binaries: it fails
 * saying what to install; the tests that need it fail rather than skip.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { Client } from "pg";

const DEBIAN_ROOT = "/usr/lib/postgresql";
const DATABASE = "state";
const USER = "pulumi";

export interface TestPostgres {
  /** `postgres://pulumi@127.0.0.1:<port>/state?sslmode=disable`, for PULUMI_BACKEND_URL or `pulumi login`. */
  backendUrl: string;
  port: number;
  /** The temp dir: the data dir, the server's log and its socket. */
  dir: string;
  /** Runs one SQL query on the `state` database; its rows. */
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** pg_ctl stop -m fast, then the temp dir goes. */
  stop(): Promise<void>;
}

/** The newest PostgreSQL server binaries (PG_BIN, else the Debian layout). Throws saying what to install. */
export function postgresBinDir(): string {
  const versions = fs.existsSync(DEBIAN_ROOT) ? fs.readdirSync(DEBIAN_ROOT).sort((a, b) => Number(b) - Number(a)) : [];
  const candidates = process.env.PG_BIN ? [process.env.PG_BIN] : versions.map((version) => path.join(DEBIAN_ROOT, version, "bin"));
  const found = candidates.find((dir) => ["initdb", "pg_ctl", "pg_isready", "postgres"].every((bin) => fs.existsSync(path.join(dir, bin))));
  if (!found) {
    throw new Error(
      `The team-backend tests need a PostgreSQL server (initdb, pg_ctl, pg_isready, postgres), found none in ${process.env.PG_BIN ?? `${DEBIAN_ROOT}/*/bin`}` +
        ": install it with `apt-get install postgresql-15` (Debian), or set PG_BIN to the directory of those binaries.",
    );
  }
  return found;
}

export async function startPostgres(label = "pg"): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pulumi-composio-${label.replace(/[^\w.-]/g, "_")}-`));
  if (asRoot) {
    const { uid, gid } = postgresUser();
    fs.chownSync(dir, uid, gid);
  }
  // As root, the server's own binaries run as `postgres` (cwd: a dir it can read).
  const server = (tool: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args], dir) : run(path.join(bin, tool), args, dir);
  const data = path.join(dir, "data");
  const log = path.join(dir, "server.log");
  let port = 0;
  try {
    await server("initdb", ["-D", data, "-U", USER, "--auth=trust", "--no-sync", "--no-instructions"]);
    // The free port can be taken by another process before the server binds it: then another one.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      // -k: the Unix socket goes into the temp dir (the default /var/run/postgresql may not exist or be writable).
      const started = await server("pg_ctl", [
        "-D",
        data,
        "-l",
        log,
        "-w",
        "-o",
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
        "start",
      ]).then(
        () => undefined,
        (error: Error) => error,
      );
      if (!started) break;
      if (attempt === 3) throw started;
    }
    await waitReady(path.join(bin, "pg_isready"), port);
    await run(path.join(bin, "createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", USER, DATABASE], dir);
  } catch (error) {
    const serverLog = fs.existsSync(log) ? `\nserver log:\n${fs.readFileSync(log, "utf8").slice(-2000)}` : "";
    await server("pg_ctl", ["-D", data, "-m", "immediate", "stop"]).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a PostgreSQL server in ${dir}: ${(error as Error).message}${serverLog}`);
  }
  const backendUrl = `postgres://${USER}@127.0.0.1:${port}/${DATABASE}?sslmode=disable`;
  return {
    backendUrl,
    port,
    dir,
    async query(sql, params = []) {
      const client = new Client({ connectionString: backendUrl });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    async stop() {
      try {
        await server("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const line = fs
    .readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("postgres:"));
  if (!line) {
    throw new Error(
      "running as root, PostgreSQL needs the `postgres` system user to run as: install `apt-get install postgresql-15`, which creates it",
    );
  }
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/** A port nothing listens on now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** pg_isready until it accepts connections (pg_ctl -w already waited; this is the client's view). */
async function waitReady(pgIsReady: string, port: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await run(pgIsReady, ["-h", "127.0.0.1", "-p", String(port)], os.tmpdir());
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(command)} ${args.join(" ")} failed: ${stderr || stdout || error.message}`));
      else resolve(stdout);
    });
  });
}
