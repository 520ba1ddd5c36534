/**
 * What the docs runner runs and with what: the documents of a tree, which of them may run at the same time, and
 * the environment a document's shell starts with. Pure.
 */
import type { ShellBlock } from "./markdown";

/**
 * The documents whose shell blocks are run, from the tree's file list: README.md, docs/**\/*.md except the generated
 * docs/reference/, examples/*\/README.md and examples/README.md (the examples' own journey: an emulator, an example's
 * stack); README first, then by path.
 */
export function documentPaths(treeFiles: string[]): string[] {
  const rank = (file: string) => (file === "README.md" ? 0 : file.startsWith("docs/") ? 1 : 2);
  return treeFiles
    .filter(
      (file) =>
        file === "README.md" ||
        (/^docs\/.+\.md$/.test(file) && !file.startsWith("docs/reference/")) ||
        /^examples\/([^/]+\/)?README\.md$/.test(file),
    )
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The documents a command line selects: each argument picks the documents whose path contains it; none: all. */
export function selectDocuments(documents: string[], filters: string[]): string[] {
  return filters.length === 0 ? documents : documents.filter((file) => filters.some((filter) => file.includes(filter)));
}

/**
 * The fixed loopback ports a document's blocks name (`--port 4010`, `127.0.0.1:4010`, `localhost:4010`): a
 * process it starts listens there, so two documents naming one port must not run at the same time.
 */
export function fixedPorts(blocks: ShellBlock[]): number[] {
  const ports = new Set<number>();
  for (const { text } of blocks) {
    for (const match of text.matchAll(/--port[= ]+(\d+)|(?:127\.0\.0\.1|localhost):(\d+)/g)) {
      const port = Number(match[1] ?? match[2]);
      if (port > 0) ports.add(port);
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** The first waiting document (by index) that names no port a running document names; undefined when none may start. */
export function nextToStart(waiting: { ports: number[] }[], runningPorts: Set<number>): number | undefined {
  const index = waiting.findIndex(({ ports }) => ports.every((port) => !runningPorts.has(port)));
  return index < 0 ? undefined : index;
}

/** Sentinel values of the placeholder secrets the docs use (interfaces.md, /work/notes/runner-env.md). */
export const PLACEHOLDER_SECRETS = {
  NOTION_CLIENT_SECRET: "docs-runner-notion-client-secret",
  NOTION_NEW_CLIENT_SECRET: "docs-runner-notion-new-client-secret",
} as const;

export interface DocumentServices {
  home: string;
  /** Directories put first on PATH: the Pulumi CLI's, the YAML language host's. */
  toolDirs: string[];
  composio: { url: string; apiKey: string };
  /** Only for a document that names PULUMI_POSTGRES_URL. */
  postgres?: { url: string; password: string };
  /** The npm cache the document's npm uses (the machine's, so `npm ci` of this lock needs no download). */
  npmCache: string;
}

/**
 * What passes through from the runner's own environment: locale, terminal, temp dir, CI flag, proxies. Nothing
 * else: no PULUMI_*, COMPOSIO_* or npm_* variable of the runner (`npm run docs:run` sets dozens) reaches a document.
 */
const PASSED_THROUGH = /^(LANG|LC_[A-Z]+|TERM|TZ|TMPDIR|CI|USER|LOGNAME|(https?|no|all)_proxy|(HTTPS?|NO|ALL)_PROXY)$/;

/**
 * The environment of a document's shell. PATH is the runner's without any node_modules directory (`npm run` puts
 * the runner's own node_modules/.bin there, where the document would find this repository's commands without
 * installing them), after the tool directories.
 */
export function documentEnvironment(runner: NodeJS.ProcessEnv, services: DocumentServices): Record<string, string> {
  const passed = Object.fromEntries(
    Object.entries(runner).filter((entry): entry is [string, string] => PASSED_THROUGH.test(entry[0]) && entry[1] !== undefined),
  );
  const systemPath = (runner.PATH ?? "").split(":").filter((dir) => dir && !dir.split("/").includes("node_modules"));
  return {
    ...passed,
    HOME: services.home,
    PATH: [...services.toolDirs, ...systemPath].join(":"),
    SHELL: "/bin/bash",
    COMPOSIO_API_KEY: services.composio.apiKey,
    COMPOSIO_BASE_URL: services.composio.url,
    COMPOSIO_DEV_API_KEY: services.composio.apiKey,
    COMPOSIO_PROD_API_KEY: services.composio.apiKey,
    ...PLACEHOLDER_SECRETS,
    ...(services.postgres ? { PULUMI_POSTGRES_URL: services.postgres.url, PULUMI_DB_PASSWORD: services.postgres.password } : {}),
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    npm_config_cache: services.npmCache,
    npm_config_update_notifier: "false",
  };
}
