/**
 * What `composio-toolkits` prints: the toolkit list as a table, one toolkit's schemes with the fields an auth
 * config and a connection of each take, and both as JSON. Pure: the API's answers in, text out.
 */
import {
  authDetail,
  managedSchemes,
  offeredSchemes,
  takesFreeFormFields,
  whereToFind,
  type ToolkitDefinition,
  type ToolkitField,
} from "../provider/core/toolkitDefinition";
import type { WireToolkitSummary } from "../provider/core/wire";

interface FieldView {
  name: string;
  displayName?: string;
  description?: string;
  required: boolean;
  secret: boolean;
  default?: unknown;
}

interface SchemeView {
  scheme: string;
  name?: string;
  /** Composio offers managed auth with this scheme (type "use_composio_managed_auth", no credentials). */
  composioManaged: boolean;
  whereToFind?: string;
  /** The `credentials` of a custom auth config of this scheme; null: the toolkit names none (any are taken). */
  authConfigFields: FieldView[] | null;
  /** What each connected account is asked for when it connects. */
  connectionFields: FieldView[];
}

export interface ToolkitView {
  slug: string;
  name: string;
  composioManagedAuthSchemes: string[];
  schemes: SchemeView[];
}

function fieldViews(group: { required?: ToolkitField[]; optional?: ToolkitField[] } | undefined): FieldView[] {
  const view = (field: ToolkitField, required: boolean): FieldView => ({
    name: field.name,
    ...(field.displayName ? { displayName: field.displayName } : {}),
    ...(field.description ? { description: field.description } : {}),
    required,
    secret: field.is_secret === true,
    ...(field.default !== undefined && field.default !== null && field.default !== "" ? { default: field.default } : {}),
  });
  return [...(group?.required ?? []).map((field) => view(field, true)), ...(group?.optional ?? []).map((field) => view(field, false))];
}

export function toolkitView(toolkit: ToolkitDefinition): ToolkitView {
  const managed = managedSchemes(toolkit);
  // A managed-only scheme has no custom details; it is listed too, so every scheme the toolkit offers shows.
  const schemes = [...new Set([...offeredSchemes(toolkit), ...managed])];
  return {
    slug: toolkit.slug,
    name: toolkit.name,
    composioManagedAuthSchemes: managed,
    schemes: schemes.map((scheme) => {
      const detail = authDetail(toolkit, scheme);
      const where = whereToFind(toolkit, scheme);
      return {
        scheme,
        ...(detail?.name ? { name: detail.name } : {}),
        composioManaged: managed.includes(scheme),
        ...(where ? { whereToFind: where } : {}),
        authConfigFields: takesFreeFormFields(toolkit, scheme) ? null : fieldViews(detail?.fields?.auth_config_creation),
        connectionFields: fieldViews(detail?.fields?.connected_account_initiation),
      };
    }),
  };
}

/** Rows of cells, each column padded to its widest cell. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, col) => cell.padEnd(widths[col]!))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + "\n"
  );
}

const schemesOf = (toolkit: WireToolkitSummary) => toolkit.auth_schemes ?? [];
const orNone = (items: readonly string[]) => (items.length > 0 ? items.join(", ") : "-");

export function formatListText(toolkits: readonly WireToolkitSummary[]): string {
  const rows = [
    ["SLUG", "NAME", "AUTH SCHEMES", "COMPOSIO-MANAGED"],
    ...toolkits.map((t) => [t.slug, t.name, orNone(schemesOf(t)), orNone(t.composio_managed_auth_schemes ?? [])]),
  ];
  return `${table(rows)}\n${toolkits.length} toolkit(s). \`composio-toolkits <slug>\` lists a toolkit's fields for each scheme.\n`;
}

export function formatListJson(toolkits: readonly WireToolkitSummary[]): string {
  const items = toolkits.map((t) => ({
    slug: t.slug,
    name: t.name,
    authSchemes: schemesOf(t),
    composioManagedAuthSchemes: t.composio_managed_auth_schemes ?? [],
  }));
  return `${JSON.stringify({ toolkits: items }, null, 2)}\n`;
}

function fieldLines(fields: FieldView[]): string[] {
  if (fields.length === 0) return ["    (none)"];
  const rows = fields.map((field) => {
    const kind = [field.required ? "required" : "optional", ...(field.secret ? ["secret"] : [])].join(", ");
    const about = [field.description ?? field.displayName ?? "", field.default === undefined ? "" : `(default: ${String(field.default)})`]
      .filter(Boolean)
      .join(" ");
    return [`    ${field.name}`, kind, about];
  });
  return table(rows).trimEnd().split("\n");
}

export function formatToolkitText(view: ToolkitView): string {
  const lines = [`${view.slug} (${view.name})`];
  lines.push(
    view.composioManagedAuthSchemes.length > 0
      ? `Composio-managed auth: ${view.composioManagedAuthSchemes.join(", ")} (type "use_composio_managed_auth": no credentials needed)`
      : `Composio-managed auth: none (use type "use_custom_auth" with one of the schemes below)`,
  );
  for (const scheme of view.schemes) {
    lines.push("", `${scheme.scheme}${scheme.name ? ` (${scheme.name})` : ""}${scheme.composioManaged ? ", Composio-managed" : ""}`);
    if (scheme.whereToFind) lines.push(`  where to find the values: ${scheme.whereToFind}`);
    lines.push(`  auth config credentials (type "use_custom_auth", authScheme "${scheme.scheme}"):`);
    lines.push(...(scheme.authConfigFields === null ? ["    any fields (the toolkit names none)"] : fieldLines(scheme.authConfigFields)));
    lines.push("  asked of each account when it connects:", ...fieldLines(scheme.connectionFields));
  }
  return `${lines.join("\n")}\n`;
}

export const formatToolkitJson = (view: ToolkitView) => `${JSON.stringify(view, null, 2)}\n`;
