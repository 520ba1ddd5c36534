/** The throwaway PostgreSQL server of the team-backend tests: found, started, queried, stopped and gone; missing, a clear failure. */
import * as fs from "node:fs";
import * as net from "node:net";
import { postgresBinDir, startPostgres } from "../../testbed/postgres";

test("no PostgreSQL binaries: fails saying what to install", () => {
  const saved = process.env.PG_BIN;
  process.env.PG_BIN = "/nonexistent/postgresql/bin";
  try {
    expect(() => postgresBinDir()).toThrow(/found none in \/nonexistent\/postgresql\/bin: install it with `apt-get install postgresql-15`/);
  } finally {
    if (saved === undefined) delete process.env.PG_BIN;
    else process.env.PG_BIN = saved;
  }
});

test("starts a server on a loopback port with the `state` database, and stop removes it all", async () => {
  const pg = await startPostgres("selftest");
  expect(pg.backendUrl).toBe(`postgres://pulumi@127.0.0.1:${pg.port}/state?sslmode=disable`);
  expect(await pg.query("SELECT current_database() AS db, current_user AS who")).toEqual([{ db: "state", who: "pulumi" }]);
  await pg.stop();
  expect(fs.existsSync(pg.dir)).toBe(false);
  const refused = await new Promise<boolean>((resolve) => {
    const socket = net.connect(pg.port, "127.0.0.1");
    socket.on("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.on("error", () => resolve(true));
  });
  expect(refused).toBe(true);
});
