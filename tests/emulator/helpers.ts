/** Shared test helpers: an emulator per suite and a thin fetch wrapper for raw API calls. */
import Composio from "@composio/client";
import { EmulatorControl, ERROR_KINDS, startEmulator, type EmulatorOptions, type ErrorKind, type RunningEmulator } from "../../emulator";
import type { ErrorBody } from "../../emulator/errors";

export const API_KEY = "test-key-0123456789";

export interface TestEmulator {
  emu: RunningEmulator;
  control: EmulatorControl;
  logs: string[];
  api: (method: string, path: string, opts?: ApiOptions) => Promise<ApiResponse>;
}

export interface ApiOptions {
  body?: unknown;
  /** Raw body text (for malformed JSON); wins over body. */
  rawBody?: string;
  apiKey?: string | null;
  /** Extra request headers (e.g. x-user-api-key). */
  headers?: Record<string, string>;
  prefix?: string;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export async function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const logs: string[] = [];
  const emu = await startEmulator({ apiKey: API_KEY, logger: (line) => logs.push(line), ...options });
  const api = async (method: string, path: string, opts: ApiOptions = {}): Promise<ApiResponse> => {
    const headers: Record<string, string> = {};
    const key = opts.apiKey === undefined ? API_KEY : opts.apiKey;
    if (key !== null) headers["x-api-key"] = key;
    Object.assign(headers, opts.headers);
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${emu.url}${opts.prefix ?? "/api/v3.1"}${path}`, { method, headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  return { emu, control: new EmulatorControl(emu.url, API_KEY), logs, api };
}

/** The official @composio/client pointed at a test emulator, without retries unless asked. */
export const officialClientOf = (t: TestEmulator, options: { apiKey?: string; maxRetries?: number } = {}): Composio =>
  new Composio({ apiKey: API_KEY, baseURL: t.emu.url, maxRetries: 0, ...options });

/**
 * The suite's emulator with the official @composio/client pointed at it (no retries, so a refusal is
 * seen as the client raises it), reset before each test. Call at the top level of a test file; read
 * the fields inside tests (they are set in beforeAll).
 */
export function useEmulatorWithOfficialClient(): { t: TestEmulator; client: Composio } {
  const suite = {} as { t: TestEmulator; client: Composio };
  beforeAll(async () => {
    suite.t = await startTestEmulator();
    suite.client = officialClientOf(suite.t);
  });
  afterAll(() => suite.t.emu.close());
  beforeEach(() => suite.t.control.reset());
  return suite;
}

export const notionCustom = (credentials: Record<string, unknown> = { client_id: "cid-1", client_secret: "secret-value-1234" }) => ({
  toolkit: { slug: "notion" },
  auth_config: { type: "use_custom_auth", authScheme: "OAUTH2", name: "Notion Auth", credentials },
});

export const managed = (slug: string, extra: Record<string, unknown> = {}) => ({
  toolkit: { slug },
  auth_config: { type: "use_composio_managed_auth", ...extra },
});

/** The error object of the documented body, as the emulator writes it. */
export type WireError = ErrorBody["error"];

/**
 * Asserts the documented error shape (published OpenAPI spec: code and slug always present, the
 * code being the slug's entry in the emulator's table) and returns the error object.
 */
export function expectError(res: ApiResponse, status: number, slug?: ErrorKind): WireError {
  expect(res.status).toBe(status);
  expect(res.json).toEqual({
    error: expect.objectContaining({
      message: expect.any(String),
      code: expect.any(Number),
      slug: expect.any(String),
      status,
      request_id: expect.stringMatching(/^req_/),
    }),
  });
  const error = res.json.error as WireError;
  expect(ERROR_KINDS[error.slug]).toEqual({ status, code: error.code });
  if (slug !== undefined) expect(error.slug).toBe(slug);
  expect(res.headers.get("x-request-id")).toBe(error.request_id);
  return error;
}
