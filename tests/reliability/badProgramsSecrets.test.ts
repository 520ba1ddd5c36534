/**
 * Bad programs whose bad values are secrets: generated AuthConfigs with secret-wrapped values of the
 * wrong type or shape at any argument (and inside credentials, the proxy and tool lists), previewed
 * under the real CLI with and without --debug. The marker the values carry is never in the output.
 *
 * What this guards: Pulumi 3.248 prints a check failure whose property is a top-level input as
 * `property X value {<value>} has a problem`, looking the value up itself and printing a secret's
 * plain text (`value {&{{...}}}`); check.ts's forEngine keeps every failure out of that form. And no
 * failure message may repeat a value (e.g. an unknown toolkit's slug, which may be a secret passed to
 * the wrong argument).
 *
 * The engine stops a run at the first resource that fails its check, so a run prints one failure: the
 * issue's cases each get their own run, and two generated programs of 30 resources (each resource
 * failing the offline check, so whichever comes first prints) one each. The breadth of messages is
 * tested at the hook (hostileInput.test.ts: 1,000 generated inputs carrying a marker).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import fc from "fast-check";
import { checkAuthConfig } from "../../provider/core/check";
import { AuthConfig, type AuthConfigArgs } from "../../sdk";
import { startComposioStack, type ComposioStack } from "../../testbed/composioStack";
import type { TestComposio } from "../../testbed/emulatorApi";
import { preview } from "../../testbed/harness";

/** The autoname's random part, which the provider's edge supplies (core/check.ts is pure). */
const fixedSuffix = () => "abc1234";

jest.setTimeout(10 * 60_000);

/** Lower case: check lower-cases toolkit slugs, and the output is searched in lower case. */
const MARK = "lk7qsecretmark";
const API_KEY = "bad-secrets-key";

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };
/** Where the secret goes: a top-level argument, or a field inside one. */
type Slot = [argument: string, field?: string];

const SLOTS: Slot[] = [
  ["toolkit"],
  ["name"],
  ["type"],
  ["authScheme"],
  ["credentials"],
  ["toolAccessConfig"],
  ["proxyConfig"],
  ["isEnabledForToolRouter"],
  ["sharedCredentials"],
  ["enabled"],
  ["revokeOnDelete"],
  ["adoptId"],
  ["colour"],
  ["credentials", "client_id"],
  ["credentials", "client_secret"],
  ["credentials", "scopes"],
  ["credentials", "clientid"],
  ["proxyConfig", "proxyUrl"],
  ["proxyConfig", "proxyAuthKey"],
  ["toolAccessConfig", "toolsAvailableForExecution"],
  ["sharedCredentials", "token"],
];

/** Values carrying the marker, of every shape an argument could wrongly get. */
const VALUES: Plain[] = [
  MARK,
  MARK.toUpperCase(),
  `${MARK} ${MARK}-two`,
  `ftp://${MARK}.example.com`,
  `ac_${MARK}`,
  ` ${MARK}`,
  [MARK],
  [MARK, 7],
  { value: MARK },
  { [MARK.slice(0, 3)]: [MARK] },
  `${"x".repeat(300)}${MARK}`,
];

const BASES: Record<string, Plain>[] = [
  { toolkit: "github" },
  { toolkit: "hubspot", credentials: { scopes: "tickets" } },
  {
    toolkit: "notion",
    type: "use_custom_auth",
    authScheme: "OAUTH2",
    credentials: { client_id: "id", client_secret: "s" },
    proxyConfig: { proxyUrl: "https://proxy.example.com" },
  },
];

const resourceArb = fc.record({
  base: fc.constantFrom(...BASES),
  secrets: fc.array(fc.tuple(fc.constantFrom(...SLOTS), fc.constantFrom(...VALUES), fc.boolean()), { minLength: 1, maxLength: 2 }),
});

/** Adopted ids made distinct: two resources adopting one id is a different failure (doubleAdoption.test.ts). */
let adoptions = 0;

