/**
 * Reads mask credentials per Composio's 2026-04-22 policy (managed: every credential field; custom:
 * all but client_id and consumer_key; proxy_auth_key and shared-credential values always), in the
 * selected format; and secrets never leave the emulator: not in any response body, not in its log.
 */
import fc from "fast-check";
import { maskValue, MASK_FORMATS, REDACTED, STARS, type MaskFormat } from "../../emulator";
import { managed, startTestEmulator, type TestEmulator } from "./helpers";

const SENTINEL = "SENTINEL-secret-7f3a9c1e-do-not-leak";
const PROXY_SENTINEL = "PROXYKEY-secret-0b1d2e3f-do-not-leak";
const SHARED_SENTINEL = "SHARED-secret-99aa88bb-do-not-leak";
const ALL = [SENTINEL, PROXY_SENTINEL, SHARED_SENTINEL];

describe("maskValue", () => {
  it("prefix4 keeps the first 4 characters + '...', shows nothing of 4 characters or fewer", () => {
    expect(maskValue("read,write", "prefix4")).toBe("read...");
    expect(maskValue("https://example.com/cb")).toBe("http...");
    expect(maskValue("abcde")).toBe("abcd...");
    expect(maskValue("repo")).toBe("...");
    expect(maskValue("")).toBe("...");
  });

  it("prefix4 joins a scope list with ',' first and JSON-encodes other values", () => {
    expect(maskValue(["read", "write"])).toBe("read...");
    expect(maskValue(["a", "b"])).toBe("...");
    expect(maskValue({ nested: "object-value" })).toBe('{"ne...');
    expect(maskValue(12345)).toBe("1234...");
  });

  it("redacted and stars replace the whole value, whatever it is", () => {
    for (const value of ["read,write", ["a"], "", 7]) {
      expect(maskValue(value, "redacted")).toBe(REDACTED);
      expect(maskValue(value, "stars")).toBe(STARS);
    }
    expect(REDACTED).toBe("REDACTED");
    expect(STARS).toBe("********");
  });

  it("never reveals more than a 4-character prefix (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(...MASK_FORMATS), (secret, format) => {
        if (format === "prefix4") expect(maskValue(secret, format)).toBe(secret.length > 4 ? `${secret.slice(0, 4)}...` : "...");
      }),
    );
    // Two secrets that share only their first 4 characters mask alike: nothing past the prefix shows.
    // (Not "the mask does not contain the secret": a secret such as "abc.." is inside its own "abc...".)
    fc.assert(
      fc.property(
        fc.string({ minLength: 4, maxLength: 4 }),
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.constantFrom(...MASK_FORMATS),
        (prefix, restA, restB, format) => {
          expect(maskValue(prefix + restA, format)).toBe(maskValue(prefix + restB, format));
        },
      ),
    );
  });
});

describe("the 2026-04-22 policy on retrieve and list", () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(() => t.emu.close());
  beforeEach(() => t.control.reset());

  /** The config as retrieve returns it, and as its list item (same rendering, checked both ways). */
  async function read(id: string) {
    const got = (await t.api("GET", `/auth_configs/${id}`)).json;
    const listed = (await t.api("GET", `/auth_configs?search=${id}&show_disabled=true`)).json.items;
    expect(listed).toEqual([got]);
    return got;
  }

  async function create(body: unknown): Promise<string> {
    const res = await t.api("POST", "/auth_configs", { body });
    expect(res.status).toBe(201);
    return res.json.auth_config.id;
  }

  it("managed: every credential field is masked, scopes and user_scopes included", async () => {
    const id = await create(managed("slack", { credentials: { scopes: ["chat:write", "channels:read"], user_scopes: "search:read" } }));
    expect((await read(id)).credentials).toEqual({ scopes: "chat...", user_scopes: "sear..." });
  });

  it("custom OAuth2: client_id in clear; secret, scopes, user_scopes, redirect URI and subdomain masked", async () => {
    const slack = await create({
      toolkit: { slug: "slack" },
      auth_config: {
        type: "use_custom_auth",
        authScheme: "OAUTH2",
        credentials: {
          client_id: "client-id-visible",
          client_secret: SENTINEL,
          scopes: "chat:write",
          user_scopes: ["search:read"],
          oauth_redirect_uri: "https://app.example/callback",
        },
      },
    });
    expect((await read(slack)).credentials).toEqual({
      client_id: "client-id-visible",
      client_secret: "SENT...",
      scopes: "chat...",
      user_scopes: "sear...",
      oauth_redirect_uri: "http...",
    });
    const zendesk = await create({
      toolkit: { slug: "zendesk" },
      auth_config: {
        type: "use_custom_auth",
        authScheme: "OAUTH2",
        credentials: { client_id: "zd-client", client_secret: "zd-secret", subdomain: "acme-support" },
      },
    });
    expect((await read(zendesk)).credentials).toMatchObject({ client_id: "zd-client", client_secret: "zd-s...", subdomain: "acme..." });
  });

  it("custom OAuth1: consumer_key in clear, consumer_secret masked", async () => {
    const id = await create({
      toolkit: { slug: "trello" },
      auth_config: {
        type: "use_custom_auth",
        authScheme: "OAUTH1",
        credentials: { consumer_key: "consumer-key-visible", consumer_secret: SENTINEL },
      },
    });
    expect((await read(id)).credentials).toMatchObject({ consumer_key: "consumer-key-visible", consumer_secret: "SENT..." });
  });

  it("masks proxy_auth_key and shared-credential values, keeps their keys and the proxy URL", async () => {
    const id = await create({
      toolkit: { slug: "notion" },
      auth_config: {
        type: "use_custom_auth",
        authScheme: "OAUTH2",
        credentials: { client_id: "cid", client_secret: SENTINEL },
        proxy_config: { proxy_url: "https://proxy.example", proxy_auth_key: PROXY_SENTINEL },
        shared_credentials: { token: SHARED_SENTINEL, short: "tiny" },
      },
    });
    const got = await read(id);
    expect(got.proxy_config).toEqual({ proxy_url: "https://proxy.example", proxy_auth_key: "PROX..." });
    expect(got.shared_credentials).toEqual({ token: "SHAR...", short: "..." });
  });

  it.each(MASK_FORMATS.map((f) => [f]))("the control API switches the format at run time: %s", async (format: MaskFormat) => {
    const id = await create({
      toolkit: { slug: "notion" },
      auth_config: {
        type: "use_custom_auth",
        authScheme: "OAUTH2",
        credentials: { client_id: "cid", client_secret: SENTINEL, scopes: "read_content" },
        shared_credentials: { token: SHARED_SENTINEL },
      },
    });
    await t.control.maskFormat(format);
    const got = await read(id);
    const masked = maskValue("read_content", format);
    expect(got.credentials).toEqual({
      client_id: "cid",
      client_secret: maskValue(SENTINEL, format),
      scopes: masked,
      oauth_redirect_uri: maskValue("http://x", format),
    });
    expect(got.shared_credentials).toEqual({ token: maskValue(SHARED_SENTINEL, format) });
  });

  it("reset restores the start format; a bad format is refused", async () => {
    const id = await create(managed("github", { credentials: { scopes: "repo,user" } }));
    await t.control.maskFormat("stars");
    await t.control.reset();
    const again = await create(managed("github", { credentials: { scopes: "repo,user" } }));
    expect((await read(again)).credentials).toEqual({ scopes: "repo..." });
    expect(id).not.toBe(again);
    await expect(t.control.maskFormat("plain" as MaskFormat)).rejects.toMatchObject({ status: 400 });
  });
});

