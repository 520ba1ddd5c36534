/**
 * docs/reference/ is generated from schema.json (`npm run gen-reference`, provider/plugin/referencePages.ts): the
 * checked-in pages are the generator's output, and the generator shows what a reader needs of each property.
 */
import * as fs from "fs";
import * as path from "path";
import { REPLACED_ON_CHANGE } from "../../provider/plugin/packageSchema";
import { referencePages, typeText, type PackageSchemaDocument } from "../../provider/plugin/referencePages";

const ROOT = path.resolve(__dirname, "..", "..");
const REFERENCE = path.join(ROOT, "docs", "reference");

test("the checked-in docs/reference/ is the one generated from schema.json (run `npm run gen-reference` after changing the schema)", () => {
  const pages = referencePages(JSON.parse(fs.readFileSync(path.join(ROOT, "schema.json"), "utf8")), REPLACED_ON_CHANGE);
  expect(fs.readdirSync(REFERENCE).sort()).toEqual(Object.keys(pages).sort());
  for (const [file, text] of Object.entries(pages))
    expect([file, fs.readFileSync(path.join(REFERENCE, file), "utf8")]).toEqual([file, text]);
});

test("each resource's page marks the inputs whose change replaces that resource (the field tables say which)", () => {
  const pages = referencePages(JSON.parse(fs.readFileSync(path.join(ROOT, "schema.json"), "utf8")), REPLACED_ON_CHANGE);
  expect(row(pages["McpServer.md"], "noAuthApps")[4]).toBe("yes");
  expect(row(pages["McpServer.md"], "authConfigIds")[4]).toBe("no");
  expect(row(pages["AuthConfig.md"], "toolkit")[4]).toBe("yes");
  expect(row(pages["AuthConfig.md"], "name")[4]).toBe("no");
});

/** The table row of a property on a page, split into its cells. */
function row(page: string, name: string): string[] {
  const line = page.split("\n").find((l) => l.startsWith(`| \`${name}\` |`));
  if (!line) throw new Error(`no row for ${name} in:\n${page}`);
  return line.slice(2, -2).split(/ (?<!\\)\| /);
}

describe("referencePages", () => {
  const schema: PackageSchemaDocument = {
    name: "pkg",
    displayName: "Pkg",
    version: "1.2.3",
    description: "A package.",
    config: { variables: { token: { type: "string", secret: true, description: "The token." } } },
    types: {
      "pkg:index:Proxy": { type: "object", properties: { url: { type: "string", description: "The URL." } }, required: ["url"] },
    },
    resources: {
      "pkg:index:Thing": {
        description: "A thing.",
        inputProperties: {
          kind: { type: "string", description: "Its kind." },
          label: { type: "string", default: "x", description: "A label | with a pipe." },
          keys: { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" }, secret: true, description: "Keys." },
          proxy: { $ref: "#/types/pkg:index:Proxy", description: "A proxy." },
          zone: { type: "string", replaceOnChanges: true, description: "Its zone." },
        },
        requiredInputs: ["kind"],
        properties: { kind: { type: "string", description: "Its kind." }, thingId: { type: "string", description: "Its id." } },
        required: ["kind", "thingId"],
      },
    },
    functions: {
      "pkg:index:getThing": {
        description: "Reads a thing.",
        inputs: { properties: { id: { type: "string", description: "The id." } }, required: ["id"] },
        outputs: { properties: { tags: { type: "array", items: { type: "string" } } }, required: [] },
      },
    },
  };
  const pages = referencePages(schema, { "pkg:index:Thing": ["kind"] });

  test("one page per resource and per function, and an index linking them with the provider's configuration", () => {
    expect(Object.keys(pages).sort()).toEqual(["README.md", "Thing.md", "getThing.md"]);
    expect(pages["README.md"]).toContain("[Thing](Thing.md)");
    expect(pages["README.md"]).toContain("[getThing](getThing.md)");
    expect(row(pages["README.md"], "pkg:token")).toEqual(["`pkg:token`", "string", "yes", "The token."]);
  });

  test("each input has its type, whether it is required, secret or replaces on change, and its description with the default", () => {
    const page = pages["Thing.md"];
    expect(row(page, "kind")).toEqual(["`kind`", "string", "yes", "no", "yes", "Its kind."]);
    expect(row(page, "label")).toEqual(["`label`", "string", "no", "no", "no", 'A label \\| with a pipe. Default: `"x"`.']);
    expect(row(page, "keys")).toEqual(["`keys`", "map of any", "no", "yes", "no", "Keys."]);
    expect(row(page, "proxy")[1]).toBe("[Proxy](#proxy)");
    // replaceOnChanges in the schema counts as well as the provider's list.
    expect(row(page, "zone")[4]).toBe("yes");
  });

  test("outputs say which are always set, and the object types the page uses get their own table", () => {
    const page = pages["Thing.md"];
    const outputs = page.slice(page.indexOf("## Outputs"), page.indexOf("## Types"));
    expect(row(outputs, "thingId")).toEqual(["`thingId`", "string", "yes", "no", "Its id."]);
    const types = page.slice(page.indexOf("## Types"));
    expect(types).toContain("### Proxy");
    expect(row(types, "url")).toEqual(["`url`", "string", "yes", "no", "no", "The URL."]);
  });

  test("a function's page has its arguments and its result, without a replace column", () => {
    const page = pages["getThing.md"];
    expect(row(page, "id")).toEqual(["`id`", "string", "yes", "no", "The id."]);
    expect(row(page, "tags")).toEqual(["`tags`", "list of string", "no", "no", ""]);
  });

  test("a type the schema refers to but does not define is an error, not a dangling link", () => {
    const broken = { ...schema, types: {} };
    expect(() => referencePages(broken, {})).toThrow("pkg:index:Proxy");
  });

  test("types read as words, nested lists and maps included", () => {
    expect(typeText({ type: "array", items: { type: "object", additionalProperties: { type: "string" } } })).toBe("list of map of string");
    expect(typeText({ $ref: "pulumi.json#/Any" })).toBe("any");
  });
});
