/**
 * What a provider process loads before its first API call. Every no-change preview and up starts one
 * and calls no API, so the official client (30-50 ms to load: BENCHMARKS.md) waits for the first call.
 * Run in a fresh Node process from the sources (jest's module registry is not Node's).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "../../..");

/** Whether `@composio/client` is loaded when `script` (TypeScript in .cache/, run by toolchain/run-ts.js) calls `report()`. */
function loadsClient(script: string): boolean {
  const report = `const report = () => process.stdout.write(String(Object.keys(require.cache).some((file) => file.includes("@composio/client"))));`;
  mkdirSync(join(ROOT, ".cache"), { recursive: true });
  const file = join(ROOT, ".cache", `module-load-probe-${process.pid}.ts`);
  writeFileSync(file, `${report}\n${script}`);
  try {
    return execFileSync(process.execPath, [join(ROOT, "toolchain/run-ts.js"), file], { cwd: ROOT, encoding: "utf8" }) === "true";
  } finally {
    rmSync(file, { force: true });
  }
}

test("the hooks and a no-change check and diff do not load the official client; the first API client does", () => {
  const noChange = `
    const hooks = require("../provider/hooks");
    (async () => {
      const news = { toolkit: "github", name: "GitHub", __sdk: { resourceName: "gh" } };
      const { inputs } = await hooks.check({}, news);
      await hooks.check(inputs, news);
      await hooks.diff("ac_1", { ...inputs, authConfigId: "ac_1" }, inputs);
    })().then(report);`;
  expect(loadsClient(noChange)).toBe(false);
  const withClient = `const { ComposioApi } = require("../provider/api/client");\nnew ComposioApi({ apiKey: "k", baseUrl: "http://127.0.0.1:9" });\nreport();`;
  expect(loadsClient(withClient)).toBe(true);
});
