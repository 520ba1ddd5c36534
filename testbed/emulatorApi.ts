/**
 * The emulator as the e2e suites use it: one per test file, plus raw API calls for the out-of-band
 * edits a person would make in the dashboard (they go through the public API, like the dashboard's).
 */
import { EmulatorControl, startEmulator, type RunningEmulator } from "../emulator";
import type { WireAuthConfig } from "../provider/core/wire";

export interface TestComposio {
  emulator: RunningEmulator;
  control: EmulatorControl;
  apiKey: string;
  /** A public API call; returns the status and the parsed body. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Every auth config on the server (all pages, disabled included). */
  list(): Promise<WireAuthConfig[]>;
  /** Count of auth-config API calls since the last clearStats (toolkit look-ups apart). */
  authConfigCalls(): Promise<number>;
}

export async function startTestComposio(apiKey: string): Promise<TestComposio> {
  const emulator = await startEmulator({ apiKey, quiet: true });
  const control = new EmulatorControl(emulator.url, apiKey);
  const api: TestComposio["api"] = async (method, path, body) => {
    const response = await fetch(`${emulator.url}/api/v3.1${path}`, {
      method,
      headers: { "x-api-key": apiKey, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: await response.json().catch(() => null) };
  };
  return {
    emulator,
    control,
    apiKey,
    api,
    async list() {
      const items: WireAuthConfig[] = [];
      let cursor: string | null = null;
      do {
        const page: { json: { items: WireAuthConfig[]; next_cursor: string | null } } = await api(
          "GET",
          `/auth_configs?limit=50&show_disabled=true${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        );
        items.push(...page.json.items);
        cursor = page.json.next_cursor;
      } while (cursor);
      return items;
    },
    async authConfigCalls() {
      const { byRoute } = await control.stats();
      return Object.entries(byRoute)
        .filter(([route]) => route.includes("/auth_configs"))
        .reduce((sum, [, count]) => sum + count, 0);
    },
  };
}
