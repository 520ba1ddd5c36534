/**
 * The docs runner: every shell block (sh, bash, shell, console) of README.md, docs/**\/*.md (not docs/reference/),
 * examples/README.md and examples/*\/README.md, run as written: the documentation as an executable spec.
 *
 *   npm run docs:run                                  # every document
 *   npm run docs:run -- docs/drift examples/          # the documents whose path contains one of these
 *   npm run docs:run -- --parallel 1 --block-timeout 300 --keep README.md
 *
 * Per document: a fresh copy of the tree's files (what git tracks or would track, as scripts/test-leg.sh copies
 * it: no node_modules, no .cache, no dist), a fresh home (mounted over the user's home in a private mount
 * namespace: the Pulumi CLI takes `~` from the user database, not $HOME), its own emulator (COMPOSIO_API_KEY, COMPOSIO_BASE_URL)
 * and, when it names PULUMI_POSTGRES_URL, its own PostgreSQL; then one bash session runs its blocks in order
 * (session.ts). A failing command fails its block and the document's later blocks are not reached; a block
 * running past --block-timeout (default 600 s) is killed. When the document ends, every process it left running
 * (its whole process group) is killed. Two documents run at a time (--parallel), never two naming the same fixed
 * port. A block right after the line `_Not run by the docs runner: <reason>._` is listed with its reason, not run.
 *
 * Output: progress on stderr; on stdout per document, as each ends, each block's file:line and outcome (the output's
 * tail under a failure); at the end the excluded blocks, the failures again, and last the plain line "docs: N passed, N failed" (.ci/run
 * adds it to the legs' totals). Exit status 1 when a block failed, 2 when the runner could not start.
 * --keep keeps each document's scratch directory (its copy, home, blocks and their output) and prints where;
 * --scratch <dir> puts those directories there (default /dev/shm, memory, when writable; else the temp dir).
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { cloneFiles } from "../../testbed/cloneFiles";
import { startPostgres, type TestPostgres } from "../../testbed/postgres";
import { extractShellBlocks, type DocumentBlocks } from "../../testbed/docsRunner/markdown";
import {
  documentEnvironment,
  documentPaths,
  fixedPorts,
  nextToStart,
  PLACEHOLDER_SECRETS,
  selectDocuments,
} from "../../testbed/docsRunner/plan";
import { formatDocument, formatSummary, outputTail, type DocumentReport } from "../../testbed/docsRunner/report";
import {
  blockOutcomes,
  blockOutputFile,
  blockScriptFile,
  isolationScript,
  parseStatus,
  runningBlock,
  sessionScript,
  type Isolation,
  type SessionEnd,
} from "../../testbed/docsRunner/session";

const REPO = path.resolve(__dirname, "../..");
const API_KEY = "docs-runner-composio-key";
/** The home directory the system's user database gives (what the Pulumi CLI takes for `~`), not $HOME. */
const REAL_HOME = os.userInfo().homedir;
const DB_PASSWORD = "docs-runner-db-password";
/** How long the processes a document left running get to exit after SIGTERM before SIGKILL. */
const KILL_GRACE_MS = 5_000;
const POLL_MS = 250;

interface Options {
  root: string;
  filters: string[];
  parallel: number;
  blockTimeoutSeconds: number;
  keep: boolean;
  /** Where the documents' scratch directories go (their copies, homes, node_modules). */
  scratchBase: string;
}

/**
 * Memory (/dev/shm) when there is one: a document's `npm ci` writes and its clean-up deletes some 20,000 files, which
 * took 30 s more per document on this machine's disk (measured: docs/toolkits.md in 53 s there, 85 s in /tmp).
 */
function defaultScratchBase(): string {
  try {
    fs.accessSync("/dev/shm", fs.constants.W_OK);
    return "/dev/shm";
  } catch {
    return os.tmpdir();
  }
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    root: REPO,
    filters: [],
    parallel: 2,
    blockTimeoutSeconds: 600,
    keep: false,
    scratchBase: defaultScratchBase(),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) usage(`${arg} needs a value`);
      return next;
    };
    const positive = (text: string) => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1) usage(`${arg} takes a whole number of at least 1, not "${text}"`);
      return n;
    };
    if (arg === "--parallel") options.parallel = positive(value());
    else if (arg === "--block-timeout") options.blockTimeoutSeconds = positive(value());
    else if (arg === "--root") options.root = path.resolve(value());
    else if (arg === "--keep") options.keep = true;
    else if (arg === "--scratch") options.scratchBase = path.resolve(value());
    else if (arg === "-h" || arg === "--help") {
      process.stdout.write(helpText());
      process.exit(0);
    } else if (arg.startsWith("-")) usage(`unknown option ${arg}`);
    else options.filters.push(arg);
  }
  return options;
}

