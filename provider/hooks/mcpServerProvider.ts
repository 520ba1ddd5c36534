/**
 * The McpServer resource's hooks, and the entry point its serialized stub loads (`pulumi-composio/hooks/mcpServer`,
 * sdk/mcpServer.ts): thin sequences of API calls around the pure core (core/mcpServer.ts, core/mcpServerMapping.ts).
 *
 * API calls per hook: check 0, plus 1 GET per auth config id when the ids changed (memoized per process: the
 * preview's check and `up`'s share nothing, `up`'s check and update do), to fail the preview on an id that does not
 * exist; diff 0; create 1 POST (its answer is the server); read 1 GET or less (a refresh's reads share one listing,
 * 200 servers a page); update 1 PATCH (its answer is the server); delete 1 DELETE (a 404 is done).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { forEngine, type CheckFailure } from "../core/check";
import { checkMcpServer, type McpServerInputs } from "../core/mcpServer";
import {
  diffMcpServer,
  observeMcpServer,
  refreshedMcpServer,
  toMcpCreateBody,
  toMcpUpdateBody,
  type McpServerOutputs,
} from "../core/mcpServerMapping";
import { reportedOnce, statusOf, withRecordedKeyAdvice } from "../api/errors";
import { lookupAuthConfig } from "../api/lookups";
import { McpServerApi } from "../api/mcpServers";
import { resolveSettings, type ProviderSettings } from "../api/settings";
import { takeSdkReport, UNKNOWN } from "../engineProtocol";
import { processWarnings, type WarningSink } from "./engineLog";

const asSet = (ids: readonly string[]) => [...new Set(ids)].sort().join();
const sameIds = (a: readonly string[] | undefined, b: readonly string[]) => a !== undefined && asSet(a) === asSet(b);

/** Settings as resolved once: usable, or the error that says what to set. */
type Resolved = { settings: ProviderSettings } | { error: Error };

function resolved(resolve: () => ProviderSettings): Resolved {
  try {
    return { settings: resolve() };
  } catch (error) {
    return { error: error as Error };
  }
}

export class McpServerProvider implements dynamic.ResourceProvider {
  /** Without configure (tests, direct use): the environment's. */
  private resolved?: Resolved;
  private api?: McpServerApi;
  private readonly warned = new Set<string>();

  constructor(private readonly warnings: WarningSink = processWarnings()) {}

  async configure(req: dynamic.ConfigureRequest): Promise<void> {
    this.useSettings(() => resolveSettings((key) => req.config.get(key), process.env));
  }

  useSettings(resolve: () => ProviderSettings): this {
    this.resolved = resolved(resolve);
    this.api = undefined;
    return this;
  }

  private currentSettings(): ProviderSettings {
    this.resolved ??= resolved(() => resolveSettings(() => undefined, process.env));
    if ("error" in this.resolved) throw this.resolved.error;
    return this.resolved.settings;
  }

  private client(): McpServerApi {
    return (this.api ??= new McpServerApi(this.currentSettings()));
  }

  /** The schema's check (pure), then, when the auth config ids changed and are known, that each one exists. */
  async check(olds: unknown, rawNews: unknown): Promise<dynamic.CheckResult> {
    const outcome = checkMcpServer(olds, takeSdkReport(rawNews).news);
    if (!outcome.ok) return { inputs: outcome.inputs, failures: forEngine(outcome.failures) };
    const ids = outcome.inputs.authConfigIds;
    const previous = (olds ?? {}) as Partial<McpServerInputs>;
    const unchecked = !Array.isArray(ids) || ids.includes(UNKNOWN) || sameIds(previous.authConfigIds, ids);
    if (unchecked) return { inputs: outcome.inputs, failures: [] };
    return { inputs: outcome.inputs, failures: forEngine(await this.authConfigFailures(ids)) };
  }

