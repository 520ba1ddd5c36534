// @ts-check
/**
 * ESLint for the repository (`npm run lint`, with `prettier --check` and knip; CI's leg 1 runs it first).
 *
 * - typescript-eslint's recommended rules on all TypeScript, and two type-aware rules where a mistake is silent:
 *   `no-floating-promises` (a write, a gRPC reply or a cleanup nobody awaits fails unseen) and `no-misused-promises`
 *   (an async callback where a void one is expected: a rejection nobody handles). Type information comes from
 *   tsconfig.test.json (the product, tests, testbed, scripts and bench in one program) and program/tsconfig.json.
 * - Every `eslint-disable` says why (`-- reason`), and one that no longer disables anything is an error.
 * - The layering the folders' READMEs state, as `no-restricted-imports` (only imports pointing the wrong way).
 * - Formatting is Prettier's (.prettierrc.json); eslint-config-prettier turns off the rules that would disagree with it,
 *   and `max-len` (140) then holds the comments Prettier does not wrap.
 */
import js from "@eslint/js";
import comments from "@eslint-community/eslint-plugin-eslint-comments/configs";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

/** `no-restricted-imports` for one folder: each entry is a regex over the import's specifier and why it is refused. */
function layer(files, refused) {
  const patterns = refused.map(([regex, message]) => ({ regex, message }));
  return { files, rules: { "no-restricted-imports": ["error", { patterns }] } };
}

// The regexes match relative specifiers from the folder's own files (one level below the repository's root, two for
// provider/*/).
const NOT_TESTS = [
  "^(\\.\\./)+(tests|testbed|scripts|bench)(/|$)",
  "the product (provider/, sdk/, cli/, emulator/) never imports tests/, testbed/, scripts/ or bench/",
];
const PROVIDER_UP = ["^\\.\\./\\.\\./(sdk|cli|emulator)(/|$)", "provider/ never imports sdk/, cli/ or emulator/ (provider/*/README.md)"];

export default tseslint.config(
  {
    ignores: [
      "dist/",
      ".cache/",
      "**/node_modules/",
      "coverage/",
      // Generated: their tests compare them with the generators' output.
      "sdk/authConfigArgs.ts",
      "sdk-gen/",
      "tests/fixtures/",
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  js.configs.recommended,
  comments.recommended,
  { rules: { "@eslint-community/eslint-comments/require-description": ["error", { ignore: ["eslint-enable"] }] } },
  {
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
  },
  {
    files: ["**/*.mjs"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
  ...tseslint.configs.recommended.map((config) => ({ ...config, files: ["**/*.ts"] })),
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: {
        project: ["./tsconfig.test.json", "./program/tsconfig.json"],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      // As tsc's noUnused* see it: `_`-prefixed names are unused on purpose, and so are the fields a rest destructure leaves out.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The examples are user programs over the built package (`pulumi-composio`): no type information without a build.
    files: ["examples/**/*.ts"],
    ...tseslint.configs.disableTypeChecked,
  },
  layer(
    ["provider/core/**"],
    [
      [
        "^\\.\\./(api|hooks|plugin)(/|$)",
        "provider/core is pure: it never imports ../api, ../hooks or ../plugin (provider/core/README.md)",
      ],
      PROVIDER_UP,
      NOT_TESTS,
    ],
  ),
  layer(
    ["provider/api/**"],
    [["^\\.\\./(hooks|plugin)(/|$)", "provider/api never imports ../hooks or ../plugin (provider/api/README.md)"], PROVIDER_UP, NOT_TESTS],
  ),
  layer(
    ["provider/hooks/**"],
    [["^\\.\\./plugin(/|$)", "provider/hooks never imports ../plugin (provider/hooks/README.md)"], PROVIDER_UP, NOT_TESTS],
  ),
  layer(["provider/plugin/**"], [PROVIDER_UP, NOT_TESTS]),
  layer(["provider/*.ts", "sdk/**", "cli/**"], [NOT_TESTS]),
  layer(
    ["emulator/**"],
    [
      ["^(\\.\\./)+(provider|sdk|cli)(/|$)", "the emulator is the tests' oracle: it imports nothing from provider/, sdk/ or cli/"],
      NOT_TESTS,
    ],
  ),
  layer(
    ["testbed/**"],
    [["^(\\.\\./)+(tests|scripts|bench)(/|$)", "testbed/ never imports tests/, scripts/ or bench/, which import it (testbed/README.md)"]],
  ),
  layer(
    ["scripts/**", "bench/**"],
    [["^(\\.\\./)+tests(/|$)", "scripts/ and bench/ never import tests/ (scripts/README.md, testbed/README.md)"]],
  ),
  layer(["tests/**"], [["^(\\.\\./)+scripts(/|$)", "tests/ never imports scripts/; what both need lives in testbed/ (scripts/README.md)"]]),
  prettier,
  {
    // After eslint-config-prettier, which turns it off: Prettier wraps code at 140 columns but never a comment, so this
    // holds comments to 140 too (a long string, template, regex or URL may still run past it).
    rules: {
      "max-len": ["error", { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
    },
  },
);
