/**
 * The SDKs of the `composio` package, generated from schema.json by the real CLI's `pulumi package gen-sdk`
 * (scripts/gen-sdk.sh; the language hosts' GeneratePackage runs toolchain/codegen, Pulumi's own generators):
 * - the committed sdk-gen/ is what a fresh generation writes (as schema.json is what the zod schema writes);
 * - the Node.js SDK compiles with tsc and loads, and its AuthConfig has the hand-written sdk's argument and output
 *   names (compared through the TypeScript checker; intentional differences are listed below, with why);
 * - the Go SDK builds and passes `go vet`, against the go.mod/go.sum it is generated with.
 */
import { spawnSync, type SpawnSyncOptions } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { compileGeneratedNodeSdk } from "../../testbed/generatedSdk";

const REPO = path.resolve(__dirname, "..", "..");
const COMMITTED = path.join(REPO, "sdk-gen");
jest.setTimeout(10 * 60_000); // a cold machine builds toolchain/codegen and compiles the Go SDK's dependencies

function run(command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const r = spawnSync(command, args, { encoding: "utf8", ...options });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return String(r.stdout);
}

/** Every file under dir, relative to it, with its content. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else files[rel] = fs.readFileSync(path.join(dir, rel), "utf8");
    }
  };
  walk("");
  return files;
}

let scratch: string;
const afterAllRemove: string[] = [];
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gen-sdk-"));
  // PULUMI_HOME: gen-sdk of a schema file needs no login or plugin, and must not touch the user's ~/.pulumi.
  run("bash", [path.join(REPO, "scripts", "gen-sdk.sh"), path.join(scratch, "fresh")], {
    cwd: REPO,
    env: { ...process.env, PULUMI_HOME: path.join(scratch, "pulumi-home") },
  });
});
afterAll(() => {
  for (const dir of [scratch, ...afterAllRemove]) fs.rmSync(dir, { recursive: true, force: true });
});

test.each(["nodejs", "go"])(
  "the committed sdk-gen/%s is what `pulumi package gen-sdk` writes from schema.json (run `npm run gen-sdk` after changing the schema)",
  (language) => {
    const fresh = tree(path.join(scratch, "fresh", language));
    expect(Object.keys(fresh)).toEqual(
      expect.arrayContaining(language === "go" ? ["composio/authConfig.go", "go.mod", "go.sum"] : ["authConfig.ts", "package.json"]),
    );
    expect(tree(path.join(COMMITTED, language))).toEqual(fresh);
  },
);

test("without the codegen binary, gen-sdk fails saying which script builds it", () => {
  const bin = run("bash", [path.join(REPO, "toolchain", "ensure-pulumi.sh")], { cwd: REPO }).trim();
  const r = spawnSync(
    path.join(bin, "pulumi"),
    ["package", "gen-sdk", path.join(REPO, "schema.json"), "--language", "nodejs", "--out", path.join(scratch, "none")],
    {
      encoding: "utf8",
      env: {
        ...process.env,
        PULUMI_HOME: path.join(scratch, "pulumi-home"),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_COMPOSIO_CODEGEN: path.join(scratch, "no-codegen"),
      },
    },
  );
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain(`code generation needs ${path.join(scratch, "no-codegen")} (run toolchain/ensure-codegen.sh)`);
});

describe("the generated Node.js SDK", () => {
  test("compiles with tsc (its own tsconfig) and registers composio:index:AuthConfig", () => {
    const out = compileGeneratedNodeSdk();
    afterAllRemove.push(out);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- compiled during the test: no import can name it
    const sdk = require(out);
    expect(sdk.AuthConfig.__pulumiType).toBe("composio:index:AuthConfig");
    expect(typeof sdk.getToolkitOutput).toBe("function");
  });

  /**
   * Property names of a type, each "name" or "name?" (optional); own: only those the SDK declares, not those it
   * inherits from Pulumi's resource classes (the hand-written class declares its outputs in an interface merged
   * into it, derived from the field table; the generated one as class fields).
   */
  function api(entry: string) {
    const program = ts.createProgram([entry], { strict: true, skipLibCheck: true, noEmit: true });
    const checker = program.getTypeChecker();
    const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!);
    const declaredType = (name: string) => {
      let symbol = exported.find((s) => s.name === name);
      if (!symbol) throw new Error(`${entry} exports no ${name}`);
      if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      return checker.getDeclaredTypeOfSymbol(symbol);
    };
    const names = (type: ts.Type, own = false) =>
      checker
        .getPropertiesOfType(type)
        .filter((p) => !own || !p.declarations?.some((d) => d.getSourceFile().fileName.includes("/node_modules/")))
        .filter((p) => !(p.flags & ts.SymbolFlags.Method) && !(p.flags & ts.SymbolFlags.Prototype))
        .map((p) => p.name + (p.flags & ts.SymbolFlags.Optional ? "?" : ""))
        .sort();
    return {
      exportNames: exported.map((s) => s.name),
      args: (name: string) => names(declaredType(name)),
      outputs: (cls: string) => names(declaredType(cls), true),
    };
  }
  const once = <T>(make: () => T) => {
    let value: T | undefined;
    return () => (value ??= make());
  }; // a program takes seconds
  const handWritten = once(() => api(path.join(REPO, "sdk", "index.ts")));
  const generated = once(() => api(path.join(COMMITTED, "nodejs", "index.ts")));
  const generatedInputs = once(() => api(path.join(COMMITTED, "nodejs", "types", "input.ts")));

  /** Names in one list and not the other: the differences a user switching SDKs meets. */
  const differences = (hand: string[], gen: string[]) => ({
    onlyHandWritten: hand.filter((n) => !gen.includes(n)),
    onlyGenerated: gen.filter((n) => !hand.includes(n)),
  });

  test("AuthConfigArgs: the same argument names, the same ones required", () => {
    expect(differences(handWritten().args("AuthConfigArgs"), generated().args("AuthConfigArgs"))).toEqual({
      onlyHandWritten: [],
      onlyGenerated: [],
    });
  });

  test("ProxyConfigArgs and ToolAccessConfigArgs: the same field names, the same ones required", () => {
    for (const type of ["ProxyConfigArgs", "ToolAccessConfigArgs"]) {
      const found = differences(handWritten().args(type), generatedInputs().args(type));
      expect({ type, ...found }).toEqual({ type, onlyHandWritten: [], onlyGenerated: [] });
    }
  });

  test("AuthConfig outputs: the same names but one intentional difference", () => {
    // adoptId: the package resource keeps its inputs as outputs (schema.json lists every input under `properties`,
    // as Pulumi packages do); the hand-written dynamic resource declares as outputs what a program reads, and a
    // program has no use for reading back the id it asked to adopt: the authConfigId output is the config's id.
    expect(differences(handWritten().outputs("AuthConfig"), generated().outputs("AuthConfig"))).toEqual({
      onlyHandWritten: [],
      onlyGenerated: ["adoptId"],
    });
  });

  test("McpServer: the same argument names, the same ones required, and the same outputs", () => {
    expect(differences(handWritten().args("McpServerArgs"), generated().args("McpServerArgs"))).toEqual({
      onlyHandWritten: [],
      onlyGenerated: [],
    });
    expect(differences(handWritten().outputs("McpServer"), generated().outputs("McpServer"))).toEqual({
      onlyHandWritten: [],
      onlyGenerated: [],
    });
  });

  test("exports every function of the hand-written sdk under the same name (plain and Output forms)", () => {
    const functions = [
      "getToolkit",
      "getToolkitOutput",
      "getAuthConfigCreationFields",
      "getAuthConfigCreationFieldsOutput",
      "getAuthConfig",
      "getAuthConfigOutput",
    ];
    expect(handWritten().exportNames).toEqual(expect.arrayContaining(functions));
    expect(generated().exportNames).toEqual(expect.arrayContaining(functions));
  });
});

test("the generated Go SDK builds and passes go vet (module example.com/pulumi-composio/sdk/go, its go.sum verified)", () => {
  const dir = path.join(COMMITTED, "go");
  const env = { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=readonly -buildvcs=false" };
  run("go", ["build", "./..."], { cwd: dir, env });
  run("go", ["vet", "./..."], { cwd: dir, env });
  expect(run("go", ["list", "./..."], { cwd: dir, env }).trim().split("\n")).toEqual([
    "example.com/pulumi-composio/sdk/go/composio",
    "example.com/pulumi-composio/sdk/go/composio/config",
    "example.com/pulumi-composio/sdk/go/composio/internal",
  ]);
});
