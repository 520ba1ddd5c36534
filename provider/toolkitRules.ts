/**
 * The toolkit-aware part of `check`: what the toolkit's own definition says about an auth config
 * that already passed the schema. Pure (definition + inputs in, failures and warnings out), so the
 * check hook only has to fetch the definition.
 */
import { UNKNOWN, type CheckFailure } from "./check";
import type { AuthConfigInputs } from "./model";
import { creationFields, listSchemes, managedSchemes, offeredSchemes, whereToFind, type ToolkitDefinition } from "./toolkits";

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

function customVerdict(toolkit: ToolkitDefinition, inputs: AuthConfigInputs, plainKeys: readonly string[], resource: string): ToolkitVerdict {
  const scheme: string | undefined = inputs.authScheme;
  if (scheme === undefined || scheme === UNKNOWN) return { failures: [], warnings: [] };
  const fields = creationFields(toolkit, scheme);
  if (!fields) {
    return {
      failures: [{ property: "authScheme", reason: `toolkit "${toolkit.slug}" does not offer ${scheme}; it offers: ${listSchemes(offeredSchemes(toolkit))}` }],
      warnings: [],
    };
  }
  const credentials = inputs.credentials as unknown;
  // The whole credentials object is not known yet (preview of a dependent value): the real run checks it.
  if (credentials === UNKNOWN) return { failures: [], warnings: [] };
  const given = (credentials ?? {}) as Record<string, unknown>;
  const hint = whereToFind(toolkit, scheme);
  const failures = fields
    // A required field with a default is left to the API, which fills it in.
    .filter((field) => field.required && isMissing(field.default) && isMissing(given[field.name]))
    .map((field) => ({
      property: `credentials.${field.name}`,
      reason:
        `${field.name} is required by toolkit "${toolkit.slug}" for ${scheme}` +
        (field.displayName || field.description ? ` (${[field.displayName, field.description].filter(Boolean).join(": ")})` : "") +
        (hint ? `; find it at ${hint}` : "; see the toolkit's auth guide in the Composio dashboard"),
    }));
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
export function toolkitVerdict(toolkit: ToolkitDefinition, inputs: AuthConfigInputs, plainKeys: readonly string[] = [], resource = "auth config"): ToolkitVerdict {
  if (inputs.type === "use_composio_managed_auth") return { failures: managedFailures(toolkit, inputs), warnings: [] };
  if (inputs.type === "use_custom_auth") return customVerdict(toolkit, inputs, plainKeys, resource);
  // type not known yet during preview.
  return { failures: [], warnings: [] };
}
