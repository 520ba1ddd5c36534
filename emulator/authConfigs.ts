/** The auth-config endpoints: create, retrieve, list, update, enable/disable, delete. */
import { parseCreate, parseUpdate } from "./authConfigInput";
import { renderAuthConfig, renderCreated } from "./authConfigView";
import { findToolkit } from "./catalog";
import { ApiError, badRequest } from "./errors";
import { isAuthConfigId, newAuthConfigId, newRevokeJobId, newUuid } from "./ids";
import { paginate, parsePageRequest } from "./pagination";
import { booleanParam, slugListParam } from "./queryParams";
import type { Route } from "./router";
import type { EmulatorSettings } from "./settings";
import { PROJECT_USER, type AuthConfigStore } from "./store";
import type { AuthConfigStatus, StoredAuthConfig } from "./types";

const STATUSES: readonly AuthConfigStatus[] = ["ENABLED", "DISABLED"];

/** A malformed id is a 400 before anything is looked up (published OpenAPI spec). */
function checkId(id: string): void {
  if (!isAuthConfigId(id)) {
    throw new ApiError("invalid_auth_config_id", "Invalid auth config ID format", 'Auth config ids look like "ac_1234abcd".');
  }
}

/** A live config; malformed ids are a 400, unknown and deleted ones a 404. */
export function loadAuthConfig(store: AuthConfigStore, id: string): StoredAuthConfig {
  checkId(id);
  const config = store.get(id);
  if (!config) {
    throw new ApiError("auth_config_not_found", `Auth config "${id}" not found`, "Check the id with GET /api/v3.1/auth_configs.");
  }
  return config;
}

export function authConfigRoutes(store: AuthConfigStore, settings: EmulatorSettings): Route[] {
  const load = (id: string): StoredAuthConfig => loadAuthConfig(store, id);

  /** Every write moves last_updated_at to a strictly later instant (store.stamp). */
  const save = (config: StoredAuthConfig): void => store.put({ ...config, last_updated_at: store.stamp() });

  return [
    {
      method: "POST",
      template: "/auth_configs",
      readsBody: true,
      capability: "auth_configs:write",
      handle: ({ body, apiBase }) => {
        const input = parseCreate(body, { apiBase });
        const at = store.stamp();
        let id = newAuthConfigId();
        while (store.getStored(id)) id = newAuthConfigId();
        const { toolkit, ...fields } = input;
        const config: StoredAuthConfig = {
          ...fields,
          id,
          uuid: newUuid(),
          seq: store.takeSeq(),
          toolkit_slug: toolkit.slug,
          status: "ENABLED",
          created_by: PROJECT_USER,
          created_at: at,
          last_updated_at: at,
        };
        store.put(config);
        return { status: 201, body: renderCreated(config) };
      },
    },
    {
      method: "GET",
      template: "/auth_configs",
      capability: "auth_configs:read",
      handle: ({ query }) => {
        const pageRequest = parsePageRequest(query);
        const toolkits = slugListParam(query, "toolkit_slug");
        const managed = booleanParam(query, "is_composio_managed");
        // Assumption: disabled configs are hidden unless show_disabled=true (the flag's name implies it).
        const showDisabled = booleanParam(query, "show_disabled") ?? false;
        const search = query.get("search")?.toLowerCase() || undefined;
        const matches = store
          .all()
          .filter((c) => !toolkits || toolkits.includes(c.toolkit_slug))
          .filter((c) => managed === undefined || c.is_composio_managed === managed)
          .filter((c) => showDisabled || c.status === "ENABLED")
          .filter((c) => !search || c.name.toLowerCase().includes(search) || c.id.toLowerCase().includes(search))
          .sort((a, b) => b.seq - a.seq); // newest first; seq breaks created_at ties
        const page = paginate(matches, pageRequest);
        return {
          status: 200,
          body: { ...page, items: page.items.map((c) => renderAuthConfig(c, settings.maskFormat, store.connectionCount(c.id))) },
        };
      },
    },
    {
      method: "GET",
      template: "/auth_configs/{id}",
      capability: "auth_configs:read",
      handle: ({ params }) => ({
        status: 200,
        body: renderAuthConfig(load(params.id!), settings.maskFormat, store.connectionCount(params.id!)),
      }),
    },
    {
      method: "PATCH",
      template: "/auth_configs/{id}",
      readsBody: true,
      capability: "auth_configs:write",
      handle: ({ params, body }) => {
        const config = load(params.id!);
        const changes = parseUpdate(body, config, findToolkit(config.toolkit_slug));
        save({ ...config, ...changes });
        // The published spec answers `{}`: read the config back for its new state.
        return { status: 200, body: {} };
      },
    },
    {
      method: "PATCH",
      template: "/auth_configs/{id}/{status}",
      capability: "auth_configs:write",
      handle: ({ params }) => {
        checkId(params.id!);
        const status = params.status as AuthConfigStatus;
        if (!STATUSES.includes(status)) {
          throw badRequest("Invalid value for status: expected ENABLED or DISABLED", "Use PATCH /auth_configs/{id}/ENABLED or /DISABLED.");
        }
        save({ ...load(params.id!), status });
        return { status: 200, body: {} };
      },
    },
    {
      method: "DELETE",
      template: "/auth_configs/{id}",
      capability: "auth_configs:write",
      handle: ({ params, query }) => {
        const revoke = booleanParam(query, "revoke_on_delete") ?? false;
        load(params.id!);
        // Soft delete: the config stays stored (control API) but every API read treats it as gone; its
        // connected accounts go with it (README, Assumptions).
        store.softDelete(params.id!, store.stamp());
        return { status: 200, body: revoke ? { revoke_job_id: newRevokeJobId() } : {} };
      },
    },
  ];
}
