/**
 * What `npm run lint` refuses, through ESLint's own API with this repository's eslint.config.mjs: an import that points
 * up the layering the folders' READMEs state, and an `eslint-disable` without its reason. (Whether the tree passes is
 * CI's lint step; this proves the rules are there.) Run in a child process: the config is an ES module, which jest's
 * module system does not load. Without type information (the two type-aware rules are not asked), so it takes seconds.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

interface Finding {
  file: string;
  rule: string | null;
  message: string;
}

/** ESLint's findings of `rules` for each text, linted as if it were the file at that path. */
function lint(files: Record<string, string>, rules: string[]): Finding[] {
  const script = `
    const { ESLint } = require("eslint");
    const [files, rules] = JSON.parse(process.argv[1]);
    const eslint = new ESLint({
      cwd: process.cwd(),
      overrideConfig: { files: ["**/*.ts"], languageOptions: { parserOptions: { project: null } } },
      ruleFilter: ({ ruleId }) => rules.includes(ruleId),
    });
    (async () => {
      const findings = [];
      for (const [file, text] of Object.entries(files)) {
        for (const result of await eslint.lintText(text, { filePath: file })) {
          for (const m of result.messages) findings.push({ file, rule: m.ruleId, message: m.message });
        }
      }
      process.stdout.write(JSON.stringify(findings));
    })();
  `;
  return JSON.parse(execFileSync(process.execPath, ["-e", script, JSON.stringify([files, rules])], { cwd: ROOT, encoding: "utf8" }));
}

test("an import up the layering fails the lint, naming the rule it breaks; the allowed arrows pass", () => {
  const findings = lint(
    {
      "provider/plugin/functions.ts": 'import { getToolkit } from "../../sdk/functions";\nexport const f = getToolkit;\n',
      "provider/core/diff.ts": 'import { ComposioApi } from "../api/client";\nexport const c = ComposioApi;\n',
      "provider/api/lookups.ts": 'import { engineWarnings } from "../hooks/engineLog";\nexport const w = engineWarnings;\n',
      "emulator/router.ts": 'import { AUTH_SCHEMES } from "../provider/core/schema";\nexport const s = AUTH_SCHEMES;\n',
      "testbed/harness.ts": 'import { api } from "../tests/emulator/helpers";\nexport const a = api;\n',
      "provider/hooks/toolkitCheck.ts":
        'import { ComposioApi } from "../api/client";\nimport { check } from "../core/check";\nexport const x = [ComposioApi, check];\n',
      "sdk/functions.ts": 'import { lookupToolkit } from "../provider/api/lookups";\nexport const l = lookupToolkit;\n',
    },
    ["no-restricted-imports"],
  );
  expect(findings.map((finding) => finding.file).sort()).toEqual([
    "emulator/router.ts",
    "provider/api/lookups.ts",
    "provider/core/diff.ts",
    "provider/plugin/functions.ts",
    "testbed/harness.ts",
  ]);
  expect(findings.find((finding) => finding.file === "provider/plugin/functions.ts")?.message).toMatch(
    /provider\/ never imports sdk\/, cli\/ or emulator\//,
  );
  expect(findings.find((finding) => finding.file === "provider/core/diff.ts")?.message).toMatch(/provider\/core is pure/);
});

test("an eslint-disable without its reason fails the lint; with `-- reason` it passes", () => {
  const findings = lint(
    {
      "cli/cliIo.ts": "// eslint-disable-next-line @typescript-eslint/no-explicit-any\nexport let a: any;\n",
      "cli/toolkitsFormat.ts": "// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a reason\nexport let b: any;\n",
    },
    ["@eslint-community/eslint-comments/require-description", "@typescript-eslint/no-explicit-any"],
  );
  expect(findings).toEqual([
    { file: "cli/cliIo.ts", rule: "@eslint-community/eslint-comments/require-description", message: expect.any(String) },
  ]);
});
