/**
 * The drift check from the checkpoint, its I/O half: each auth config and each MCP server of a stack's exported state
 * read live from Composio (one listing of each per project for the whole run), then the pure comparison
 * (driftPlan.ts). Loaded by drift.ts only when a stack is compared, with the provider's read and schemas and the
 * official client.
 */
import {
  checkpointConfigs,
  checkpointMcpServers,
  checkpointReport,
  configReads,
  isProviderResource,
  listingServes,
  needsOpening,
  needsRead,
  plainValue,
  recordedProviderConfig,
  settingsSealed,
} from "./driftPlan";
import type { StoredCheckpoint } from "./driftPlan";
import { DriftError, noApiKeyMessage } from "./driftErrors";
import { oncePerCause, type DriftReport } from "./driftReport";
import { ProviderSettingsError, resolveSettings, type ProviderSettings } from "../provider/api/settings";
import { McpServerApi } from "../provider/api/mcpServers";
import { settingsKey } from "../provider/api/memo";
import { officialClient } from "../provider/api/officialClient";
import type { WireMcpServer } from "../provider/core/mcpServer";
import type { WireAuthConfig } from "../provider/core/wire";

/**
 * One Composio API client per project (API key and base URL) for the whole run: its reads coalesce into one
 * listing of auth configs and one of MCP servers (coalescedReads.ts; McpServerApi is a ComposioApi with the MCP
 * calls), so every stack of the run that uses the project is served by the same listings.
 * Unless the listing may be older than the stack's checkpoint (an `up` finished after it began): then that stack
 * gets a fresh listing, which the stacks after it share, so a listing never predates the state it is compared with.
 */
class Projects {
  private readonly apis = new Map<string, { api: McpServerApi; since: number }>();

  api(settings: ProviderSettings, checkpointWrittenAt: number): McpServerApi {
    const key = settingsKey(settings);
    const known = this.apis.get(key);
    if (known && listingServes(known.since, checkpointWrittenAt)) return known.api;
    const fresh = { api: new McpServerApi(settings), since: Date.now() };
    this.apis.set(key, fresh);
    return fresh.api;
  }
}

/** The reads that answered, by id. */
const fulfilled = <V>(results: PromiseSettledResult<[string, V]>[]): Map<string, V> =>
  new Map(results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : [])));

/**
 * The comparison for a run: each config and MCP server of a stack's checkpoint (its secrets opened if it reads one)
 * read live (one listing of each per project, a GET for one it lacks), then driftPlan.ts's report.
 */
export function checkpointComparer(): (stack: string, stored: StoredCheckpoint) => Promise<DriftReport> {
  officialClient(); // loaded now, while the export runs, not on the first read
  const projects = new Projects();
  return async (stack, stored) => {
    // Secrets are opened only when the comparison reads one: the recorded settings before the reads, the outputs of
    // a config that changed once they answered (driftPlan.ts `settingsSealed`, `needsOpening`).
    let state = settingsSealed(stored.state) ? await stored.open(isProviderResource) : stored.state;
    const configs = checkpointConfigs(state);
    const servers = checkpointMcpServers(state);
    // No time recorded (never the case for a CLI-written checkpoint): as if written just now, a fresh listing.
    const writtenAt = Date.parse(state.deployment?.manifest?.time ?? "") || Date.now();
    // The settings a refresh would configure the provider with: the config recorded at the last up, else the environment.
    const settingsFor = (provider: string | undefined): ProviderSettings => {
      try {
        return resolveSettings(recordedProviderConfig(state, provider), process.env);
      } catch (error) {
        if (error instanceof ProviderSettingsError && error.setting === "composio:apiKey") {
          throw new DriftError(noApiKeyMessage(stack), false, true);
        }
        throw new DriftError(`stack "${stack}": ${(error as Error).message}`);
      }
    };
    // Each provider's client chosen once for the stack: all the configs of a project are read with the same listing.
    const chosen = new Map<string | undefined, McpServerApi>();
    const apiFor = (provider: string | undefined) => {
      if (!chosen.has(provider)) chosen.set(provider, projects.api(settingsFor(provider), writtenAt));
      return chosen.get(provider)!;
    };
    const configRequests = configs.filter(needsRead).map((config) => {
      const api = apiFor(config.provider);
      const toolkit = plainValue(config.outputs.toolkit);
      const read = api.readAuthConfig(config.id, typeof toolkit === "string" ? toolkit : undefined);
      return read.then((live): [string, WireAuthConfig | undefined] => [config.id, live]);
    });
    const serverReads = servers.map((server) =>
      apiFor(server.provider)
        .readMcpServer(server.id)
        .then((live): [string, WireMcpServer | undefined] => [server.id, live]),
    );
    const [settled, serversSettled] = await Promise.all([Promise.allSettled(configRequests), Promise.allSettled(serverReads)]);
    const failures = [...settled, ...serversSettled].flatMap((result) =>
      result.status === "rejected" ? [String((result.reason as Error)?.message ?? result.reason)] : [],
    );
    if (failures.length > 0) {
      const what = servers.length > 0 ? "auth configs and MCP servers" : "auth configs";
      throw new DriftError(`reading the ${what} of stack "${stack}" failed: ${oncePerCause(failures).join("\n")}`);
    }
    const reads = configReads(configs, fulfilled(settled));
    if (needsOpening(state, reads)) state = await stored.open();
    return checkpointReport(stack, checkpointConfigs(state), reads, checkpointMcpServers(state), fulfilled(serversSettled));
  };
}
