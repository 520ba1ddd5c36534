/**
 * The emulator as the e2e suites use it: one per test file, plus raw API calls for the out-of-band
 * edits a person would make in the dashboard (they go through the public API, like the dashboard's).
 */
import { EmulatorControl, startEmulator, type RunningEmulator, type Stats } from "../emulator";
import type { WireAuthConfig } from "../provider/core/wire";

export interface TestComposio {
  emulator: RunningEmulator;
  control: EmulatorControl;
  apiKey: string;
  /** A public API call; returns the status and the parsed body. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any JSON body
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** Every auth config on the server (all pages, disabled included). */
  list(): Promise<WireAuthConfig[]>;
  /** Count of auth-config API calls since the last clearStats (toolkit look-ups apart). */
  authConfigCalls(): Promise<number>;
  /** Count of auth-config writes (POST, PATCH, PUT, DELETE) since the last clearStats. */
  authConfigWrites(): Promise<number>;
  /** Count of every API write (any route) since the last clearStats. */
  writes(): Promise<number>;
  /** Runs `step` with the counters cleared first: its result, the API writes it made and all its API calls. */
  counted<T>(step: () => Promise<T>): Promise<{ result: T; writes: number; calls: number }>;
  /** Connects one account per user to an API_KEY or BEARER_TOKEN config, as an application would; returns their ids. */
  connectAccounts(authConfigId: string, users: string[]): Promise<string[]>;
  /** How many live connected accounts a config has (listed with the auth_config_ids filter). */
  accountsOf(authConfigId: string): Promise<number>;
}

/** Requests to the auth-config routes (by "METHOD /path" route) that `keep` selects. */
function authConfigRequests({ byRoute }: Stats, keep: (route: string) => boolean): number {
  return Object.entries(byRoute)
    .filter(([route]) => route.includes("/auth_configs") && keep(route))
    .reduce((sum, [, count]) => sum + count, 0);
}

/** `stateFile`: the emulator's persisted state to load, and write every change to (emulator/README.md, Persistence). */
export async function startTestComposio(apiKey: string, opts: { stateFile?: string } = {}): Promise<TestComposio> {
  const emulator = await startEmulator({ apiKey, quiet: true, stateFile: opts.stateFile });
  const control = new EmulatorControl(emulator.url, apiKey);
  const api: TestComposio["api"] = async (method, path, body) => {
    const response = await fetch(`${emulator.url}/api/v3.1${path}`, {
      method,
      headers: { "x-api-key": apiKey, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: await response.json().catch(() => null) };
  };
  const writes = async () =>
    Object.entries((await control.stats()).byRoute)
      .filter(([route]) => !route.startsWith("GET"))
      .reduce((sum, [, count]) => sum + count, 0);
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
      return authConfigRequests(await control.stats(), () => true);
    },
    async authConfigWrites() {
      return authConfigRequests(await control.stats(), (route) => !route.startsWith("GET"));
    },
    writes,
    async counted(step) {
      await control.clearStats();
      const result = await step();
      return { result, writes: await writes(), calls: (await control.stats()).total };
    },
    async connectAccounts(authConfigId, users) {
      const config = await api("GET", `/auth_configs/${authConfigId}`);
      const scheme: string = config.json.auth_scheme;
      const ids: string[] = [];
      for (const user of users) {
        const val =
          scheme === "BEARER_TOKEN" ? { status: "ACTIVE", token: `token-${user}` } : { status: "ACTIVE", generic_api_key: `key-${user}` };
        const created = await api("POST", "/connected_accounts", {
          auth_config: { id: authConfigId },
          connection: { user_id: user, state: { authScheme: scheme, val } },
        });
        if (created.status !== 201) throw new Error(`connecting ${user} to ${authConfigId} failed: ${JSON.stringify(created.json)}`);
        ids.push(created.json.id);
      }
      return ids;
    },
    async accountsOf(authConfigId) {
      return (await api("GET", `/connected_accounts?auth_config_ids=${authConfigId}&limit=200`)).json.total_items;
    },
  };
}
