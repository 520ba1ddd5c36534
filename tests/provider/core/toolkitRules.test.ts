/**
 * The toolkit-aware rules of check (pure): definitions from the emulator's catalog and generated
 * ones, with examples and fast-check properties.
 */
import fc from "fast-check";
import { findToolkit } from "../../../emulator/catalog";
import { renderToolkit } from "../../../emulator/toolkits";
import { UNKNOWN } from "../../../provider/engineProtocol";
import type { AuthConfigInputs } from "../../../provider/core/schema";
import { closestName, toolkitVerdict } from "../../../provider/core/toolkitRules";
import { creationFields, offeredSchemes, whereToFind, type ToolkitDefinition } from "../../../provider/core/toolkitDefinition";
import type { WireToolkitField } from "../../../provider/core/wire";

const catalog = (slug: string): ToolkitDefinition => renderToolkit(findToolkit(slug)!) as ToolkitDefinition;

const custom = (toolkit: string, authScheme: string, credentials: Record<string, unknown> = {}): AuthConfigInputs =>
  ({ toolkit, name: "n", type: "use_custom_auth", authScheme, credentials, enabled: true, revokeOnDelete: false }) as AuthConfigInputs;
const managed = (toolkit: string, extra: Partial<AuthConfigInputs> = {}): AuthConfigInputs =>
  ({ toolkit, name: "n", type: "use_composio_managed_auth", enabled: true, revokeOnDelete: false, ...extra }) as AuthConfigInputs;

describe("toolkit rules on the catalog's toolkits", () => {
  it("accepts the seed's cases", () => {
    expect(toolkitVerdict(catalog("github"), managed("github")).failures).toEqual([]);
    expect(
      toolkitVerdict(catalog("hubspot"), managed("hubspot", { credentials: { scopes: "sales-email-read,tickets" } })).failures,
    ).toEqual([]);
    expect(toolkitVerdict(catalog("perplexityai"), custom("perplexityai", "API_KEY")).failures).toEqual([]);
    expect(toolkitVerdict(catalog("notion"), custom("notion", "OAUTH2", { client_id: "id", client_secret: "s" })).failures).toEqual([]);
  });

  it("names a missing required field and where to find its value (the scheme's hint url)", () => {
    const { failures } = toolkitVerdict(catalog("notion"), custom("notion", "OAUTH2", { client_secret: "s" }));
    expect(failures).toEqual([
      { property: "credentials.client_id", reason: expect.stringContaining('client_id is required by toolkit "notion" for OAUTH2') },
    ]);
    expect(failures[0].reason).toContain("find it at https://www.notion.so/my-integrations");
    expect(failures[0].reason).toContain("Client ID");
  });

  it("treats a blank value as missing", () => {
    const { failures } = toolkitVerdict(catalog("notion"), custom("notion", "OAUTH2", { client_id: "  ", client_secret: "" }));
    expect(failures.map((f) => f.property)).toEqual(["credentials.client_id", "credentials.client_secret"]);
  });

  it("refuses a scheme the toolkit does not offer, listing the offered ones", () => {
    const { failures } = toolkitVerdict(catalog("linear"), custom("linear", "BASIC"));
    expect(failures).toEqual([
      { property: "authScheme", reason: 'toolkit "linear" does not offer BASIC; it offers: OAUTH2, API_KEY, BEARER_TOKEN' },
    ]);
  });

  it("refuses managed auth for a toolkit without it, saying to use custom auth with an offered scheme", () => {
    const { failures } = toolkitVerdict(catalog("perplexityai"), managed("perplexityai"));
    expect(failures).toHaveLength(1);
    expect(failures[0].property).toBe("type");
    expect(failures[0].reason).toMatch(/no Composio-managed auth; use type "use_custom_auth" .* authScheme one of: API_KEY/);
  });

  it("refuses a managed scheme Composio does not manage", () => {
    const { failures } = toolkitVerdict(catalog("github"), managed("github", { authScheme: "API_KEY" }));
    expect(failures).toEqual([
      { property: "authScheme", reason: expect.stringMatching(/manages only OAUTH2 for toolkit "github".*use_custom_auth/) },
    ]);
  });

  it("defers to the real run what is not known yet", () => {
    const unknownScheme = { ...custom("notion", "OAUTH2"), authScheme: UNKNOWN } as unknown as AuthConfigInputs;
    const unknownCredentials = { ...custom("notion", "OAUTH2"), credentials: UNKNOWN } as unknown as AuthConfigInputs;
    const unknownType = { ...custom("notion", "OAUTH2"), type: UNKNOWN } as unknown as AuthConfigInputs;
    const unknownField = custom("notion", "OAUTH2", { client_id: UNKNOWN, client_secret: UNKNOWN });
    for (const inputs of [unknownScheme, unknownCredentials, unknownType, unknownField]) {
      expect(toolkitVerdict(catalog("notion"), inputs).failures).toEqual([]);
    }
  });

  it("reads creation fields the way the seed's getAuthConfigCreationFields does", () => {
    const notion = catalog("notion");
    expect(creationFields(notion, "OAUTH2", { requiredOnly: true })!.map((f) => f.name)).toEqual(["client_id", "client_secret"]);
    expect(creationFields(notion, "OAUTH2")!.map((f) => [f.name, f.required])).toEqual([
      ["client_id", true],
      ["client_secret", true],
      ["oauth_redirect_uri", false],
      ["scopes", false],
    ]);
    expect(creationFields(notion, "API_KEY")).toBeUndefined();
    expect(creationFields(catalog("perplexityai"), "API_KEY")).toEqual([]);
  });

  it("points at the toolkit's guide when the scheme has no hint", () => {
    const bare = {
      ...catalog("notion"),
      auth_config_details: catalog("notion").auth_config_details!.map((d) => ({ ...d, auth_hint_url: null })),
    };
    expect(whereToFind(bare, "OAUTH2")).toBe("https://docs.composio.dev/toolkits/notion");
    const nothing = { ...bare, auth_guide_url: null };
    const { failures } = toolkitVerdict(nothing, custom("notion", "OAUTH2"));
    expect(failures[0].reason).toContain("see the toolkit's auth guide in the Composio dashboard");
  });
});