  /**
   * Each id that Composio does not have, and a second auth config of one toolkit (a server reaches a toolkit
   * through one). Without a key, or with the API unreachable, the preview goes on with a warning: `up` fails then.
   */
  private async authConfigFailures(ids: readonly string[]): Promise<CheckFailure[]> {
    let settings: ProviderSettings;
    try {
      settings = this.currentSettings();
    } catch (error) {
      await this.warnOnce(`McpServer: the auth config ids could not be checked (${(error as Error).message})`);
      return [];
    }
    const failures: CheckFailure[] = [];
    const toolkitOf = new Map<string, string>();
    for (const [index, id] of ids.entries()) {
      const property = `authConfigIds[${index}]`;
      try {
        const toolkit = (await lookupAuthConfig(settings, id)).toolkit.slug;
        const first = [...toolkitOf].find(([, slug]) => slug === toolkit)?.[0];
        if (first !== undefined && first !== id) {
          const reason = `${id} and ${first} are both for toolkit "${toolkit}"; a server uses one auth config per toolkit: keep one`;
          failures.push({ property, reason });
        }
        toolkitOf.set(id, toolkit);
      } catch (error) {
        if (statusOf(error) !== 404) {
          await this.warnOnce(`McpServer: auth config ${id} could not be checked (${(error as Error).message}); \`pulumi up\` will tell`);
          continue;
        }
        const reason = `auth config ${id} does not exist in this Composio project; pass an AuthConfig's authConfigId, or fix the id`;
        failures.push({ property, reason });
      }
    }
    return failures;
  }

  private async warnOnce(message: string): Promise<void> {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    await this.warnings(message);
  }

  /** A replace deletes first: names are unique in a project, so the new server could not take the name beside the old. */
  async diff(_id: string, olds: McpServerOutputs, news: McpServerInputs): Promise<dynamic.DiffResult> {
    const { changes, replaces } = diffMcpServer(olds, news);
    return { changes, replaces, deleteBeforeReplace: replaces.length > 0 };
  }

  async create(inputs: McpServerInputs): Promise<dynamic.CreateResult> {
    const server = await this.client().createMcpServer(toMcpCreateBody(inputs));
    return { id: server.id, outs: observeMcpServer(server, inputs) };
  }

  async read(id: string, props: McpServerOutputs): Promise<dynamic.ReadResult> {
    const live = await this.client().readMcpServer(id);
    // Gone on the server (confirmed by a GET): an empty id tells the engine to drop it from state.
    if (!live) return {};
    return { id, ...refreshedMcpServer(live, props) };
  }

  async update(id: string, olds: McpServerOutputs, news: McpServerInputs): Promise<dynamic.UpdateResult> {
    const body = toMcpUpdateBody(news, diffMcpServer(olds, news).changed);
    if (!body) return { outs: { ...olds, ...news } };
    return { outs: observeMcpServer(await this.client().updateMcpServer(id, body), news) };
  }

  async delete(id: string): Promise<void> {
    await this.client().deleteMcpServer(id);
  }
}

/** One per provider process: `configure` stores the settings every later hook uses. */
const provider = new McpServerProvider();

/** A hook whose errors are reported once (api/errors.ts reportedOnce); `advise` rewrites them first. */
const hook =
  <A extends unknown[], R>(run: (...args: A) => Promise<R>, advise: (error: unknown) => unknown = (error) => error) =>
  (...args: A): Promise<R> =>
    run.apply(provider, args).catch((error: unknown) => {
      throw reportedOnce(advise(error));
    });

export const configure = provider.configure.bind(provider);
export const check = hook(provider.check);
export const diff = hook(provider.diff);
export const create = hook(provider.create);
// read runs on refresh, with the settings the last up recorded (not the config).
export const read = hook(provider.read, withRecordedKeyAdvice);
export const update = hook(provider.update);
const remove = hook(provider.delete);
// `delete` is a reserved word, so it is exported under its hook name this way.
export { remove as delete };
