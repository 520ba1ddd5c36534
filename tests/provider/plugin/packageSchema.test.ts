import * as fs from "fs";
import * as path from "path";
import { packageSchema, packageSchemaText, sdkArgsText } from "../../../provider/plugin/packageSchema";
import { SERVER_FIELDS } from "../../../provider/core/fields";
import { MCP_SERVER_FIELDS, MCP_SERVER_OUTPUT_NAMES } from "../../../provider/core/mcpServer";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

test("the checked-in schema.json is the one generated from the zod schema (run `npm run gen-schema` after changing it)", () => {
  expect(fs.readFileSync(path.join(ROOT, "schema.json"), "utf8")).toBe(packageSchemaText(version));
});

test("the checked-in sdk/authConfigArgs.ts is the one generated with it (run `npm run gen-schema` after changing either)", () => {
  expect(fs.readFileSync(path.join(ROOT, "sdk", "authConfigArgs.ts"), "utf8")).toBe(sdkArgsText(version));
});

test("the plugin's version, bin/pulumi-plugin.json and the schema agree", () => {
  const plugin = JSON.parse(fs.readFileSync(path.join(ROOT, "bin", "pulumi-plugin.json"), "utf8"));
  expect(plugin).toEqual({ resource: true, name: "composio", version });
});

describe("the AuthConfig resource in the schema", () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- schema JSON
  const resource = (packageSchema(version).resources as Record<string, any>)["composio:index:AuthConfig"];

  test("takes the program's arguments, each described, and none of the hosts' bookkeeping", () => {
    const inputs = Object.keys(resource.inputProperties);
    expect(inputs).toEqual(
      expect.arrayContaining(["toolkit", "name", "type", "authScheme", "credentials", "proxyConfig", "enabled", "adoptId"]),
    );
    expect(inputs.filter((key) => key.startsWith("__"))).toEqual([]);
    for (const key of inputs) expect(resource.inputProperties[key].description).toMatch(/\w/);
    expect(resource.requiredInputs).toEqual(["toolkit"]);
  });

  test("keeps the schema's defaults and the secrets", () => {
    expect(resource.inputProperties.enabled).toMatchObject({ type: "boolean", default: true });
    expect(resource.inputProperties.sharedCredentials.secret).toBe(true);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- schema JSON
    const types = packageSchema(version).types as Record<string, any>;
    expect(types["composio:index:ProxyConfig"].properties.proxyAuthKey.secret).toBe(true);
    expect(types["composio:index:ProxyConfig"].required).toEqual(["proxyUrl"]);
  });

  test("outputs every field the server sets", () => {
    for (const field of SERVER_FIELDS) expect(resource.properties[field].description).toMatch(/\w/);
  });
});

describe("the McpServer resource in the schema, from its field table", () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- schema JSON
  const resource = (packageSchema(version).resources as Record<string, any>)["composio:index:McpServer"];

  test("takes the table's arguments with the table's words, and none of the hosts' bookkeeping", () => {
    expect(Object.keys(resource.inputProperties)).toEqual(Object.keys(MCP_SERVER_FIELDS));
    for (const [key, field] of Object.entries(MCP_SERVER_FIELDS)) expect(resource.inputProperties[key].description).toBe(field.description);
    expect(resource.inputProperties.authConfigIds).toMatchObject({ type: "array", items: { type: "string" } });
    expect(resource.requiredInputs).toEqual(["authConfigIds"]);
  });

  test("outputs every argument and every field the server sets; lists and maps of strings", () => {
    expect(Object.keys(resource.properties)).toEqual([...Object.keys(MCP_SERVER_FIELDS), ...MCP_SERVER_OUTPUT_NAMES]);
    expect(resource.properties.toolkits).toMatchObject({ type: "array", items: { type: "string" } });
    expect(resource.properties.commands).toMatchObject({ type: "object", additionalProperties: { type: "string" } });
    expect(resource.required).toEqual(["name", "authConfigIds", ...MCP_SERVER_OUTPUT_NAMES]);
  });
});
