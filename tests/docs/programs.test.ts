/**
 * The documented programs are ones the tests run or type-check: the YAML and Go programs of docs/yaml-and-go.md are
 * the files the e2e suites run, character for character, and the TypeScript ones (README's quick start, and
 * docs/yaml-and-go.md's program through the package) type-check against this package (no Pulumi run: the programs'
 * behaviour is the e2e suites' job). docs/mcp-servers.md's TypeScript and YAML programs are files the e2e suites run.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");

/** The text of a document under a heading (`## ...` or `### ...`, matched from its start) up to the next heading. */
function section(document: string, heading: string): string {
  const text = fs.readFileSync(path.join(ROOT, document), "utf8");
  const start = text.indexOf(`\n${heading}`);
  if (start < 0) throw new Error(`${document} has no heading "${heading}"`);
  const rest = text.slice(start + 1);
  const next = rest.slice(heading.length).search(/\n#{2,3} /);
  return next < 0 ? rest : rest.slice(0, heading.length + next);
}

/** The fenced code blocks of one language in a piece of a document. */
function blocks(text: string, language: string): string[] {
  return [...text.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((match) => match[1]);
}

test("docs/yaml-and-go.md's YAML program is testbed/programs/yaml/seed/Pulumi.yaml without its header comment", () => {
  const file = fs.readFileSync(path.join(ROOT, "testbed/programs/yaml/seed/Pulumi.yaml"), "utf8");
  expect(blocks(section("docs/yaml-and-go.md", "## Pulumi YAML"), "yaml")[0]).toBe(file.replace(/^(#.*\n)+/, ""));
});

test("docs/yaml-and-go.md's Go program is testbed/programs/go/seed.go", () => {
  const file = fs.readFileSync(path.join(ROOT, "testbed/programs/go/seed.go"), "utf8");
  expect(blocks(section("docs/yaml-and-go.md", "## Go"), "go")[0]).toBe(file);
});

/** A program file without its header comment (a TypeScript doc comment, or YAML's leading `#` lines). */
const withoutHeader = (file: string) =>
  fs
    .readFileSync(path.join(ROOT, file), "utf8")
    .replace(/^\/\*\*[\s\S]*?\*\/\n/, "")
    .replace(/^(#.*\n)+/, "");

test("docs/mcp-servers.md's programs are examples/mcp-server/index.ts and testbed/programs/yaml/mcp-server/Pulumi.yaml", () => {
  expect(blocks(section("docs/mcp-servers.md", "## Declare one"), "ts")[0]).toBe(withoutHeader("examples/mcp-server/index.ts"));
  expect(blocks(section("docs/mcp-servers.md", "## YAML, Go"), "yaml")[0]).toBe(
    withoutHeader("testbed/programs/yaml/mcp-server/Pulumi.yaml"),
  );
});

test("the documented TypeScript programs (README's quick start, and docs/yaml-and-go.md's through the package) type-check against the package", () => {
  const programs = {
    "dynamic.ts": blocks(section("README.md", "## Quick start"), "ts")[0],
    "package.ts": blocks(section("docs/yaml-and-go.md", "## TypeScript (or JavaScript) through the package"), "ts")[0],
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-programs-"));
  try {
    const files = Object.entries(programs).map(([name, code]) => {
      expect(code).toContain("new AuthConfig(");
      fs.writeFileSync(path.join(dir, name), code);
      return path.join(dir, name);
    });
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ["node"],
      typeRoots: [path.join(ROOT, "node_modules/@types")],
      // The package by its name, from its sources (no build needed); @pulumi/pulumi from this repository's node_modules.
      baseUrl: ROOT,
      paths: { "pulumi-composio": ["sdk/index.ts"], "@pulumi/pulumi": ["node_modules/@pulumi/pulumi"] },
    });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(errors).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