describe("credential field names", () => {
  it("refuses a field the toolkit does not define for the scheme, suggesting the closest and listing the known ones", () => {
    const { failures } = toolkitVerdict(catalog("notion"), custom("notion", "OAUTH2", { clientid: "id", client_secret: "s" }));
    expect(failures).toContainEqual({
      property: "credentials.clientid",
      reason:
        'toolkit "notion" has no credential field "clientid"; did you mean client_id? (its fields for OAUTH2: client_id, client_secret, oauth_redirect_uri, scopes, user_scopes)',
    });
  });

  it("says when the scheme takes no fields at creation", () => {
    const { failures } = toolkitVerdict(catalog("perplexityai"), custom("perplexityai", "API_KEY", { api_key: "k" }));
    expect(failures).toEqual([
      {
        property: "credentials.api_key",
        reason: expect.stringMatching(
          /no credential field "api_key" \(it takes no fields for API_KEY but scopes: .*per connected account\)/,
        ),
      },
    ]);
  });

  it("always knows scopes and user_scopes, which the API takes for every config", () => {
    expect(
      toolkitVerdict(catalog("perplexityai"), custom("perplexityai", "API_KEY", { scopes: "a", user_scopes: ["b"] })).failures,
    ).toEqual([]);
  });

  it("takes any field for a scheme whose definition lists no creation fields at all (free-form)", () => {
    const notion = catalog("notion");
    const freeForm = { ...notion, auth_config_details: notion.auth_config_details!.map((d) => ({ ...d, fields: {} })) };
    expect(toolkitVerdict(freeForm, custom("notion", "OAUTH2", { anything: "x", tenant: "y" })).failures).toEqual([]);
  });

  it.each([
    ["clientId", "client_id"],
    ["client-secret", "client_secret"],
    ["CLIENT_ID", "client_id"],
    ["client_scret", "client_secret"],
    ["scope", "scopes"],
    ["redirect", undefined],
    ["x", undefined],
  ])("suggests for %s: %s", (given, expected) => {
    expect(closestName(given, ["client_id", "client_secret", "oauth_redirect_uri", "scopes", "user_scopes"])).toBe(expected);
  });
});

describe("secret-field warnings", () => {
  const acme: ToolkitDefinition = {
    slug: "acme",
    name: "Acme",
    composio_managed_auth_schemes: [],
    auth_config_details: [
      {
        mode: "OAUTH2",
        auth_hint_url: "https://acme.example.com/apps",
        fields: {
          auth_config_creation: {
            required: [
              { name: "client_id", displayName: "Client ID" },
              { name: "app_pem", displayName: "App key", is_secret: true },
            ],
            optional: [{ name: "signing_salt", is_secret: true }],
          },
        },
      },
    ],
  };
  const SENTINEL = "SENTINEL-pem-7781";

  it("warns for a toolkit-secret field the program gave as a plain value, saying how to make it a secret", () => {
    const { failures, warnings } = toolkitVerdict(
      acme,
      custom("acme", "OAUTH2", { client_id: "id", app_pem: SENTINEL }),
      ["client_id", "app_pem"],
      'AuthConfig "acme"',
    );
    expect(failures).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^AuthConfig "acme": credentials\.app_pem is a secret of toolkit "acme" but was given as a plain value/);
    expect(warnings[0]).toContain("pulumi.secret(value)");
    expect(warnings[0]).toContain("config set --secret");
    expect(warnings[0]).not.toContain(SENTINEL);
  });

  it("does not warn when the value was a secret (not reported plain) or is a non-secret field", () => {
    expect(toolkitVerdict(acme, custom("acme", "OAUTH2", { client_id: "id", app_pem: "x" }), ["client_id"]).warnings).toEqual([]);
  });
});

