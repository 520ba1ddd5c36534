/** Refresh reads from one listing (provider/api/coalescedReads.ts), with counted list and get functions. */
import { CoalescedReads } from "../../../provider/api/coalescedReads";
import type { WireAuthConfig } from "../../../provider/core/wire";

const config = (id: string) => ({ id, type: "default", toolkit: { slug: "github" }, name: id, status: "ENABLED" }) as WireAuthConfig;

function setup(options: { listing?: () => Promise<WireAuthConfig[]>; server?: string[] } = {}) {
  const server = new Map((options.server ?? ["ac_a", "ac_b", "ac_c"]).map((id) => [id, config(id)]));
  const calls = { list: 0, get: [] as string[] };
  let clock = 0;
  const reads = new CoalescedReads(
    async () => {
      calls.list++;
      return options.listing ? options.listing() : [...server.values()];
    },
    async (id) => {
      calls.get.push(id);
      return server.get(id);
    },
    30_000,
    () => clock,
  );
  return { reads, calls, server, tick: (ms: number) => (clock += ms) };
}

describe("CoalescedReads", () => {
  it("serves the reads of the moment from one listing", async () => {
    const { reads, calls } = setup();
    const found = await Promise.all(["ac_a", "ac_b", "ac_c"].map((id) => reads.read(id)));
    expect(found.map((item) => item?.id)).toEqual(["ac_a", "ac_b", "ac_c"]);
    expect(calls).toEqual({ list: 1, get: [] });
  });

  it("asks one GET before taking a config the listing lacks for gone", async () => {
    const { reads, calls, server } = setup();
    const listed = await reads.read("ac_a");
    expect(listed?.id).toBe("ac_a");
    server.set("ac_new", config("ac_new")); // made after the listing: not in it
    await reads.read("ac_gone");
    expect((await reads.read("ac_new"))?.id).toBe("ac_new");
    expect(calls).toEqual({ list: 1, get: ["ac_gone", "ac_new"] });
  });

  it("falls back to a GET per read when the listing fails, without listing again", async () => {
    const { reads, calls } = setup({ listing: async () => Promise.reject(Object.assign(new Error("503"), { status: 503 })) });
    const found = await Promise.all(["ac_a", "ac_b"].map((id) => reads.read(id)));
    expect(found.map((item) => item?.id)).toEqual(["ac_a", "ac_b"]);
    expect(calls).toEqual({ list: 1, get: ["ac_a", "ac_b"] });
  });

  it("fails each read with a refused key instead of repeating it with GETs", async () => {
    const refused = Object.assign(new Error("401"), { status: 401 });
    const { reads, calls } = setup({ listing: async () => Promise.reject(refused) });
    await expect(reads.read("ac_a")).rejects.toBe(refused);
    expect(calls.get).toEqual([]);
  });

  it("lists again after a write or once the listing is older than its window", async () => {
    const { reads, calls, tick } = setup();
    await reads.read("ac_a");
    reads.invalidate();
    await reads.read("ac_a");
    expect(calls.list).toBe(2);
    tick(30_001);
    await reads.read("ac_b");
    expect(calls.list).toBe(3);
  });
});
