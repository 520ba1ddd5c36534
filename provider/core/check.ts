/**
 * `check`: validates raw program inputs, fills defaults and autonames. Pure and total: whatever
 * arrives (including values still unknown during preview) it returns inputs and per-property failures,
 * and it never throws, so a bad program fails at preview before any API call. The autoname's random
 * part comes from the caller (`SuffixSource`): the hooks draw it, so the same call gives the same answer.
 */
import type { z } from "zod";
import { AUTH_CONFIG_VARIANTS, authConfigInputSchema, DEFAULTS, FORBIDDEN_KEYS, type AuthConfigInputs } from "./schema";
import {
  ADOPTION_CONFLICT_KEY,
  PLAIN_CREDENTIALS_KEY,
  PROVIDER_KEY,
  RESOURCE_NAME_KEY,
  SDK_REPORT_KEY,
  SECRET_PATHS_KEY,
  UNKNOWN,
} from "../engineProtocol";
import { isFingerprint, isSecretPath } from "./secrets";
import { markSecrets, plainCredentialKeys, unmarkSecrets, wrappablePaths } from "./secretMarks";

export interface CheckFailure {
  property: string;
  reason: string;
}

/** Checked inputs (`ok`), or the raw ones with what is wrong with them. */
export type CheckOutcome =
  { ok: true; inputs: AuthConfigInputs; failures: [] } | { ok: false; inputs: Record<string, unknown>; failures: CheckFailure[] };

/**
 * Failures in the form they are given to the engine. Pulumi 3.248 prints a failure whose `property`
 * is a top-level input as `property X value {<value>} has a problem`, looking the value up itself and
 * printing it in clear even when it is a secret (`sharedCredentials: pulumi.secret("...")` of the
 * wrong type). With an empty property it prints only the reason, so the path leads the reason.
 */
export function forEngine(failures: readonly CheckFailure[]): CheckFailure[] {
  return failures.map(({ property, reason }) => ({ property: "", reason: `${property}: ${reason}` }));
}

/** The random part of an autoname (`notion-1a2b3c4`), drawn by the caller: provider/hooks/autonameSuffix.ts. */
export type SuffixSource = () => string;

/**
 * `credentials.client_id`, `toolAccessConfig.toolsAvailableForExecution[2]`: how a user would write the
 * path. A key that is not a plain name (blank, spaces, dots, brackets, control characters) is quoted,
 * `credentials[" "]`, so a failure never names an invisible property.
 */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === "number") return `${text}[${segment}]`;
    const key = String(segment);
    if (!/^[^\s.[\]"\p{C}]+$/u.test(key)) return `${text}[${JSON.stringify(key)}]`;
    return text === "" ? key : `${text}.${key}`;
  }, "");
}

/** Paths whose value is the unknown placeholder: failures under them are deferred to the real run. */
function unknownPaths(value: unknown, path: string[] = [], found: string[][] = [], depth = 0): string[][] {
  if (value === UNKNOWN) found.push(path);
  else if (value !== null && typeof value === "object" && depth < 16) {
    for (const [key, child] of Object.entries(value)) unknownPaths(child, [...path, key], found, depth + 1);
  }
  return found;
}

/** Prototype-polluting keys anywhere in the input, reported instead of silently dropped. */
function forbiddenKeyFailures(value: unknown, path: string[] = [], found: CheckFailure[] = [], depth = 0): CheckFailure[] {
  if (value === null || typeof value !== "object" || depth >= 16) return found;
  for (const key of Object.keys(value)) {
    const childPath = [...path, key];
    if (FORBIDDEN_KEYS.has(key)) {
      found.push({ property: formatPath(childPath), reason: `the key "${key}" is not allowed; use the field names the toolkit lists` });
    } else {
      forbiddenKeyFailures((value as Record<string, unknown>)[key], childPath, found, depth + 1);
    }
  }
  return found;
}

function isUnder(path: ReadonlyArray<PropertyKey>, prefix: string[]): boolean {
  return prefix.every((segment, i) => String(path[i]) === segment);
}

function failuresOf(issues: readonly z.core.$ZodIssue[], unknown: string[][]): CheckFailure[] {
  return issues
    .filter((issue) => !unknown.some((prefix) => isUnder(issue.path, prefix)))
    .map((issue) => {
      // "Unrecognized keys" issues sit on the parent; name the first offending key instead.
      const keys = issue.code === "unrecognized_keys" ? [issue.keys[0]] : [];
      const property = formatPath([...issue.path, ...keys]);
      return { property: property === "" ? "args" : property, reason: issue.message };
    });
}

/**
 * The schema's issues. When `type` selects no variant (it is unknown during a preview, or not a type),
 * zod stops at `type`; the other properties are still checked, against every variant, and an issue
 * is reported when each variant reports it: it is wrong whatever `type` turns out to be.
 */