const fieldName = fc.stringMatching(/^[a-z][a-z_]{0,10}$/);
const fieldArb = fc.record({ name: fieldName, displayName: fc.string({ maxLength: 8 }), is_secret: fc.boolean() });
const SCHEMES = ["OAUTH2", "API_KEY", "BASIC", "BEARER_TOKEN"];
/** A toolkit whose field names are unique across its schemes' required and optional lists. */
const toolkitArb: fc.Arbitrary<ToolkitDefinition> = fc
  .record({
    schemes: fc.subarray(SCHEMES, { minLength: 1 }),
    fields: fc.uniqueArray(fieldArb, { selector: (f) => f.name, maxLength: 6 }),
    split: fc.nat(6),
    hint: fc.option(fc.webUrl(), { nil: undefined }),
    managed: fc.boolean(),
  })
  .map(({ schemes, fields, split, hint, managed }) => ({
    slug: "gen",
    name: "Gen",
    composio_managed_auth_schemes: managed ? ["OAUTH2"] : [],
    auth_config_details: schemes.map((mode) => ({
      mode,
      auth_hint_url: hint ?? null,
      fields: {
        auth_config_creation: {
          required: fields.slice(0, split) as WireToolkitField[],
          optional: fields.slice(split) as WireToolkitField[],
        },
      },
    })),
  }));

describe("properties", () => {
  it("a config that gives every required field non-blank passes; removing any one fails exactly there", () => {
    fc.assert(
      fc.property(toolkitArb, fc.nat(), fc.nat(), (toolkit, pick, drop) => {
        const schemes = offeredSchemes(toolkit);
        const scheme = schemes[pick % schemes.length];
        const required = creationFields(toolkit, scheme, { requiredOnly: true })!;
        const full = Object.fromEntries(required.map((f) => [f.name, `v-${f.name}`]));
        expect(toolkitVerdict(toolkit, custom("gen", scheme, full)).failures).toEqual([]);
        if (required.length === 0) return;
        const missing = required[drop % required.length].name;
        const { [missing]: _gone, ...rest } = full;
        const { failures } = toolkitVerdict(toolkit, custom("gen", scheme, rest));
        expect(failures.map((f) => f.property)).toEqual([`credentials.${missing}`]);
        const hint = whereToFind(toolkit, scheme);
        if (hint) expect(failures[0].reason).toContain(hint);
      }),
    );
  });

  it("a scheme outside the offered ones fails only at authScheme, listing every offered scheme", () => {
    fc.assert(
      fc.property(toolkitArb, (toolkit) => {
        const offered = offeredSchemes(toolkit);
        const other = ["SAML", ...SCHEMES].find((s) => !offered.includes(s))!;
        const { failures } = toolkitVerdict(toolkit, custom("gen", other, {}));
        expect(failures.map((f) => f.property)).toEqual(["authScheme"]);
        for (const scheme of offered) expect(failures[0].reason).toContain(scheme);
      }),
    );
  });

  it("warns exactly for the given secret fields reported plain, and never repeats a value", () => {
    fc.assert(
      fc.property(toolkitArb, fc.nat(), fc.func(fc.boolean()), (toolkit, pick, reported) => {
        const schemes = offeredSchemes(toolkit);
        const scheme = schemes[pick % schemes.length];
        const fields = creationFields(toolkit, scheme)!;
        const credentials = Object.fromEntries(fields.map((f) => [f.name, `SENTINEL-${f.name}`]));
        const plainKeys = fields.map((f) => f.name).filter((name) => reported(name));
        const { warnings } = toolkitVerdict(toolkit, custom("gen", scheme, credentials), plainKeys);
        const expected = fields.filter((f) => f.is_secret && plainKeys.includes(f.name)).map((f) => f.name);
        expect(warnings.map((w) => /credentials\.([a-z_]+) /.exec(w)![1])).toEqual(expected);
        for (const warning of warnings) expect(warning).not.toContain("SENTINEL-");
      }),
    );
  });

  it("a credential field fails exactly when the scheme does not define it (scopes aside), naming it", () => {
    fc.assert(
      fc.property(toolkitArb, fc.nat(), fc.uniqueArray(fieldName, { maxLength: 4 }), (toolkit, pick, extra) => {
        const schemes = offeredSchemes(toolkit);
        const scheme = schemes[pick % schemes.length];
        const fields = creationFields(toolkit, scheme)!;
        const credentials = Object.fromEntries([...fields.map((f) => f.name), ...extra].map((name) => [name, `v-${name}`]));
        const known = [...fields.map((f) => f.name), "scopes", "user_scopes"];
        const unknown = [...new Set(extra)].filter((name) => !known.includes(name));
        const { failures } = toolkitVerdict(toolkit, custom("gen", scheme, credentials));
        expect(failures.map((f) => f.property).sort()).toEqual(unknown.map((name) => `credentials.${name}`).sort());
      }),
    );
  });

  it("managed auth fails at type exactly when the toolkit has no managed scheme", () => {
    fc.assert(
      fc.property(toolkitArb, (toolkit) => {
        const { failures } = toolkitVerdict(toolkit, managed("gen"));
        expect(failures.map((f) => f.property)).toEqual(toolkit.composio_managed_auth_schemes!.length === 0 ? ["type"] : []);
      }),
    );
  });
});