function helpText(): string {
  const source = fs.readFileSync(__filename, "utf8");
  return /\/\*\*\n([\s\S]*?)\*\//.exec(source)![1].replace(/^ \* ?/gm, "");
}

function usage(message: string): never {
  process.stderr.write(`docs-run: ${message}\n\n${helpText()}`);
  process.exit(2);
}

const started = Date.now();
const progress = (message: string) =>
  process.stderr.write(`[docs-run ${String(Math.round((Date.now() - started) / 1000)).padStart(4)}s] ${message}\n`);

function copyTree(root: string, files: string[], destination: string): Promise<void> {
  fs.mkdirSync(destination, { recursive: true });
  return new Promise((resolve, reject) => {
    const pack = spawn("tar", ["--null", "-T", "-", "-cf", "-"], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
    const unpack = spawn("tar", ["-xf", "-"], { cwd: destination, stdio: ["pipe", "inherit", "inherit"] });
    pack.stdout.pipe(unpack.stdin);
    pack.stdin.end(files.map((file) => `${file}\0`).join(""));
    let pending = 2;
    const done = (what: string) => (code: number | null) => {
      if (code !== 0) reject(new Error(`${what} of the tree into ${destination} exited with ${code}`));
      else if (--pending === 0) resolve();
    };
    pack.on("exit", done("tar -c"));
    unpack.on("exit", done("tar -x"));
  });
}

/** The last line a toolchain script printed on stdout: the directory it made ready. */
function toolchainDir(script: string): string {
  progress(`${script} (a build on a cold machine takes minutes)`);
  const out = execFileSync(path.join(REPO, script), [], { cwd: REPO, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return out.trim().split("\n").pop()!;
}

interface Document {
  index: number;
  file: string;
  text: string;
  blocks: DocumentBlocks;
  ports: number[];
}

interface Shared {
  options: Options;
  files: string[];
  scratch: string;
  toolDirs: string[];
  npmCache: string;
}

async function runDocument(doc: Document, shared: Shared): Promise<DocumentReport> {
  const t0 = Date.now();
  const report: DocumentReport = { file: doc.file, blocks: [], excluded: doc.blocks.excluded, mistakes: doc.blocks.mistakes, ms: 0 };
  const dir = path.join(shared.scratch, `${doc.index}-${doc.file.replace(/[^\w.-]+/g, "_")}`);
  const home = path.join(dir, "home");
  const tree = path.join(dir, "pulumi-composio");
  const blocksDir = path.join(dir, "blocks");
  const cleanups: (() => Promise<unknown> | void)[] = [];
  try {
    fs.mkdirSync(home, { recursive: true });
    fs.mkdirSync(blocksDir, { recursive: true });
    await copyTree(shared.options.root, shared.files, tree);
    const emulator = await startEmulator({ apiKey: API_KEY, port: 0, quiet: true });
    cleanups.push(() => emulator.close());
    let postgres: TestPostgres | undefined;
    if (doc.text.includes("PULUMI_POSTGRES_URL")) {
      postgres = await startPostgres("docs-run");
      cleanups.push(() => postgres!.stop());
    }
    const env = documentEnvironment(process.env, {
      home: REAL_HOME, // where the fresh home is mounted for the document (isolationScript)
      toolDirs: shared.toolDirs,
      composio: { url: emulator.url, apiKey: API_KEY },
      postgres: postgres && { url: postgres.backendUrl, password: DB_PASSWORD },
      npmCache: shared.npmCache,
    });
    const keep = [shared.npmCache, REPO, ...env.PATH.split(":")].filter((dir) => fs.existsSync(dir));
    const isolation = { realHome: REAL_HOME, freshHome: home, keep, keepDir: path.join(dir, "kept") };
    report.blocks = await runSession(doc, { tree, blocksDir, env, isolation, blockTimeoutSeconds: shared.options.blockTimeoutSeconds });
  } catch (error) {
    report.setupError = (error as Error).message;
    report.blocks = doc.blocks.run.map((block) => ({
      block,
      outcome: { result: "failed", why: "the document could not be set up (above)" },
    }));
  } finally {
    for (const cleanup of cleanups.reverse())
      await Promise.resolve(cleanup()).catch((error) => progress(`${doc.file}: cleanup: ${(error as Error).message}`));
    if (shared.options.keep) progress(`${doc.file}: kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
  report.ms = Date.now() - t0;
  return report;
}

async function runSession(
  doc: Document,
  {
    tree,
    blocksDir,
    env,
    isolation,
    blockTimeoutSeconds,
  }: {
    tree: string;
    blocksDir: string;
    env: Record<string, string>;
    isolation: Omit<Isolation, "sessionFile">;
    blockTimeoutSeconds: number;
  },
): Promise<DocumentReport["blocks"]> {
  const blocks = doc.blocks.run;
  if (blocks.length === 0) return [];
  const statusFile = path.join(blocksDir, "status");
  const sessionFile = path.join(blocksDir, "session.sh");
  blocks.forEach((block, i) => fs.writeFileSync(blockScriptFile(blocksDir, i), block.text));
  fs.writeFileSync(sessionFile, sessionScript(blocks, { statusFile, blocksDir }));
  const isolationFile = path.join(blocksDir, "isolation.sh");
  fs.writeFileSync(isolationFile, isolationScript({ ...isolation, sessionFile }));
  fs.writeFileSync(statusFile, "");
  const sessionLog = fs.openSync(path.join(blocksDir, "session.log"), "a");
  // unshare execs bash in a private mount namespace (the fresh home mounted over the real one); detached: that bash
  // leads a new process group (and session), which the document's background processes join. Not root: a user
  // namespace of one's own uid allows the mounts.
  const unshare = [...(process.getuid?.() === 0 ? [] : ["--map-current-user"]), "--mount", "--propagation", "private"];
  const shell = spawn("unshare", [...unshare, "bash", "--noprofile", "--norc", isolationFile], {
    cwd: tree,
    env,
    detached: true,
    stdio: ["ignore", sessionLog, sessionLog],
  });
  fs.closeSync(sessionLog);
  let timedOutAfterSeconds: number | undefined;
  const clock = setInterval(() => {
    const running = runningBlock(parseStatus(fs.readFileSync(statusFile, "utf8")));
    if (running && timedOutAfterSeconds === undefined && Date.now() - running.since > blockTimeoutSeconds * 1000) {
      timedOutAfterSeconds = blockTimeoutSeconds;
      progress(
        `${blocks[running.block].file}:${blocks[running.block].line}: still running after ${blockTimeoutSeconds}s: killing the document's processes`,
      );
      signalGroup(shell.pid!, "SIGTERM");
    }
  }, POLL_MS);
  const ended = await new Promise<Omit<SessionEnd, "at">>((resolve) =>
    shell.on("exit", (exitCode, signal) => resolve({ exitCode, signal })),
  );
  clearInterval(clock);
  const end: SessionEnd = { ...ended, at: Date.now(), ...(timedOutAfterSeconds !== undefined ? { timedOutAfterSeconds } : {}) };
  await killGroup(shell.pid!);
  const outcomes = blockOutcomes(blocks, parseStatus(fs.readFileSync(statusFile, "utf8")), end, blocksDir);
  return blocks.map((block, i) => {
    const outcome = outcomes[i];
    if (outcome.result !== "failed") return { block, outcome };
    const outputFile = blockOutputFile(blocksDir, i);
    return { block, outcome, outputTail: outputTail(fs.existsSync(outputFile) ? fs.readFileSync(outputFile, "utf8") : "") };
  });
}

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: no process left in the group
  }
}

