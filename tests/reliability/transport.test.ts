/**
 * Transport safety: the base URL must be https (plain http only for loopback: 127.0.0.0/8, localhost,
 * ::1), also end to end under the real CLI; every request has a timeout (COMPOSIO_REQUEST_TIMEOUT_MS
 * here, 30 s by default), shown under the CLI; a 401 fails at once (one request per call, counted by
 * the emulator) with a message that names composio:apiKey.
 *
 * Each test gets an emulator of its own: a request the emulator holds (a latency fault) is still in
 * flight when its test ends, and would otherwise answer into the next test's request log.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { AuthConfig } from "../../sdk";
import { DEFAULT_RETRY_POLICY } from "../../provider/api/client";
import { validateBaseUrl } from "../../provider/api/settings";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";
import { createE2eEnv, preview, setConfig, up, type E2eEnv } from "../../testbed/harness";

jest.setTimeout(5 * 60_000);

const API_KEY = "transport-key";
let env: E2eEnv;
let composio: TestComposio;
let stack: Stack;

beforeAll(async () => {
  env = await createE2eEnv("transport", { env: { COMPOSIO_REQUEST_TIMEOUT_MS: "300" } });
  stack = await env.inlineStack({
    projectName: "transport",
    program: async () => {
      new AuthConfig("github", { toolkit: "github" });
    },
    config: { "composio:apiKey": { value: API_KEY, secret: true } },
  });
}, 15 * 60_000);
afterAll(() => env?.cleanup());
beforeEach(async () => {
  composio = await startTestComposio(API_KEY);
  await setConfig(stack, { "composio:baseUrl": composio.emulator.url });
});
// close() cuts the requests the emulator still holds, so none of them reaches another test.
afterEach(() => composio.emulator.close());

describe("the base URL", () => {
  it.each([
    "https://backend.composio.dev",
    "https://10.0.0.1:8443",
    "http://127.0.0.1:4000",
    "http://127.255.3.4",
    "http://localhost:8080",
    "http://LOCALHOST",
    "http://[::1]:3000",
  ])("accepts %s", (url) => expect(() => validateBaseUrl(url)).not.toThrow());

  it.each([
    "http://backend.composio.dev",
    "http://10.0.0.1",
    "http://192.168.1.20:8080",
    "http://127.0.0.1.nip.io",
    "http://localhost.example.com",
    "http://127.0.0.1@evil.example.com",
    "http://[::2]",
    "http://[::ffff:7f00:1]",
    "ftp://127.0.0.1",
    "ws://localhost",
  ])("refuses %s, saying https is required", (url) => {
    expect(() => validateBaseUrl(url)).toThrow(
      /must use https:\/\/ \(plain http:\/\/ is allowed only for 127\.0\.0\.0\/8, localhost and ::1/,
    );
  });

  it("refuses what is not a URL, saying what to set", () => {
    expect(() => validateBaseUrl("backend.composio.dev")).toThrow(
      /composio:baseUrl "backend.composio.dev" is not a URL; set it to e.g. https:\/\/backend.composio.dev/,
    );
  });

  // The preview already fails (check names the setting), and so does an up: nothing is ever sent.
  it.each([
    ["preview", preview],
    ["up", up],
  ] as const)("under the CLI: %s against a plain-http remote URL fails with that message and sends nothing", async (_name, operation) => {
    await setConfig(stack, { "composio:baseUrl": "http://composio.example.com" });
    const result = await operation(stack, { allowFailure: true });
    expect(result.ok).toBe(false);
    expect(result.output).toContain("composio:baseUrl http://composio.example.com must use https://");
    expect((await composio.control.stats()).total).toBe(0);
  });
});

describe("timeouts", () => {
  it("every request has one: 30 s by default", () => {
    expect(DEFAULT_RETRY_POLICY.timeoutMs).toBe(30_000);
  });

  it("under the CLI: a toolkit look-up that hangs times out after COMPOSIO_REQUEST_TIMEOUT_MS, and preview goes on with a warning", async () => {
    // Held for a minute (the emulator's most): a preview that ends within one, however busy the machine, timed its
    // attempts out (the default 30 s timeout would take three times that).
    await composio.control.faults({ probability: 1, kinds: ["latency"], latencyMs: 60_000, routes: ["GET /toolkits/{slug}"] });
    const started = Date.now();
    const result = await preview(stack, { allowFailure: true });
    await composio.control.clearFaults();
    expect(result.output).toMatch(
      /toolkit definitions could not be read from Composio \(Request timed out.*\), so schemes and credential fields were not checked/,
    );
    expect(result.ok).toBe(true);
    // Three attempts of 300 ms with backoff between them.
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});

describe("a wrong API key", () => {
  it("under the CLI: fails at once, one request per call, and the message names composio:apiKey", async () => {
    await setConfig(stack, { "composio:apiKey": { value: "not-the-key", secret: true } });
    const result = await up(stack, { allowFailure: true });
    await setConfig(stack, { "composio:apiKey": { value: API_KEY, secret: true } });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/status 401/);
    expect(result.output).toContain("pulumi config set --secret composio:apiKey");
    const { byRoute, total } = await composio.control.stats();
    expect(total).toBeGreaterThan(0);
    for (const [route, count] of Object.entries(byRoute)) expect([route, count]).toEqual([route, 1]);
    expect((await composio.control.requests()).every((entry) => entry.status === 401)).toBe(true);
  });
});
