/**
 * `composio-toolkits` against the emulator: the list of toolkits, one toolkit's fields per scheme (text and JSON),
 * an unknown slug with the closest one, and its errors (no key, a refused key, bad arguments) with their exit codes.
 */
import type { CliIo } from "../../cli/cliIo";
import { EXIT_ERROR, EXIT_OK, EXIT_UNKNOWN_TOOLKIT, main, NO_KEY_MESSAGE, USAGE } from "../../cli/toolkits";
import { startTestComposio, type TestComposio } from "../../testbed/emulatorApi";

const API_KEY = "SENTINEL-api-key-toolkits-4e1a";
let composio: TestComposio;

beforeAll(async () => {
  composio = await startTestComposio(API_KEY);
});
afterAll(() => composio.emulator.close());

async function toolkits(args: string[], env: NodeJS.ProcessEnv = { COMPOSIO_API_KEY: API_KEY, COMPOSIO_BASE_URL: composio.emulator.url }) {
  const io = { out: "", err: "", workingDir: process.cwd() };
  const cliIo: CliIo = { ...io, stdout: (text) => void (io.out += text), stderr: (text) => void (io.err += text) };
  const code = await main(args, cliIo, env);
  return { code, out: io.out, err: io.err };
}

describe("without a slug: every toolkit", () => {
  it("as a table: slug, name, auth schemes and the schemes Composio manages", async () => {
    const result = await toolkits([]);
    expect(result).toMatchObject({ code: EXIT_OK, err: "" });
    const lines = result.out.split("\n");
    expect(lines[0]).toMatch(/^SLUG +NAME +AUTH SCHEMES +COMPOSIO-MANAGED$/);
    expect(lines).toContainEqual(expect.stringMatching(/^github +GitHub +OAUTH2, API_KEY, BEARER_TOKEN +OAUTH2$/));
    expect(lines).toContainEqual(expect.stringMatching(/^perplexityai +Perplexity AI +API_KEY +-$/));
    expect(result.out).toMatch(/\n10 toolkit\(s\)\. `composio-toolkits <slug>` lists a toolkit's fields for each scheme\.\n$/);
  });

  it("as JSON", async () => {
    const result = await toolkits(["--json"]);
    expect(result.code).toBe(EXIT_OK);
    const { toolkits: listed } = JSON.parse(result.out);
    expect(listed).toHaveLength(10);
    expect(listed).toContainEqual({
      slug: "perplexityai",
      name: "Perplexity AI",
      authSchemes: ["API_KEY"],
      composioManagedAuthSchemes: [],
    });
    expect(listed).toContainEqual({
      slug: "notion",
      name: "Notion",
      authSchemes: ["OAUTH2", "BEARER_TOKEN"],
      composioManagedAuthSchemes: ["OAUTH2"],
    });
  });
});

describe("with a slug: each scheme's fields", () => {
  it("as text: the auth config's credentials and what a connection asks, required or optional, secret or not", async () => {
    const result = await toolkits(["Notion"]);
    expect(result.code).toBe(EXIT_OK);
    expect(result.out).toMatch(
      /^notion \(Notion\)\nComposio-managed auth: OAUTH2 \(type "use_composio_managed_auth": no credentials needed\)\n/,
    );
    const oauth2 = result.out.slice(result.out.indexOf("\nOAUTH2 "), result.out.indexOf("\nBEARER_TOKEN "));
    expect(oauth2).toContain('auth config credentials (type "use_custom_auth", authScheme "OAUTH2"):');
    expect(oauth2).toMatch(/\n {4}client_id +required +Client ID of your OAuth app\n/);
    expect(oauth2).toMatch(/\n {4}client_secret +required, secret +Client secret/);
    expect(oauth2).toMatch(/\n {4}scopes +optional +Comma-separated OAuth scopes/);
    const bearer = result.out.slice(result.out.indexOf("\nBEARER_TOKEN "));
    expect(bearer).toMatch(/asked of each account when it connects:\n {4}token +required, secret +The bearer token/);
  });

  it("as JSON", async () => {
    const result = await toolkits(["perplexityai", "--json"]);
    expect(result.code).toBe(EXIT_OK);
    expect(JSON.parse(result.out)).toEqual({
      slug: "perplexityai",
      name: "Perplexity AI",
      composioManagedAuthSchemes: [],
      schemes: [
        expect.objectContaining({
          scheme: "API_KEY",
          composioManaged: false,
          authConfigFields: [],
          connectionFields: [expect.objectContaining({ name: "generic_api_key", required: true, secret: true })],
        }),
      ],
    });
  });

  it("an unknown slug: exit 1, naming the closest toolkit", async () => {
    const result = await toolkits(["githb"]);
    expect(result).toEqual({
      code: EXIT_UNKNOWN_TOOLKIT,
      out: "",
      err: 'composio-toolkits: no toolkit "githb" in Composio; did you mean "github"? (`composio-toolkits` lists them all)\n',
    });
  });
});

describe("errors: exit 2", () => {
  it("no API key: says to export COMPOSIO_API_KEY, and calls nothing", async () => {
    await composio.control.clearStats();
    expect(await toolkits([], { COMPOSIO_BASE_URL: composio.emulator.url })).toEqual({
      code: EXIT_ERROR,
      out: "",
      err: `composio-toolkits: ${NO_KEY_MESSAGE}\n`,
    });
    expect((await composio.control.stats()).total).toBe(0);
  });

  it("a refused key: Composio's 401, never the key", async () => {
    const result = await toolkits(["github"], { COMPOSIO_API_KEY: "SENTINEL-wrong-key-77", COMPOSIO_BASE_URL: composio.emulator.url });
    expect(result.code).toBe(EXIT_ERROR);
    expect(result.err).toMatch(/^composio-toolkits: Composio API error while reading toolkit "github" .*status 401/);
    expect(result.err).not.toContain("SENTINEL-wrong-key-77");
  });

  it("two slugs: what is wrong, then the usage", async () => {
    expect(await toolkits(["github", "notion"])).toEqual({
      code: EXIT_ERROR,
      out: "",
      err: `composio-toolkits: one toolkit slug at a time (got github notion)\n${USAGE}\n`,
    });
  });
});
