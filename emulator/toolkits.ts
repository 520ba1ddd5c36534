/**
 * The toolkit endpoints, rendered from the catalog in the shapes of the client's
 * ToolkitRetrieveResponse and ToolkitListResponse (note their different `meta.categories` shapes).
 */
import { CATALOG, findToolkit } from "./catalog";
import { ApiError } from "./errors";
import { paginate, parsePageRequest } from "./pagination";
import { enumParam } from "./queryParams";
import type { Route } from "./router";
import type { Toolkit } from "./types";

/** A fixed date: catalog entries are static data, and stable timestamps keep responses comparable. */
const CATALOG_DATE = "2025-01-01T00:00:00.000Z";
const VERSION = "20250101_00";

function baseMeta(t: Toolkit) {
  return {
    created_at: CATALOG_DATE,
    updated_at: CATALOG_DATE,
    description: t.description,
    logo: t.logo,
    tools_count: t.tools_count,
    triggers_count: t.triggers_count,
    version: VERSION,
    app_url: t.app_url,
  };
}

export function renderToolkit(t: Toolkit) {
  return {
    slug: t.slug,
    name: t.name,
    enabled: true,
    is_local_toolkit: false,
    type: "native",
    auth_guide_url: t.auth_guide_url,
    composio_managed_auth_schemes: [...t.composio_managed_auth_schemes],
    composio_managed_auth: structuredClone(t.composio_managed_auth),
    auth_config_details: structuredClone(t.auth_config_details),
    meta: {
      ...baseMeta(t),
      available_versions: [VERSION],
      categories: t.categories.map((c) => ({ name: c.name, slug: c.slug })),
    },
    deprecated: { toolkitId: t.slug, rawProxyInfoByAuthSchemes: [] },
  };
}

function renderToolkitListItem(t: Toolkit) {
  const schemes = t.auth_config_details.map((d) => d.mode);
  return {
    slug: t.slug,
    name: t.name,
    is_local_toolkit: false,
    type: "native",
    auth_guide_url: t.auth_guide_url,
    auth_schemes: schemes,
    composio_managed_auth_schemes: [...t.composio_managed_auth_schemes],
    no_auth: schemes.length === 0,
    meta: { ...baseMeta(t), categories: t.categories.map((c) => ({ id: c.slug, name: c.name })) },
    deprecated: { toolkitId: t.slug },
  };
}

export function toolkitRoutes(): Route[] {
  return [
    {
      method: "GET",
      template: "/toolkits",
      capability: "toolkits:read",
      handle: ({ query }) => {
        const pageRequest = parsePageRequest(query);
        const search = query.get("search")?.toLowerCase() || undefined;
        const category = query.get("category")?.toLowerCase() || undefined;
        const sortBy = enumParam(query, "sort_by", ["usage", "alphabetically"] as const) ?? "usage";
        // Every catalog toolkit is Composio's own ("native"); a project-only filter therefore lists none.
        const managedBy = enumParam(query, "managed_by", ["composio", "all", "project"] as const) ?? "all";
        const type = enumParam(query, "type", ["native", "custom", "all"] as const) ?? "all";
        const projectOnly = managedBy === "project" || type === "custom";
        const matches = (projectOnly ? [] : CATALOG)
          .filter((t) => !category || t.categories.some((c) => c.slug === category))
          .filter(
            (t) =>
              !search || t.slug.includes(search) || t.name.toLowerCase().includes(search) || t.description.toLowerCase().includes(search),
          );
        const ordered = sortBy === "alphabetically" ? [...matches].sort((a, b) => a.name.localeCompare(b.name)) : matches;
        const page = paginate(ordered, pageRequest);
        return { status: 200, body: { ...page, items: page.items.map(renderToolkitListItem) } };
      },
    },
    {
      method: "GET",
      template: "/toolkits/{slug}",
      capability: "toolkits:read",
      handle: ({ params }) => {
        // Slugs are case-insensitive (`GITHUB` is `github`); the answer carries the lower-case slug.
        const toolkit = findToolkit(params.slug!);
        if (!toolkit)
          throw new ApiError("toolkit_not_found", `Toolkit "${params.slug}" not found`, "Check the slug with GET /api/v3.1/toolkits.");
        return { status: 200, body: renderToolkit(toolkit) };
      },
    },
  ];
}
