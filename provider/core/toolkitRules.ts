/**
 * The toolkit-aware part of `check`: what the toolkit's own definition says about an auth config
 * that already passed the schema. Pure (definition + inputs in, failures and warnings out), so the
 * check hook only has to fetch the definition.
 */
import { formatPath, type CheckFailure } from "./check";
import { UNKNOWN } from "../engineProtocol";
import type { AuthConfigInputs } from "./schema";
import { SCOPE_KEYS } from "./schema";
import {
  creationFields,
  listSchemes,
  managedSchemes,
  offeredSchemes,
  takesFreeFormFields,
  whereToFind,
  type ToolkitDefinition,
  type ToolkitField,
} from "./toolkitDefinition";

export interface ToolkitVerdict {
  failures: CheckFailure[];
  /** Advice that does not stop the run; plain text naming the resource and the field. */
  warnings: string[];
}

const isMissing = (value: unknown) => value === undefined || value === null || (typeof value === "string" && value.trim() === "");

function managedFailures(toolkit: ToolkitDefinition, inputs: AuthConfigInputs): CheckFailure[] {
  const managed = managedSchemes(toolkit);
  if (managed.length === 0) {
    return [
      {
        property: "type",
        reason:
          `toolkit "${toolkit.slug}" has no Composio-managed auth; use type "use_custom_auth" with your own app and ` +
          `authScheme one of: ${listSchemes(offeredSchemes(toolkit))}`,
      },
    ];
  }
  // During preview any input may still be the engine's unknown placeholder.
  const scheme: string | undefined = inputs.authScheme;
  if (scheme !== undefined && scheme !== UNKNOWN && !managed.includes(scheme)) {
    return [
      {
        property: "authScheme",
        reason:
          `Composio manages only ${listSchemes(managed)} for toolkit "${toolkit.slug}"; remove authScheme (or set it to one of those), ` +
          `or use type "use_custom_auth" for ${scheme} with your own app`,
      },
    ];
  }
  return [];
}

/** Edit distance (insertions, deletions, substitutions), for "did you mean". */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The known name a misspelt one most likely meant: the same letters apart from case and separators
 * (`clientId`, `client-id`, `clientid`), else the closest within two edits (a third of its length).
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const bare = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");
  const same = known.find((candidate) => bare(candidate) === bare(name));
  if (same) return same;
  const limit = Math.min(2, Math.floor(name.length / 3));
  const ranked = known
    .map((candidate) => ({ candidate, distance: editDistance(name.toLowerCase(), candidate) }))
    .sort((x, y) => x.distance - y.distance);
  return ranked[0] && ranked[0].distance <= limit ? ranked[0].candidate : undefined;
}

/**
 * Credential fields the toolkit does not define for the scheme (the API refuses them with a 400 at
 * create). Scopes are always known: the API's own request type takes them for every config. A scheme
 * whose definition lists no creation fields at all is free-form (toolkitDefinition.ts) and is not checked.
 */
function unknownFieldFailures(
  toolkit: ToolkitDefinition,
  scheme: string,
  fields: ToolkitField[],
  given: Record<string, unknown>,
): CheckFailure[] {
  if (takesFreeFormFields(toolkit, scheme)) return [];
  const known = [...fields.map((field) => field.name), ...SCOPE_KEYS.filter((key) => !fields.some((field) => field.name === key))];
  const takes =
    fields.length === 0
      ? `it takes no fields for ${scheme} but scopes: values such as an API key are given per connected account`
      : `its fields for ${scheme}: ${known.join(", ")}`;
  return Object.keys(given)
    .filter((key) => !known.includes(key))
    .map((key) => {
      const suggestion = closestName(key, known);
      return {
        property: formatPath(["credentials", key]),
        reason: `toolkit "${toolkit.slug}" has no credential field "${key}"${suggestion ? `; did you mean ${suggestion}?` : ""} (${takes})`,
      };
    });
}

function missingFieldFailures(
  toolkit: ToolkitDefinition,
  scheme: string,
  fields: ToolkitField[],
  given: Record<string, unknown>,
): CheckFailure[] {
  const hint = whereToFind(toolkit, scheme);
  return (
    fields
      // A required field with a default is left to the API, which fills it in.
      .filter((field) => field.required && isMissing(field.default) && isMissing(given[field.name]))
      .map((field) => ({
        property: `credentials.${field.name}`,
        reason:
          `${field.name} is required by toolkit "${toolkit.slug}" for ${scheme}` +
          (field.displayName || field.description ? ` (${[field.displayName, field.description].filter(Boolean).join(": ")})` : "") +
          (hint ? `; find it at ${hint}` : "; see the toolkit's auth guide in the Composio dashboard"),
      }))
  );
}

function customVerdict(
  toolkit: ToolkitDefinition,
  inputs: AuthConfigInputs,
  plainKeys: readonly string[],
  resource: string,
): ToolkitVerdict {
  const scheme: string | undefined = inputs.authScheme;
  if (scheme === undefined || scheme === UNKNOWN) return { failures: [], warnings: [] };
  const fields = creationFields(toolkit, scheme);
  if (!fields) {
    return {
      failures: [
        {
          property: "authScheme",
          reason: `toolkit "${toolkit.slug}" does not offer ${scheme}; it offers: ${listSchemes(offeredSchemes(toolkit))}`,
        },
      ],
      warnings: [],
    };
  }
  const credentials = inputs.credentials as unknown;
  // The whole credentials object is not known yet (preview of a dependent value): the real run checks it.
  if (credentials === UNKNOWN) return { failures: [], warnings: [] };
  const given = (credentials ?? {}) as Record<string, unknown>;
  const failures = [...unknownFieldFailures(toolkit, scheme, fields, given), ...missingFieldFailures(toolkit, scheme, fields, given)];
  const warnings = fields
    .filter((field) => field.is_secret && !isMissing(given[field.name]) && plainKeys.includes(field.name))
    .map(
      (field) =>
        `${resource}: credentials.${field.name} is a secret of toolkit "${toolkit.slug}" but was given as a plain value, so it is stored ` +
        `unencrypted in the Pulumi state and shown in diffs. Make it a secret: pass pulumi.secret(value), or ` +
        `\`pulumi config set --secret <key> <value>\` and read it with config.requireSecret("<key>").`,
    );
  return { failures, warnings };
}

/**
 * `plainKeys`: the credential fields the program gave as non-secret values (the SDK reports them; the
 * provider process itself only ever sees plain values). `resource` names the resource in warnings,
 * which the engine shows apart from the resource's row.
 */
export function toolkitVerdict(
  toolkit: ToolkitDefinition,
  inputs: AuthConfigInputs,
  plainKeys: readonly string[] = [],
  resource = "auth config",
): ToolkitVerdict {
  if (inputs.type === "use_composio_managed_auth") return { failures: managedFailures(toolkit, inputs), warnings: [] };
  if (inputs.type === "use_custom_auth") return customVerdict(toolkit, inputs, plainKeys, resource);
  // type not known yet during preview.
  return { failures: [], warnings: [] };
}
