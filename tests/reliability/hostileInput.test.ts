/**
 * `check` against hostile input: 10,000 generated inputs of wrong types, huge strings (up to 300,000
 * characters, lone surrogates and NULs included), any Unicode, nesting up to 2,000 levels and
 * prototype-polluting keys (as own properties, anywhere). It never throws, never falls back to its
 * catch-all, every failure names a property and gives a reason, and nothing is polluted. Plus 500 of
 * them through the provider's check hook, as the engine calls it, and 1,000 valid inputs with values
 * carrying a marker that no failure may repeat.
 */
import fc from "fast-check";
import { AuthConfigProvider } from "../../provider/hooks/authConfigProvider";
import { checkAuthConfig, formatPath, type CheckOutcome } from "../../provider/core/check";
import { inputsArb } from "../provider/core/arbitraries";

/** The autoname's random part, which the provider's edge supplies (core/check.ts is pure). */
const fixedSuffix = () => "abc1234";

jest.setTimeout(120_000);

const ARGUMENTS = [
  "toolkit",
  "name",
  "type",
  "authScheme",
  "credentials",
  "toolAccessConfig",
  "proxyConfig",
  "isEnabledForToolRouter",
  "sharedCredentials",
  "enabled",
  "revokeOnDelete",
  "allowReplaceWithConnections",
  "adoptId",
  "__resourceName",
  "__autoname",
  "__provider",
];
const POLLUTING = ["__proto__", "constructor", "prototype", "__defineGetter__", "hasOwnProperty", "toString", "valueOf"];
const FIELDS = [
  "client_id",
  "client_secret",
  "scopes",
  "user_scopes",
  "proxyUrl",
  "proxyAuthKey",
  "toolsForConnectedAccountCreation",
  "toolsAvailableForExecution",
];

/** An object whose keys are own properties whatever they are (`{ __proto__: x }` would set the prototype instead). */
function ownObject(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

const huge = fc
  .tuple(fc.integer({ min: 10_000, max: 300_000 }), fc.constantFrom("x", "é", "🔑", "\u0000", "\ud800", "a,", " "))
  .map(([n, unit]) => unit.repeat(n));
const deep = fc.tuple(fc.integer({ min: 50, max: 2_000 }), fc.boolean()).map(([depth, asArray]) => {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
});
const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("", " ", "\t\n"),
);
const scalar = fc.oneof(
  text,
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, true, false, null, undefined),
  fc.constantFrom(
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "use_custom_auth",
    "OAUTH2",
    "github",
    "https://proxy.example.com",
    "ac_1234abcd",
  ),
);
const key = fc.oneof(fc.constantFrom(...POLLUTING, ...ARGUMENTS, ...FIELDS), text);
const { node: junk } = fc.letrec<{ node: unknown; object: Record<string, unknown>; list: unknown[] }>((tie) => ({
  node: fc.oneof({ depthSize: "small", maxDepth: 4 }, scalar, huge, deep, tie("object"), tie("list")),
  object: fc.array(fc.tuple(key, tie("node")), { maxLength: 6 }).map(ownObject),
  list: fc.array(tie("node"), { maxLength: 5 }),
}));

/** Arguments shaped like an AuthConfig's, with junk for values and stray (often polluting) keys. */
const shaped = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom(...ARGUMENTS), junk), { maxLength: 8 }), fc.array(fc.tuple(key, junk), { maxLength: 2 }))
  .map(([known, stray]) => ownObject([...known, ...stray]));

/** Inputs that pass check: the shared generator's, with managed auth kept to what managed auth takes. */
const validInputs = inputsArb
  .map((inputs) => {
    if (inputs.type !== "use_composio_managed_auth") return inputs;
    const { proxyConfig: _proxy, credentials, ...rest } = inputs;
    return { ...rest, ...(credentials?.scopes === undefined ? {} : { credentials: { scopes: credentials.scopes } }) };
  })
  .filter((inputs) => checkAuthConfig({}, inputs, fixedSuffix).failures.length === 0);

/** Arguments whose value decides what others may be: a junk `type` can make `authScheme` required, say. */
const DEPENDENTS: Record<string, string[]> = { type: ["authScheme", "proxyConfig", "credentials"] };

/** A valid input with one argument replaced by junk: only that argument (or what depends on it) may fail. */
const mutated = fc
  .tuple(validInputs, fc.constantFrom(...ARGUMENTS.filter((a) => !a.startsWith("__"))), junk)
  .map(([valid, argument, value]) => ({
    news: ownObject([...Object.entries(valid).filter(([k]) => k !== argument), [argument, value]]),
    argument,
  }));

let runs = 0;

/** Like fc.assert, but a failure shows a counterexample cut to size: the inputs hold strings of 300,000 characters. */
async function holds<T>(property: fc.IProperty<T> | fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
  const details = await fc.check(property as fc.IAsyncProperty<T>, { numRuns });
  if (!details.failed) return;
  const shown = JSON.stringify(details.counterexample, (_k, v) =>
    typeof v === "string" && v.length > 60 ? `${v.slice(0, 60)}...(${v.length} chars)` : typeof v === "bigint" ? `${v}n` : v,
  );
  throw new Error(
    `property failed (seed ${details.seed}, path ${details.counterexamplePath}) on ${shown?.slice(0, 2000)}:\n${details.errorInstance}`,
  );
}

