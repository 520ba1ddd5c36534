/** Which documents the docs runner runs, which may run side by side, and the environment a document starts with. */
import type { ShellBlock } from "../../testbed/docsRunner/markdown";
import { documentEnvironment, documentPaths, fixedPorts, nextToStart, selectDocuments } from "../../testbed/docsRunner/plan";

test("README.md, docs/**/*.md but docs/reference/, examples/*/README.md; README first", () => {
  const files = [
    "examples/pipeline/README.md",
    "docs/secrets.md",
    "README.md",
    "CONTRIBUTING.md",
    "docs/reference/authconfig.md",
    "docs/guides/deep.md",
    "examples/README.md",
    "emulator/README.md",
    "examples/pipeline/nested/README.md",
    "docs/drift-detection.md",
    "docs/notes.txt",
  ];
  expect(documentPaths(files)).toEqual([
    "README.md",
    "docs/drift-detection.md",
    "docs/guides/deep.md",
    "docs/secrets.md",
    "examples/README.md",
    "examples/pipeline/README.md",
  ]);
  expect(selectDocuments(documentPaths(files), ["drift", "examples/pipe"])).toEqual([
    "docs/drift-detection.md",
    "examples/pipeline/README.md",
  ]);
  expect(selectDocuments(["README.md"], [])).toEqual(["README.md"]);
});

test("fixed ports come from --port and loopback URLs in the blocks; --port 0 is not fixed", () => {
  const blocks = [
    "npx composio-emulator --port 4010 --api-key k &\npulumi config set composio:baseUrl http://127.0.0.1:4010\n",
    "npx composio-emulator --port 0 &\ncurl http://localhost:8080/x\nnode e.js --port=5432\n",
  ].map((text, i): ShellBlock => ({ file: "f.md", line: i, language: "sh", text }));
  expect(fixedPorts(blocks)).toEqual([4010, 5432, 8080]);
});

test("the next document to start is the first whose ports no running document names", () => {
  const waiting = [{ ports: [4010] }, { ports: [] }, { ports: [4011] }];
  expect(nextToStart(waiting, new Set())).toBe(0);
  expect(nextToStart(waiting, new Set([4010]))).toBe(1);
  expect(nextToStart([{ ports: [4010] }], new Set([4010]))).toBeUndefined();
});

test("a document's environment: fresh HOME, tools first on a PATH without node_modules, its emulator, no runner variables", () => {
  const env = documentEnvironment(
    {
      PATH: "/work/repo/node_modules/.bin:/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin:/usr/local/bin:/usr/bin",
      HOME: "/root",
      LANG: "C.UTF-8",
      CI: "true",
      PULUMI_BACKEND_URL: "file:///root/state",
      PULUMI_CONFIG_PASSPHRASE: "runner's",
      COMPOSIO_API_KEY: "the runner's real key",
      npm_lifecycle_event: "docs:run",
      npm_config_prefix: "/usr",
      JEST_WORKER_ID: "1",
    },
    {
      home: "/tmp/d/home",
      toolDirs: ["/cli/bin", "/yaml/bin"],
      composio: { url: "http://127.0.0.1:39999", apiKey: "k" },
      npmCache: "/root/.npm",
    },
  );
  expect(env).toEqual({
    LANG: "C.UTF-8",
    CI: "true",
    HOME: "/tmp/d/home",
    PATH: "/cli/bin:/yaml/bin:/usr/local/bin:/usr/bin",
    SHELL: "/bin/bash",
    COMPOSIO_API_KEY: "k",
    COMPOSIO_BASE_URL: "http://127.0.0.1:39999",
    COMPOSIO_DEV_API_KEY: "k",
    COMPOSIO_PROD_API_KEY: "k",
    NOTION_CLIENT_SECRET: "docs-runner-notion-client-secret",
    NOTION_NEW_CLIENT_SECRET: "docs-runner-notion-new-client-secret",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    npm_config_cache: "/root/.npm",
    npm_config_update_notifier: "false",
  });
});

test("a document with a database gets its URL and password", () => {
  const env = documentEnvironment(
    { PATH: "/usr/bin" },
    {
      home: "/h",
      toolDirs: [],
      composio: { url: "u", apiKey: "k" },
      npmCache: "/c",
      postgres: { url: "postgres://pulumi@127.0.0.1:5/state", password: "p" },
    },
  );
  expect(env).toMatchObject({ PULUMI_POSTGRES_URL: "postgres://pulumi@127.0.0.1:5/state", PULUMI_DB_PASSWORD: "p" });
});
