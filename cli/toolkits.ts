#!/usr/bin/env node
/**
 * `composio-toolkits [<slug>] [--json]`: which toolkits Composio has and what an auth config of each needs, without
 * raw HTTP. Without a slug, every toolkit (slug, name, auth schemes, the schemes Composio manages); with one, each
 * scheme's fields: the credentials of a custom auth config and what each account is asked for when it connects,
 * required or optional, secret or not. Reads COMPOSIO_API_KEY and COMPOSIO_BASE_URL (default
 * https://backend.composio.dev), through the provider's API client.
 *
 * Exit code: 0 listed; 1 no toolkit of that slug (with the closest listed one, if any); 2 error (bad arguments, no
 * API key, the API failing).
 */
import { parseArgs } from "node:util";
import { ComposioApi } from "../provider/api/client";
import { statusOf } from "../provider/api/errors";
import { ProviderSettingsError, resolveSettings, type ProviderSettings } from "../provider/api/settings";
import { closestName } from "../provider/core/toolkitRules";
import { processIo, runAsBin, startCommand, type CliIo, type ParsedArgs } from "./cliIo";
import { formatListJson, formatListText, formatToolkitJson, formatToolkitText, toolkitView } from "./toolkitsFormat";

export const USAGE =
  "usage: composio-toolkits [<slug>] [--json]\n" +
  "  Without a slug: every toolkit Composio has (slug, name, auth schemes, the schemes Composio manages).\n" +
  "  With a slug (e.g. notion): each auth scheme's fields, for an auth config's credentials and for connecting an\n" +
  "  account, required or optional. Reads COMPOSIO_API_KEY and COMPOSIO_BASE_URL (default https://backend.composio.dev).\n" +
  "  Exit code: 0 listed, 1 no toolkit of that slug, 2 error (bad arguments, no API key, the API failing).";

export const EXIT_OK = 0;
export const EXIT_UNKNOWN_TOOLKIT = 1;
export const EXIT_ERROR = 2;

export const NO_KEY_MESSAGE =
  "no Composio API key: export COMPOSIO_API_KEY=<key> (and COMPOSIO_BASE_URL when the API is not https://backend.composio.dev)";

interface ToolkitsArgs {
  slug?: string;
  json: boolean;
}

export function parseToolkitsArgs(argv: readonly string[]): ParsedArgs<ToolkitsArgs> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) return { kind: "help" };
    if (positionals.length > 1) return { kind: "error", message: `one toolkit slug at a time (got ${positionals.join(" ")})` };
    const slug = positionals[0]?.trim().toLowerCase();
    return { kind: "run", args: { ...(slug ? { slug } : {}), json: values.json ?? false } };
  } catch (error) {
    return { kind: "error", message: (error as Error).message };
  }
}

function settings(env: NodeJS.ProcessEnv): ProviderSettings {
  try {
    return resolveSettings(() => undefined, env);
  } catch (error) {
    if (error instanceof ProviderSettingsError && error.setting === "composio:apiKey") throw new Error(NO_KEY_MESSAGE);
    throw error;
  }
}

async function showToolkit(api: ComposioApi, slug: string, args: ToolkitsArgs, io: CliIo): Promise<number> {
  let toolkit;
  try {
    toolkit = await api.getToolkit(slug);
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
    const suggestion = closestName(
      slug,
      (await api.listToolkits()).map((listed) => listed.slug),
    );
    io.stderr(
      `composio-toolkits: no toolkit "${slug}" in Composio${suggestion ? `; did you mean "${suggestion}"?` : ""} (\`composio-toolkits\` lists them all)\n`,
    );
    return EXIT_UNKNOWN_TOOLKIT;
  }
  const view = toolkitView(toolkit);
  io.stdout(args.json ? formatToolkitJson(view) : formatToolkitText(view));
  return EXIT_OK;
}

export async function main(argv: readonly string[], io: CliIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const start = startCommand("composio-toolkits", USAGE, parseToolkitsArgs(argv), io, { help: EXIT_OK, usage: EXIT_ERROR });
  if ("exit" in start) return start.exit;
  const { args } = start;
  try {
    const api = new ComposioApi(settings(env));
    if (args.slug) return await showToolkit(api, args.slug, args, io);
    const toolkits = await api.listToolkits();
    io.stdout(args.json ? formatListJson(toolkits) : formatListText(toolkits));
    return EXIT_OK;
  } catch (error) {
    io.stderr(`composio-toolkits: ${(error as Error).message}\n`);
    return EXIT_ERROR;
  }
}

runAsBin(module, main);
