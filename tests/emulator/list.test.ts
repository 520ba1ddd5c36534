/** Listing auth configs: filters, ordering, limit rules (1-200) and cursor pagination over more than one page. */
import { expectError, managed, notionCustom, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.emu.close());
beforeEach(() => t.control.reset());

async function create(body: unknown): Promise<string> {
  const res = await t.api("POST", "/auth_configs", { body });
  expect(res.status).toBe(201);
  return res.json.auth_config.id;
}

describe("pagination", () => {
  it("walks 120 configs with limit 50 via next_cursor, newest first, each exactly once", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) ids.push(await create(managed("github", { name: `cfg-${i}` })));

    const seen: string[] = [];
    const pages: { current_page: number; total_pages: number; total_items: number; count: number }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `cursor=${encodeURIComponent(cursor)}` : "limit=50";
      const res = await t.api("GET", `/auth_configs?${query}`);
      expect(res.status).toBe(200);
      seen.push(...res.json.items.map((i: { id: string }) => i.id));
      pages.push({
        current_page: res.json.current_page,
        total_pages: res.json.total_pages,
        total_items: res.json.total_items,
        count: res.json.items.length,
      });
      cursor = res.json.next_cursor;
    } while (cursor !== null);

    expect(pages).toEqual([
      { current_page: 1, total_pages: 3, total_items: 120, count: 50 },
      { current_page: 2, total_pages: 3, total_items: 120, count: 50 },
      { current_page: 3, total_pages: 3, total_items: 120, count: 20 },
    ]);
    expect(seen).toEqual([...ids].reverse());
  });

  it("defaults to 20 per page and returns next_cursor null on the last page", async () => {
    for (let i = 0; i < 3; i++) await create(managed("github"));
    const res = await t.api("GET", "/auth_configs");
    expect(res.json).toMatchObject({ current_page: 1, total_pages: 1, total_items: 3, next_cursor: null });
  });

  it("returns an empty page for an empty store", async () => {
    const res = await t.api("GET", "/auth_configs");
    expect(res.json).toEqual({ items: [], next_cursor: null, total_pages: 0, current_page: 1, total_items: 0 });
  });

  it("uses an opaque base64 cursor whose page size wins over a limit sent with it", async () => {
    for (let i = 0; i < 5; i++) await create(managed("github"));
    const first = await t.api("GET", "/auth_configs?limit=2");
    const cursor = first.json.next_cursor as string;
    expect(JSON.parse(Buffer.from(cursor, "base64").toString())).toEqual({ page: 2, limit: 2 });
    const second = await t.api("GET", `/auth_configs?limit=4&cursor=${encodeURIComponent(cursor)}`);
    expect(second.json).toMatchObject({ current_page: 2, total_pages: 3 });
    expect(second.json.items).toHaveLength(2);
  });

  it("answers a cursor past the last page with no items and next_cursor null", async () => {
    await create(managed("github"));
    const beyond = Buffer.from(JSON.stringify({ page: 9, limit: 10 })).toString("base64");
    const res = await t.api("GET", `/auth_configs?cursor=${encodeURIComponent(beyond)}`);
    expect(res.json).toEqual({ items: [], next_cursor: null, total_pages: 1, current_page: 9, total_items: 1 });
  });

  it.each(["201", "0", "-1", "abc", "2.5"])("400s limit=%s (max 200 since 2026-09-21, refused rather than clamped)", async (limit) => {
    const err = expectError(await t.api("GET", `/auth_configs?limit=${limit}`), 400, "invalid_request");
    expect(err.message).toContain("limit");
    expect(err.message).toContain("200");
  });

  it("takes limit=200 in one page (and 51, the old maximum + 1)", async () => {
    for (let i = 0; i < 60; i++) await create(managed("github"));
    expect((await t.api("GET", "/auth_configs?limit=200")).json).toMatchObject({ total_items: 60, total_pages: 1, next_cursor: null });
    expect((await t.api("GET", "/auth_configs?limit=200")).json.items).toHaveLength(60);
    expect((await t.api("GET", "/auth_configs?limit=51")).json.items).toHaveLength(51);
    expect((await t.api("GET", "/toolkits?limit=200")).status).toBe(200);
  });

  it("400s a cursor that is not one of ours", async () => {
    expectError(await t.api("GET", "/auth_configs?cursor=not-a-cursor"), 400);
    const forged = Buffer.from(JSON.stringify({ page: 1, limit: 201 })).toString("base64");
    expectError(await t.api("GET", `/auth_configs?cursor=${encodeURIComponent(forged)}`), 400);
  });
});

describe("filters", () => {
  let github: string, gmail: string, notion: string, disabled: string;
  beforeEach(async () => {
    github = await create(managed("github", { name: "GitHub main" }));
    gmail = await create(managed("gmail", { name: "Mail" }));
    notion = await create(notionCustom());
    disabled = await create(managed("github", { name: "Old GitHub" }));
    await t.api("PATCH", `/auth_configs/${disabled}/DISABLED`);
  });
  const list = async (query: string): Promise<string[]> => {
    const res = await t.api("GET", `/auth_configs?${query}`);
    expect(res.status).toBe(200);
    return res.json.items.map((i: { id: string }) => i.id).sort();
  };

  it("hides disabled configs unless show_disabled=true", async () => {
    expect(await list("")).toEqual([github, gmail, notion].sort());
    expect(await list("show_disabled=false")).toEqual([github, gmail, notion].sort());
    expect(await list("show_disabled=true")).toEqual([github, gmail, notion, disabled].sort());
  });

  it("filters by a comma-separated toolkit_slug list", async () => {
    expect(await list("toolkit_slug=github")).toEqual([github]);
    expect(await list("toolkit_slug=github,notion&show_disabled=true")).toEqual([github, notion, disabled].sort());
  });

  it("filters by is_composio_managed", async () => {
    expect(await list("is_composio_managed=false")).toEqual([notion]);
    expect(await list("is_composio_managed=true")).toEqual([github, gmail].sort());
  });

  it("searches by name (case-insensitive) or id", async () => {
    expect(await list("search=github&show_disabled=true")).toEqual([github, disabled].sort());
    expect(await list(`search=${gmail}`)).toEqual([gmail]);
  });

  it("400s non-boolean flags", async () => {
    expectError(await t.api("GET", "/auth_configs?show_disabled=1"), 400);
    expectError(await t.api("GET", "/auth_configs?is_composio_managed=yes"), 400);
  });
});