/** What must hold for every outcome. */
function wellFormed({ inputs, failures }: Pick<CheckOutcome, "inputs" | "failures">): void {
  runs++;
  expect(inputs !== null && typeof inputs === "object").toBe(true);
  expect(Array.isArray(failures)).toBe(true);
  for (const failure of failures) {
    expect(typeof failure.property).toBe("string");
    expect(failure.property.trim()).not.toBe("");
    expect(failure.property).not.toMatch(/^(undefined|null)\b/);
    expect(typeof failure.reason).toBe("string");
    expect(failure.reason.length).toBeGreaterThan(10);
    // The catch-all means something threw inside; hostile data must be handled, not caught.
    expect(failure.reason).not.toMatch(/could not be validated/);
  }
}

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
const before = prototypeKeys();

afterAll(() => {
  expect(prototypeKeys()).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(runs).toBeGreaterThanOrEqual(11_500);
});

test("a property whose name is blank or odd is quoted, so a failure never names an invisible property", () => {
  expect(formatPath(["credentials", " "])).toBe('credentials[" "]');
  expect(formatPath(["\t\n"])).toBe('["\\t\\n"]');
  expect(formatPath(["sharedCredentials", "a.b", "x"])).toBe('sharedCredentials["a.b"].x');
  expect(checkAuthConfig({}, { toolkit: "github", "": 1 }, fixedSuffix).failures.map((f) => f.property)).toEqual(['[""]']);
});

test("anything at all, as olds and news (4,000)", async () => {
  await holds(
    fc.property(
      fc.oneof(junk, fc.anything()),
      fc.oneof(junk, shaped, fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true })),
      (olds, news) => {
        wellFormed(checkAuthConfig(olds, news, fixedSuffix));
      },
    ),
    4_000,
  );
});

test("AuthConfig-shaped arguments with junk values and polluting keys (4,000)", async () => {
  await holds(
    fc.property(shaped, shaped, (olds, news) => {
      const outcome = checkAuthConfig(olds, news, fixedSuffix);
      wellFormed(outcome);
      // A polluting key at the top level always fails, by its own name.
      for (const stray of Object.keys(news).filter((k) => POLLUTING.slice(0, 3).includes(k))) {
        expect(outcome.failures.map((f) => f.property)).toContain(stray);
      }
    }),
    4_000,
  );
});

test("a valid input with one argument turned to junk fails, if at all, on that argument or its dependents (2,000)", async () => {
  await holds(
    fc.property(mutated, ({ news, argument }) => {
      const outcome = checkAuthConfig({}, news, fixedSuffix);
      wellFormed(outcome);
      for (const failure of outcome.failures)
        expect([argument, ...(DEPENDENTS[argument] ?? [])]).toContain(failure.property.split(/[.[]/)[0]);
    }),
    2_000,
  );
});

/** No API key: the toolkit rules are skipped (they are tested against the emulator elsewhere). */
const offlineProvider = () =>
  new AuthConfigProvider(async () => undefined).useSettings(() => {
    throw new Error("no key in this test");
  });

/**
 * The hook's failures are in the engine's form (check.ts's forEngine): no property for the engine to
 * look up and print, the path leading the reason.
 */
function hookOutcome({
  inputs,
  failures = [],
}: {
  inputs?: Record<string, unknown>;
  failures?: Array<{ property: string; reason: string }>;
}): Pick<CheckOutcome, "inputs" | "failures"> {
  for (const failure of failures) expect(failure.property).toBe("");
  const split = failures.map(({ reason }) => ({
    property: reason.slice(0, reason.indexOf(": ")),
    reason: reason.slice(reason.indexOf(": ") + 2),
  }));
  return { inputs: inputs ?? {}, failures: split };
}

test("the provider's check hook, as the engine calls it (500)", async () => {
  const provider = offlineProvider();
  await holds(
    fc.asyncProperty(fc.oneof(junk, shaped), fc.oneof(junk, shaped), async (olds, news) => {
      wellFormed(hookOutcome(await provider.check(olds, news)));
    }),
    500,
  );
});

/** A marker no message has of its own; searched for in any case (check lower-cases toolkit slugs). */
const MARK = "lk7qsentinel";
const marked = fc.oneof(
  fc.constantFrom(MARK, `${MARK} ${MARK}`, `${MARK},x y`, `https://${MARK}.example.com`, `ac_${MARK}`, MARK.toUpperCase()),
  fc.string({ maxLength: 10 }).map((prefix) => `${prefix}${MARK}`),
);
const { node: markedJunk } = fc.letrec<{ node: unknown; object: Record<string, unknown>; list: unknown[] }>((tie) => ({
  node: fc.oneof({ depthSize: "small", maxDepth: 3 }, marked, scalar, tie("object"), tie("list")),
  object: fc.array(fc.tuple(fc.constantFrom(...ARGUMENTS, ...FIELDS, "other"), tie("node")), { maxLength: 4 }).map(ownObject),
  list: fc.array(tie("node"), { maxLength: 3 }),
}));
/** A valid input with some arguments (and nested fields) replaced by values carrying the marker. */
const leaky = fc
  .tuple(
    validInputs,
    fc.array(fc.tuple(fc.constantFrom(...ARGUMENTS.filter((a) => a !== "__provider"), "colour"), markedJunk), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([valid, replaced]) => ownObject([...Object.entries(valid).filter(([k]) => !replaced.some(([r]) => r === k)), ...replaced]));

test("no failure repeats a value the program gave: a marker in any value never reaches a reason (1,000)", async () => {
  const provider = offlineProvider();
  await holds(
    fc.asyncProperty(leaky, async (news) => {
      const outcome = hookOutcome(await provider.check({}, news));
      wellFormed(outcome);
      expect(JSON.stringify(outcome.failures).toLowerCase()).not.toContain(MARK);
    }),
    1_000,
  );
});