/** The base arguments with each slot's value made a secret (or, for a field, the whole argument made one). */
function argsOf({ base, secrets }: { base: Record<string, Plain>; secrets: [Slot, Plain, boolean][] }): AuthConfigArgs {
  const args: Record<string, unknown> = { ...base };
  for (const [[argument, field], value, wrapWhole] of secrets) {
    if (field === undefined) {
      args[argument] = pulumi.secret(argument === "adoptId" && typeof value === "string" ? `${value}-${adoptions++}` : value);
      continue;
    }
    const current = args[argument];
    const inner = { ...(current !== null && typeof current === "object" && !pulumi.Output.isInstance(current) ? (current as object) : {}) };
    args[argument] = wrapWhole ? pulumi.secret({ ...inner, [field]: value }) : { ...inner, [field]: pulumi.secret(value) };
  }
  return args as unknown as AuthConfigArgs;
}

let composio: TestComposio;
let stack: Stack;
let cleanup: ComposioStack["cleanup"] | undefined;
let resources: AuthConfigArgs[] = [];

beforeAll(async () => {
  ({ composio, stack, cleanup } = await startComposioStack({
    name: "bad-secrets",
    apiKey: API_KEY,
    program: async () => {
      resources.forEach((args, i) => new AuthConfig(`r${i}`, args));
    },
  }));
}, 15 * 60_000);
afterAll(() => cleanup?.());

/** Issue 15's reports, and an unknown toolkit whose slug is a secret (its message must not repeat it). */
const CASES: Array<[string, () => AuthConfigArgs[]]> = [
  ["sharedCredentials: pulumi.secret(string)", () => [{ toolkit: "github", sharedCredentials: pulumi.secret(MARK) as never }]],
  ["credentials: pulumi.secret([string])", () => [{ toolkit: "github", credentials: pulumi.secret([MARK]) as never }]],
  ["an unknown argument holding a secret", () => [{ toolkit: "github", colour: pulumi.secret(MARK) } as AuthConfigArgs]],
  ["toolkit: a secret that is no toolkit's slug", () => [{ toolkit: pulumi.secret(MARK) }]],
];

async function expectNoValueInPreview(debug: boolean): Promise<void> {
  const result = await preview(stack, { allowFailure: true, debug });
  const output = result.output.toLowerCase();
  expect(result.ok).toBe(false);
  // A failure was printed, in the form that prints no value.
  expect(output).toMatch(/resource 'r\d+' has a problem: [a-z]/);
  expect(output).not.toMatch(/property \S+ value \{/);
  expect(output).not.toContain(MARK);
  if (debug) expect(output).toMatch(/debug:/);
}

test.each(CASES.flatMap(([title, program]) => [false, true].map((debug) => [title, debug, program] as const)))(
  "%s (--debug: %s): the value is not printed",
  async (_title, debug, program) => {
    resources = program();
    await expectNoValueInPreview(debug);
  },
);

const seed = Number(process.env.SECRETS_SEED ?? Date.now() % 2 ** 31);
/** Programs the offline check refuses: whichever resource the engine checks first fails. */
const failingResourceArb = resourceArb.filter(({ base, secrets }) => {
  const plain: Record<string, unknown> = { ...base };
  for (const [[argument, field], value] of secrets) {
    plain[argument] =
      field === undefined ? value : { ...(typeof plain[argument] === "object" ? (plain[argument] as object) : {}), [field]: value };
  }
  return checkAuthConfig({}, plain, fixedSuffix).failures.length > 0;
});

test.each([false, true])(
  `30 generated resources with secret bad values (--debug: %s; seed ${seed}, SECRETS_SEED replays it)`,
  async (debug) => {
    resources = fc.sample(failingResourceArb, { numRuns: 30, seed: seed + Number(debug) }).map(argsOf);
    await expectNoValueInPreview(debug);
    expect(await composio.list()).toEqual([]);
  },
);