/** Whatever the document left running (servers started with `&`, their children): SIGTERM, then SIGKILL. */
async function killGroup(pgid: number): Promise<void> {
  if (!signalGroup(pgid, "SIGTERM")) return;
  const deadline = Date.now() + KILL_GRACE_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (!signalGroup(pgid, 0)) return;
  }
  signalGroup(pgid, "SIGKILL");
}

/**
 * Runs the documents, at most `parallel` at a time and never two naming one fixed port, printing each one's report as
 * it ends; returns the reports in document order.
 */
async function runAll(documents: Document[], shared: Shared): Promise<DocumentReport[]> {
  const reports = new Map<number, DocumentReport>();
  const waiting = [...documents];
  const running = new Map<number, Document>();
  await new Promise<void>((resolve) => {
    const startMore = () => {
      if (waiting.length === 0 && running.size === 0) return resolve();
      while (running.size < shared.options.parallel) {
        const next = nextToStart(waiting, new Set([...running.values()].flatMap((doc) => doc.ports)));
        if (next === undefined) break;
        const [doc] = waiting.splice(next, 1);
        running.set(doc.index, doc);
        progress(`${doc.file}: ${doc.blocks.run.length} block(s) to run, ${doc.blocks.excluded.length} excluded`);
        void runDocument(doc, shared).then((report) => {
          const t = report.blocks.filter((b) => b.outcome.result === "passed").length;
          progress(`${doc.file}: ${t} of ${report.blocks.length} block(s) passed in ${Math.round(report.ms / 1000)}s`);
          process.stdout.write([...formatDocument(report), ""].join("\n") + "\n");
          reports.set(doc.index, report);
          running.delete(doc.index);
          startMore();
        });
      }
    };
    startMore();
  });
  return documents.map((doc) => reports.get(doc.index)!);
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const files = cloneFiles(options.root);
  const selected = selectDocuments(documentPaths(files), options.filters);
  if (selected.length === 0) usage(`no document matches ${options.filters.map((f) => `"${f}"`).join(", ")}`);
  const documents = selected.map((file, index): Document => {
    const text = fs.readFileSync(path.join(options.root, file), "utf8");
    const blocks = extractShellBlocks(file, text);
    return { index, file, text, blocks, ports: fixedPorts([...blocks.run, ...blocks.excluded]) };
  });
  const toolDirs = [toolchainDir("toolchain/ensure-pulumi.sh"), toolchainDir("toolchain/ensure-pulumi-yaml.sh")];
  const npmCache = execFileSync("npm", ["config", "get", "cache"], { encoding: "utf8" }).trim();
  const scratch = fs.mkdtempSync(path.join(options.scratchBase, "docs-run-"));
  if (scratch.startsWith(`${REAL_HOME}/`))
    usage(`the scratch directory ${scratch} is inside your home, which each document gets fresh: use --scratch elsewhere`);
  const blockCount = documents.reduce((sum, doc) => sum + doc.blocks.run.length, 0);
  process.stdout.write(
    [
      `docs: ${documents.length} document(s), ${blockCount} shell block(s) to run, ${options.parallel} document(s) at a time, ${options.blockTimeoutSeconds}s per block.`,
      "Each document runs in one bash session (set -e) in a fresh copy of the tree, with this environment:",
      `  PATH            ${toolDirs.join(":")} (Pulumi CLI, YAML language host), then the system's PATH (node ${process.version}, npm) without any node_modules dir`,
      `  HOME=${REAL_HOME}  a fresh empty directory mounted there for the document only (a private mount namespace), so ~/.pulumi,`,
      "                  `file://~` and ~/.npmrc are new whether a program reads $HOME or the user database; paths the",
      "                  document still needs under the real home (npm's cache, the tools) are mounted back in place",
      `  COMPOSIO_API_KEY, COMPOSIO_DEV_API_KEY, COMPOSIO_PROD_API_KEY=${API_KEY}  the key of the document's own local emulator`,
      "  COMPOSIO_BASE_URL   http://127.0.0.1:<port> of that emulator",
      ...Object.entries(PLACEHOLDER_SECRETS).map(([name, value]) => `  ${name}=${value}  (placeholder secret)`),
      `  PULUMI_POSTGRES_URL, PULUMI_DB_PASSWORD=${DB_PASSWORD}  a throwaway PostgreSQL, only for a document naming PULUMI_POSTGRES_URL`,
      "  PULUMI_SKIP_CONFIRMATIONS=true, PULUMI_SKIP_UPDATE_CHECK=true",
      `  npm_config_cache=${npmCache} (this machine's npm cache: \`npm ci\` reuses what CI's own install fetched), npm_config_update_notifier=false`,
      "",
    ].join("\n"),
  );
  const reports = await runAll(documents, { options, files, scratch, toolDirs, npmCache });
  if (!options.keep) fs.rmSync(scratch, { recursive: true, force: true });
  process.stdout.write(formatSummary(reports, Date.now() - started).join("\n") + "\n");
  return reports.some((r) => r.setupError || r.mistakes.length || r.blocks.some((b) => b.outcome.result !== "passed")) ? 1 : 0;
}

main().then(
  (status) => process.exit(status),
  (error) => {
    process.stderr.write(`docs-run: ${(error as Error).stack ?? error}\n`);
    process.exit(2);
  },
);
