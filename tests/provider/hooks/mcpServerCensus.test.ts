/**
 * McpServer's census: every field of its table (provider/core/mcpServer.ts) through the real hooks and API client
 * against the emulator. Each is created with a value other than what its omission means, read back (no change, the
 * server holding it), then changed: the diff names it and replaces or not as the table says, and the update (or the
 * replacing create) sends it. The cases come from the table: a field added without a sample here fails the first
 * test. NO_AUTH apps cannot be created (the emulator's catalog has no toolkit without auth, README "MCP servers" 6),
 * so that sample shows the field reaching the API: the emulator's refusal names it.
 */
import type { RunningEmulator } from "../../../emulator";
import { McpServerProvider } from "../../../provider/hooks/mcpServerProvider";
import { MCP_SERVER_FIELD_NAMES, MCP_SERVER_FIELDS, type McpServerFieldName, type McpServerInputs } from "../../../provider/core/mcpServer";
import { diffMcpServer, type McpServerOutputs } from "../../../provider/core/mcpServerMapping";
import type { FieldSpec } from "../../../provider/core/fields";
import { startTestComposio, type TestComposio } from "../../../testbed/emulatorApi";

const API_KEY = "mcp-census-key-81fa";
type Args = Record<string, unknown>;

interface Sample {
  value: unknown;
  changed: unknown;
  /** The field as the server holds it (GET /mcp/{id}), in the program's terms. */
  onServer: (live: Record<string, unknown>) => unknown;
  /** Instead of a server: what the emulator's refusal of the create says. */
  refusedWith?: RegExp;
}

let composio: TestComposio;
let emulator: RunningEmulator;
let provider: McpServerProvider;
let ids: { github: string; notion: string };

beforeAll(async () => {
  composio = await startTestComposio(API_KEY);
  ({ emulator } = composio);
  const managed = async (slug: string) => {
    const made = await composio.api("POST", "/auth_configs", { toolkit: { slug }, auth_config: { type: "use_composio_managed_auth" } });
    return made.json.auth_config.id as string;
  };
  ids = { github: await managed("github"), notion: await managed("notion") };
});
afterAll(() => emulator.close());
beforeEach(() => {
  provider = new McpServerProvider().useSettings(() => ({ apiKey: API_KEY, baseUrl: emulator.url }));
});

const sorted = (value: unknown) => [...(value as string[])].sort();

const SAMPLES: Record<McpServerFieldName, () => Sample> = {
  name: () => ({ value: "census agent", changed: "census-renamed", onServer: (live) => live.name }),
  authConfigIds: () => ({ value: [ids.github], changed: [ids.notion, ids.github], onServer: (live) => live.auth_config_ids }),
  allowedTools: () => ({
    value: ["GITHUB_CREATE_AN_ISSUE"],
    changed: ["GITHUB_LIST_REPOSITORY_ISSUES"],
    onServer: (live) => live.allowed_tools,
  }),
  noAuthApps: () => ({ value: ["notion"], changed: [], onServer: () => undefined, refusedWith: /no_auth_apps need auth/ }),
  managedAuthViaComposio: () => ({ value: true, changed: false, onServer: (live) => live.managed_auth_via_composio }),
};

async function checked(olds: unknown, args: Args): Promise<McpServerInputs> {
  const { inputs, failures } = await provider.check(olds, { __resourceName: "census", ...args });
  expect(failures).toEqual([]);
  return inputs as McpServerInputs;
}

async function live(id: string): Promise<Record<string, unknown>> {
  return (await composio.api("GET", `/mcp/${id}`)).json;
}

it("has a sample for every field of the table", () => {
  expect(Object.keys(SAMPLES).sort()).toEqual([...MCP_SERVER_FIELD_NAMES].sort());
});

describe.each(MCP_SERVER_FIELD_NAMES)("%s", (field) => {
  it("is sent on create, read back as no change, and its change is found and sent as the table says", async () => {
    const sample = SAMPLES[field]();
    const spec: FieldSpec = MCP_SERVER_FIELDS[field];
    const base: Args = { name: `census ${field.length}`, authConfigIds: [ids.github], [field]: sample.value };
    const inputs = await checked(undefined, base);
    if (sample.refusedWith) {
      await expect(provider.create(inputs)).rejects.toThrow(sample.refusedWith);
      return;
    }
    const { id, outs } = (await provider.create(inputs)) as { id: string; outs: McpServerOutputs };
    const compare = (value: unknown) => (Array.isArray(value) ? sorted(value) : value);
    expect(compare(sample.onServer(await live(id)))).toEqual(compare(sample.value));
    const read = await provider.read(id, outs);
    expect(diffMcpServer(read.props as McpServerOutputs, inputs).changes).toBe(false);

    const news = await checked(read.inputs, { ...base, [field]: sample.changed });
    const diff = await provider.diff(id, read.props as McpServerOutputs, news);
    const replaces = spec.change === "replaces";
    expect(diff).toEqual({ changes: true, replaces: replaces ? [field] : [], deleteBeforeReplace: replaces });
    await provider.update(id, read.props as McpServerOutputs, news);
    expect(compare(sample.onServer(await live(id)))).toEqual(compare(sample.changed));
    await provider.delete(id);
  });
});
