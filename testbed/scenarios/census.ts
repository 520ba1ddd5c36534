/**
 * Server against state: every auth config on the emulator must be one in the stack's state (same id,
 * same name) and the other way round. An orphan is a config only the server has (what a lost create
 * leaves behind); a duplicate is a name the server holds more than once.
 */
import type { TestComposio } from "../emulatorApi";
import { AUTH_CONFIG_TYPE } from "../../provider/engineProtocol";

/** `pulumi stack export`, parsed (e.g. `async () => (await env.exportStack(stack)).deployment`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the checkpoint's JSON
export type ExportState = () => Promise<any>;

export interface Census {
  server: number;
  state: number;
  /** Server configs whose id is not in state. */
  orphans: number;
  /** State resources whose id the server does not have. */
  missing: number;
  /** Same id on both sides, different name. */
  renamed: number;
  /** Names the server holds more than once. */
  duplicates: number;
  /** Pending operations left in the state (e.g. by an interrupted run). */
  pending: number;
}

interface StateConfig {
  urn: string;
  id: string;
  name: string;
}

async function stateConfigs(exportState: ExportState): Promise<{ configs: StateConfig[]; pending: number }> {
  const deployment = await exportState();
  const resources: { type: string; urn: string; id: string; outputs?: { name?: string } }[] = deployment.deployment.resources ?? [];
  const configs = resources
    .filter((resource) => resource.type === AUTH_CONFIG_TYPE)
    .map((resource) => ({ urn: resource.urn, id: resource.id, name: resource.outputs?.name ?? "" }));
  return { configs, pending: (deployment.deployment.pending_operations ?? []).length };
}

export async function census(exportState: ExportState, composio: TestComposio): Promise<Census> {
  const server = await composio.list();
  const { configs, pending } = await stateConfigs(exportState);
  const inState = new Map(configs.map((config) => [config.id, config.name]));
  const onServer = new Map(server.map((config) => [config.id, config.name]));
  const names = server.map((config) => config.name);
  return {
    server: server.length,
    state: configs.length,
    orphans: server.filter((config) => !inState.has(config.id)).length,
    missing: configs.filter((config) => !onServer.has(config.id)).length,
    renamed: configs.filter((config) => onServer.has(config.id) && onServer.get(config.id) !== config.name).length,
    duplicates: names.length - new Set(names).size,
    pending,
  };
}

/** True when server and state hold exactly the same `expected` configs and nothing else. */
export function converged(c: Census, expected: number): boolean {
  return (
    c.server === expected &&
    c.state === expected &&
    c.orphans === 0 &&
    c.missing === 0 &&
    c.renamed === 0 &&
    c.duplicates === 0 &&
    c.pending === 0
  );
}

export function describeCensus(c: Census): string {
  return `server ${c.server}, state ${c.state}, orphans ${c.orphans}, missing ${c.missing}, renamed ${c.renamed}, duplicates ${c.duplicates}, pending operations ${c.pending}`;
}
