/** Secrets never leave the emulator unmasked: not in any response body, not in its log lines. */
import fc from "fast-check";
import { MASK, maskValue } from "../../emulator";
import { startTestEmulator, type TestEmulator } from "./helpers";

const SENTINEL = "SENTINEL-secret-7f3a9c1e-do-not-leak";
const PROXY_SENTINEL = "PROXYKEY-secret-0b1d2e3f-do-not-leak";
const SHARED_SENTINEL = "SHARED-secret-99aa88bb-do-not-leak";
const ALL = [SENTINEL, PROXY_SENTINEL, SHARED_SENTINEL];

describe("maskValue", () => {
  it("shows the first 4 characters of values longer than 12, hides shorter ones entirely", () => {
    expect(maskValue("abcdefghijklm")).toBe("abcd********");
    expect(maskValue("abcdefghijkl")).toBe(MASK);
    expect(maskValue("")).toBe(MASK);
    expect(maskValue(12345)).toBe(MASK);
    expect(maskValue({ nested: "object-value-long" })).toBe('{"ne********');
  });

  it("reveals at most a 4-character prefix and never a long secret (property)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 5 }), (secret) => {
        const masked = maskValue(secret);
        expect(masked.endsWith(MASK)).toBe(true);
        expect(masked.length).toBeLessThanOrEqual(12);
        if (secret.length > 12) expect(masked).not.toContain(secret);
        else expect(masked).toBe(MASK);
      }),
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

  it("masks secrets on every endpoint and never logs them", async () => {
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
    const got = await call("GET", `/auth_configs/${id}`);
    expect(got.json.credentials).toEqual({ client_id: "client-id-visible", client_secret: `${SENTINEL.slice(0, 4)}${MASK}`, user_scopes: "chat:write" });
    expect(got.json.proxy_config.proxy_auth_key).toBe(`${PROXY_SENTINEL.slice(0, 4)}${MASK}`);
    expect(got.json.shared_credentials).toEqual({ token: `${SHARED_SENTINEL.slice(0, 4)}${MASK}`, short: MASK });

    await call("GET", "/auth_configs?show_disabled=true");
    await call("GET", `/auth_configs?search=${id}`);
    await call("PATCH", `/auth_configs/${id}`, { type: "custom", name: "renamed", shared_credentials: { token: SHARED_SENTINEL } });
    await call("PATCH", `/auth_configs/${id}`, { type: "custom", credentials: { client_secret: SENTINEL } });
    await call("PATCH", `/auth_configs/${id}/DISABLED`);
    await call("PATCH", `/auth_configs/${id}/ENABLED`);
    // Failing requests that carry the secret must not echo it either.
    await call("PATCH", `/auth_configs/${id}`, { type: "default", credentials: { client_secret: SENTINEL } });
    await call("PATCH", `/auth_configs/${id}`, { type: "custom", credentials: { client_secret: [SENTINEL] } });
    await call("POST", "/auth_configs", { toolkit: { slug: "notion" }, auth_config: { type: "use_custom_auth", authScheme: "OAUTH2", credentials: { client_secret: SENTINEL } } });
    await call("POST", "/auth_configs", { toolkit: { slug: SENTINEL.slice(0, 3) }, auth_config: { type: "use_custom_auth", authScheme: "OAUTH2", credentials: { client_secret: SENTINEL } } });
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