function issuesOf(error: z.ZodError, news: Record<string, unknown>): z.core.$ZodIssue[] {
  const typeIssue = error.issues.find((issue) => issue.code === "invalid_union" && formatPath(issue.path) === "type");
  if (!typeIssue) return error.issues;
  const [first, ...others] = AUTH_CONFIG_VARIANTS.map((variant) => variant.safeParse(news).error?.issues ?? []);
  const key = (issue: z.core.$ZodIssue) => `${formatPath(issue.path)}\n${issue.message}`;
  const common = first.filter((issue) => others.every((issues) => issues.some((other) => key(other) === key(issue))));
  return [typeIssue, ...common.filter((issue) => formatPath(issue.path) !== "type")];
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

// A fingerprint is what outputs hold of a name the program wrapped as a secret: never a name to reuse.
const usable = (value: unknown): value is string => typeof value === "string" && value !== "" && value !== UNKNOWN && !isFingerprint(value);

/**
 * The generated name for a program that sets none, kept across updates as Pulumi's autonaming does (a
 * new one would be a rename). It is remembered in `__autoname`, apart from `name`, because a refresh
 * writes a rename made in the dashboard into `name`: that is drift to revert, not a new choice.
 */
function autoname(olds: Record<string, unknown>, resourceName: unknown, suffix: SuffixSource): string {
  if (usable(olds.__autoname)) return olds.__autoname;
  if (usable(olds.name)) return olds.name;
  const base = typeof resourceName === "string" && resourceName !== "" ? resourceName : "auth-config";
  return `${base}-${suffix()}`;
}

/**
 * The autoname, and the schema's defaults for raw input whose only problems are unknown values (parsed
 * input has them from the schema already).
 */
function withDefaults(value: Record<string, unknown>, olds: unknown, suffix: SuffixSource): AuthConfigInputs {
  const named = typeof value.name === "string" ? {} : { __autoname: autoname(asRecord(olds), value.__resourceName, suffix) };
  return {
    ...value,
    ...named,
    // The schema lower-cases a valid slug; this path skipped it (other inputs were still unknown).
    ...(typeof value.toolkit === "string" ? { toolkit: value.toolkit.toLowerCase() } : {}),
    name: typeof value.name === "string" ? value.name : named.__autoname,
    type: value.type ?? DEFAULTS.type,
    enabled: value.enabled ?? DEFAULTS.enabled,
    revokeOnDelete: value.revokeOnDelete ?? DEFAULTS.revokeOnDelete,
  } as AuthConfigInputs;
}

export function checkAuthConfig(olds: unknown, rawNews: unknown, suffix: SuffixSource): CheckOutcome {
  try {
    const { [PROVIDER_KEY]: _provider, ...news } = asRecord(rawNews);
    const forbidden = forbiddenKeyFailures(rawNews);
    if (forbidden.length > 0) return { ok: false, inputs: asRecord(rawNews), failures: forbidden };
    const parsed = authConfigInputSchema.safeParse(
      rawNews !== null && typeof rawNews === "object" && !Array.isArray(rawNews) ? news : rawNews,
    );
    if (parsed.success) {
      return { ok: true, inputs: withDefaults(parsed.data, olds, suffix), failures: [] };
    }
    const failures = failuresOf(issuesOf(parsed.error, news), unknownPaths(news));
    const raw = asRecord(news);
    return failures.length === 0
      ? { ok: true, inputs: withDefaults(raw, olds, suffix), failures: [] }
      : { ok: false, inputs: raw, failures };
  } catch (error) {
    // zod does not throw on data, but a hostile getter or a bug must still surface as a failure, not a crash.
    return {
      ok: false,
      inputs: asRecord(rawNews),
      failures: [{ property: "args", reason: `could not be validated: ${(error as Error).message}` }],
    };
  }
}

/** What the host knows beside the program's values. */
export interface CheckContext {
  suffix: SuffixSource;
  /** The resource's name in the program (the URN's last part), for the autoname and messages. */
  resourceName?: string;
  /** Set when another resource of the program adopts the same id (sdk/adoptionClaims.ts): it fails adoptId. */
  adoptionConflict?: string;
}

/** `check` over marked values: the inputs with their secrets marked, and the credentials given unmarked. */
export interface MarkedCheckOutcome {
  ok: boolean;
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
  /** Credential fields given unmarked that are not secret by name (secretMarks.ts `plainCredentialKeys`). */
  plainCredentials: string[];
}

/** Keys only a host sets: a program that passes them itself is not believed. */
const HOST_KEYS = [SDK_REPORT_KEY, RESOURCE_NAME_KEY, PLAIN_CREDENTIALS_KEY, SECRET_PATHS_KEY, ADOPTION_CONFLICT_KEY];

/** The program's values as the schema takes them: the host's knowledge under its own keys, the marked paths as `__secretPaths`. */
function schemaNews(news: unknown, wrapped: string[], context: CheckContext): unknown {
  if (news === null || typeof news !== "object" || Array.isArray(news)) return news;
  const values = Object.fromEntries(Object.entries(news).filter(([key]) => !HOST_KEYS.includes(key)));
  if (context.resourceName !== undefined) values[RESOURCE_NAME_KEY] = context.resourceName;
  if (wrapped.length > 0) values[SECRET_PATHS_KEY] = wrapped;
  if (context.adoptionConflict !== undefined) values[ADOPTION_CONFLICT_KEY] = context.adoptionConflict;
  return values;
}

/**
 * `check` in the core's own terms: `news` with secrets marked (secretMarks.ts), as the engine hands them to
 * the plugin; the inputs come back with every secret marked: each value the program marked, and each
 * that is secret whatever it marked (`isSecretPath`: a client secret given plain is still marked, so the
 * engine encrypts it in state). The marked paths are kept as `__secretPaths`, so outputs fingerprint them.
 */
export function checkMarked(olds: unknown, news: unknown, context: CheckContext): MarkedCheckOutcome {
  const { value: values, markedPaths } = unmarkSecrets(news);
  const credentials = asRecord(asRecord(values).credentials);
  const wrapped = wrappablePaths(markedPaths, asRecord(values));
  const outcome = checkAuthConfig(unmarkSecrets(olds).value, schemaNews(values, wrapped, context), context.suffix);
  const isSecret = (path: string) => markedPaths.includes(path) || isSecretPath(path, wrapped);
  return {
    ok: outcome.ok,
    inputs: markSecrets(outcome.inputs, isSecret) as Record<string, unknown>,
    failures: outcome.failures,
    plainCredentials: plainCredentialKeys(markedPaths, Object.keys(credentials)),
  };
}