describe("startEmulator({ maskFormat })", () => {
  it("starts in the given format", async () => {
    const t = await startTestEmulator({ maskFormat: "redacted" });
    try {
      const id = (
        await t.api("POST", "/auth_configs", { body: managed("hubspot", { credentials: { scopes: "sales-email-read,tickets" } }) })
      ).json.auth_config.id;
      expect((await t.api("GET", `/auth_configs/${id}`)).json.credentials).toEqual({ scopes: "REDACTED" });
    } finally {
      await t.emu.close();
    }
  });

  it("refuses an unknown format", async () => {
    await expect(startTestEmulator({ maskFormat: "plain" as MaskFormat })).rejects.toThrow(
      /maskFormat must be one of prefix4, redacted, stars/,
    );
  });
});

describe("responses and logs", () => {
  let t: TestEmulator;
  const bodies: string[] = [];
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(() => t.emu.close());

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await t.api(method, path, { body });
    bodies.push(res.text);
    return res;
  };

  it.each(MASK_FORMATS.map((f) => [f]))("never returns or logs a secret (format %s)", async (format: MaskFormat) => {
    await t.control.maskFormat(format);
    const created = await call("POST", "/auth_configs", {
      toolkit: { slug: "slack" },
      auth_config: {
        type: "use_custom_auth",
        authScheme: "OAUTH2",
        credentials: { client_id: "client-id-visible", client_secret: SENTINEL, user_scopes: "chat:write" },
        proxy_config: { proxy_url: "https://proxy.example", proxy_auth_key: PROXY_SENTINEL },
        shared_credentials: { token: SHARED_SENTINEL, short: "tiny" },
      },
    });
    const id = created.json.auth_config.id;
    await call("GET", `/auth_configs/${id}`);
    await call("GET", "/auth_configs?show_disabled=true");
    await call("GET", `/auth_configs?search=${id}`);
    await call("PATCH", `/auth_configs/${id}`, { type: "custom", name: "renamed", shared_credentials: { token: SHARED_SENTINEL } });
    await call("PATCH", `/auth_configs/${id}`, { type: "custom", credentials: { client_secret: SENTINEL } });
    await call("PATCH", `/auth_configs/${id}/DISABLED`);
    await call("PATCH", `/auth_configs/${id}/ENABLED`);
    // Failing requests that carry the secret must not echo it either.
    await call("PATCH", `/auth_configs/${id}`, { type: "default", credentials: { client_secret: SENTINEL } });
    await call("PATCH", `/auth_configs/${id}`, { type: "custom", credentials: { client_secret: [SENTINEL] } });
    await call("POST", "/auth_configs", {
      toolkit: { slug: "notion" },
      auth_config: { type: "use_custom_auth", authScheme: "OAUTH2", credentials: { client_secret: SENTINEL } },
    });
    await call("POST", "/auth_configs", {
      toolkit: { slug: SENTINEL.slice(0, 3) },
      auth_config: { type: "use_custom_auth", authScheme: "OAUTH2", credentials: { client_secret: SENTINEL } },
    });
    const raw = await t.api("POST", "/auth_configs", { rawBody: `{"secret": "${SENTINEL}"` });
    bodies.push(raw.text);
    await call("DELETE", `/auth_configs/${id}?revoke_on_delete=true`);

    const controlDump = JSON.stringify([await t.control.stats(), await t.control.requests()]);
    const everything = [...bodies, controlDump, ...t.logs].join("\n");
    expect(bodies.length).toBeGreaterThanOrEqual(14);
    expect(t.logs.length).toBeGreaterThanOrEqual(14);
    for (const secret of ALL) expect(everything).not.toContain(secret);
    // ... while the non-secret values do come back, so the check is not vacuous.
    expect(everything).toContain("client-id-visible");
  });
});
